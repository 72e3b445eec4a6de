"""The record of changes, newest first: each correction, update or addition, and the facts it touched."""

from __future__ import annotations

from markupsafe import Markup

from ...writing import formats
from ...core import paths
from ...core.markers import Marker
from .common import Context


def render(context: Context, marker: Marker) -> str:
    build, prose = context.build, context.writer
    lang = build.language
    items = []
    for change in build.story.changes:
        facts = lang.join([Markup('<a href="{}">{}</a>').format(prose.fact_link(fact_id),
                                                                 build.story.fact(fact_id).label(lang))
                           for fact_id in change.facts])
        touched = Markup('<p class="sk-change__facts">{}</p>').format(lang.html("changes.facts", facts=facts)) \
            if change.facts else Markup("")
        details = prose.inline(change.details, build.where_in_data("changes", change.id, "details"))
        items.append(Markup(
            '<li class="sk-change sk-change--{kind}" id="{anchor}"><p class="sk-change__head">'
            '<span class="sk-badge sk-badge--{kind}">{label}</span> <time datetime="{iso}">{day}</time></p>'
            '<p class="sk-change__summary">{summary}</p><p>{details}</p>{touched}</li>').format(
            kind=change.kind, anchor=paths.change_anchor(change.id), label=lang.say(f"changes.kinds.{change.kind}"),
            iso=change.date.isoformat(), day=formats.date(change.date, formats.PLAIN, lang),
            summary=lang.local(change.summary), details=details, touched=touched))
    feed = Markup('<a href="{}" type="application/atom+xml">{}</a>').format(context.link(paths.FEED),
                                                                            lang.say("changes.feed_link"))
    follow = Markup("<p>{}</p>").format(lang.html("changes.follow", feed=feed))
    if not items:
        return str(follow + Markup('<p class="sk-changes sk-changes--none">{}</p>').format(lang.say("changes.none")))
    return str(follow + Markup('<ol class="sk-changes">{}</ol>').format(Markup("").join(items)))
