"""Every source, numbered: who published it, what it is, when, and in what language."""

from __future__ import annotations

from markupsafe import Markup, escape

from ...writing import formats
from ...core import paths
from ...core.markers import Marker
from ...data.model import Source
from ...data.texts import base_language
from .common import Context


def render(context: Context, marker: Marker) -> str:
    items = [_item(context, source) for source in context.build.story.sources.values()]
    return str(Markup('<ol class="sk-sources">{}</ol>').format(Markup("").join(items)))


def _item(context: Context, source: Source) -> Markup:
    lang, prose = context.build.language, context.writer
    outlet = Markup('<a href="{}" rel="noreferrer nofollow">{}</a>').format(source.url, prose.outlet(source)) \
        if source.url else escape(prose.outlet(source))
    parts = [outlet, escape(lang.local(source.title))]
    if source.published:
        day = formats.date(source.published, formats.PLAIN, lang)
        parts.append(escape(lang.say("sources.about_date", date=day) if source.published_approx else day))
    if base_language(source.language) != base_language(lang.tag):
        parts.append(Markup('<span class="sk-lang">{}</span>').format(
            lang.say("sources.in_language", language=lang.language_name(source.language))))
    item = Markup(lang.say("sources.separator")).join(parts)
    if source.note:
        item += Markup('<br><span class="sk-note">{}</span>').format(lang.local(source.note))
    return Markup('<li id="{}">{}</li>').format(paths.source_anchor(source.id), item)
