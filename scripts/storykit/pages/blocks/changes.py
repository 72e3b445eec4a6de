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
    changes = []
    for change in build.story.changes:
        facts = lang.join([Markup(context.markup.link(prose.fact_link(fact_id), build.story.fact(fact_id).label(lang)))
                           for fact_id in change.facts])
        changes.append({
            "kind": change.kind, "anchor": paths.change_anchor(change.id),
            "label": lang.say(f"changes.kinds.{change.kind}"), "iso": change.date.isoformat(),
            "day": formats.date(change.date, formats.PLAIN, lang), "summary": lang.local(change.summary),
            "details": prose.inline(change.details, build.where_in_data("changes", change.id, "details")),
            "facts": lang.html("changes.facts", facts=facts) if change.facts else ""})
    feed = Markup(context.markup.link(context.link(paths.FEED), lang.say("changes.feed_link"),
                                      type="application/atom+xml"))
    return str(build.templates.render("blocks/changes.html", changes=changes, no_changes=lang.say("changes.none"),
                                      follow=lang.html("changes.follow", feed=feed)))
