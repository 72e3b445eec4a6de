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
    sources = [{"anchor": paths.source_anchor(source.id), "text": _text(context, source),
                "note": context.build.language.local(source.note) if source.note else ""}
               for source in context.build.story.sources.values()]
    return str(context.build.templates.render("blocks/sources.html", sources=sources))


def _text(context: Context, source: Source) -> Markup:
    """Who published the source, what it is, when, and in what language (where it is not the page's)."""
    lang, prose = context.build.language, context.writer
    outlet = Markup(context.markup.link(source.url, prose.outlet(source), rel="noreferrer nofollow")) \
        if source.url else escape(prose.outlet(source))
    parts = [outlet, escape(lang.local(source.title))]
    if source.published:
        day = formats.date(source.published, formats.PLAIN, lang)
        parts.append(escape(lang.say("sources.about_date", date=day) if source.published_approx else day))
    if base_language(source.language) != base_language(lang.tag):
        parts.append(Markup(context.markup.span("sk-lang", lang.say("sources.in_language",
                                                                    language=lang.language_name(source.language)))))
    return Markup(lang.say("sources.separator")).join(parts)
