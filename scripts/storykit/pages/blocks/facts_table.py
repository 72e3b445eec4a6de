"""Every fact, a table per data file under a heading of its own: value, basis, and the quote and source
(or the formula) that carry it, with a note where a correction touched it."""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup, escape

from ...writing import formats
from ...core import paths
from ...core.markers import Marker
from ...data.story import StoryFact
from .common import Context
from .common import data_table


def slugify(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def escape_markdown(text: str) -> str:
    """Text for a Markdown heading: Markdown's syntax characters neutralised, then HTML-escaped."""
    escaped = text
    for char in "\\`*_{}[]#+!|":
        escaped = escaped.replace(char, "\\" + char)
    return html.escape(escaped, quote=False)


def basis(confidence: str | None, kind: str, context: Context) -> str:
    lang = context.build.language
    words = lang.say(f"basis.kinds.{kind}")
    return lang.say("basis.with_confidence", kind=words, confidence=lang.say(f"basis.confidences.{confidence}")) \
        if confidence else words


def corrected_note(context: Context, fact_id: str) -> Markup:
    """The note at a corrected fact: the day of each correction, linking to what it changed."""
    lang, story = context.build.language, context.build.story
    corrections = story.corrections_of(fact_id)
    if not corrections:
        return Markup("")
    changes_page = context.build.page_url("changes_page")
    markup = context.markup
    days = lang.join([Markup(markup.link(context.link(paths.on_page(changes_page, paths.change_anchor(change.id))),
                                         formats.date(change.date, formats.PLAIN, lang))) for change in corrections])
    return Markup(markup.span("sk-correction", lang.html("facts.corrected", days=days)))


def render(context: Context, marker: Marker) -> str:
    """Markdown headings (so they reach the table of contents) with one HTML table per data file."""
    lang, story = context.build.language, context.build.story
    heads = [lang.say(f"facts.head.{name}") for name in ("fact", "value", "basis", "evidence")]
    parts: list[str] = []
    for title, fact_ids in story.groups:
        title_text = lang.local(title)
        rows = [_row(context, story.fact(fact_id)) for fact_id in fact_ids]
        parts.append(f"### {escape_markdown(title_text)} {{#facts-{slugify(title_text)}}}\n")
        table = context.build.templates.render("blocks/facts_table.html", heads=heads, rows=rows)
        parts.append(data_table(context, table, rows_to_reserve=len(fact_ids)) + "\n")
    return "\n".join(parts)


def _row(context: Context, fact: StoryFact) -> dict[str, Any]:
    lang, story, prose, markup = context.build.language, context.build.story, context.writer, context.markup
    record = fact.fact
    value = escape(prose.value(fact)) + prose.badge_html(fact.confidence)
    if record.kind == "derived":
        inputs = lang.join([
            Markup(markup.link("#" + paths.series_anchor(name), story.series[name].label(lang)))
            if name in story.series else
            Markup(markup.link("#" + paths.fact_anchor(name), story.fact(name).label(lang)))
            for name in fact.inputs])
        evidence = [lang.html("facts.worked_out", formula=Markup(markup.code(prose.formula_text(fact))),
                              inputs=inputs)]
    else:
        source = story.sources[record.source or ""]
        summary = record.quote_type == "summary"
        quote = Markup(markup.quoted(record.quote_lang, record.quote, summary))
        if prose.needs_gloss(fact):  # in the order the language's words give (the translation first, or after)
            quote = lang.html("facts.glossed", quote=quote, gloss=Markup(markup.span(
                "sk-gloss", lang.say("facts.gloss", gloss=lang.local(record.gloss)))))
        if summary:
            quote = lang.html("facts.summary", summariser=prose.summariser(), quote=quote)
        cited = [Markup(markup.link("#" + paths.source_anchor(source.id), prose.outlet(source)))]
        cited += [Markup(markup.link("#" + paths.source_anchor(other), prose.outlet(story.sources[other])))
                  for other in record.also]
        evidence = [quote, lang.join(cited, "semicolon")]  # on lines of their own
    if record.note:
        evidence.append(Markup(markup.span("sk-note", lang.local(record.note))))
    return {"anchor": paths.fact_anchor(record.id), "id": record.id, "label": fact.label(lang), "value": value,
            "when": formats.date(record.as_of, formats.PLAIN, lang) if record.as_of else "",
            "basis": basis(fact.confidence, record.kind, context), "evidence": evidence,
            "corrected": corrected_note(context, record.id)}
