"""Every daily series in one table: what it holds, its days, its label and source, and how it compares
with the values the news reported."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...writing import formats
from ...core import paths
from ...core.catalogue import upper_first
from ...core.markers import Marker
from ...data.series import StorySeries
from .common import Context
from .common import data_table


def render(context: Context, marker: Marker) -> str:
    lang = context.build.language
    heads = [lang.say(f"series_table.head.{name}") for name in ("series", "days", "basis", "checks")]
    rows = [_row(context, item) for item in context.build.story.series.values()]
    return str(data_table(context, context.build.templates.render("blocks/series_table.html", heads=heads,
                                                                  rows=rows)))


def _row(context: Context, item: StorySeries) -> dict[str, Any]:
    lang, story, prose = context.build.language, context.build.story, context.writer
    record = item.series
    source = story.sources[record.source]
    markup = context.markup
    # A summary is the words of the data's documentation, not its publisher's.
    quoted = Markup(markup.quoted(record.quote_lang, record.quote, record.quote_type == "summary"))
    if lang.has(record.gloss):  # in the order the language's words give, as in the facts table
        quoted = lang.html("facts.glossed", quote=quoted, gloss=Markup(markup.span(
            "sk-gloss", lang.say("facts.gloss", gloss=lang.local(record.gloss)))))
    quote = lang.html("series_table.column", quote=quoted)
    span = lang.say("series_table.span", first=formats.date(item.days[0], formats.PLAIN, lang),
                    last=formats.date(item.days[-1], formats.PLAIN, lang))
    notes = [Markup(markup.link("#" + paths.source_anchor(source.id), prose.outlet(source))), quote]
    for difference in item.differences:
        fact = story.fact(difference.fact_id)
        notes.append(lang.html(
            "series_table.differs", day=formats.date(difference.day, formats.PLAIN, lang),
            reported=Markup(markup.link("#" + paths.fact_anchor(fact.id), prose.value(fact))),
            outlets=lang.join([prose.outlet(s) for s in story.sources_of(fact.id)]),
            in_series=prose.series_value(item, difference.in_series)))
    if record.reported and not item.differences:
        notes.append(lang.html("series_table.matches", days=lang.join([
            formats.date(story.fact(f).day, formats.DisplayOptions(short=True), lang) for f in record.reported])))
    if record.note:
        notes.append(Markup(markup.span("sk-note", lang.local(record.note))))
    return {
        "anchor": paths.series_anchor(record.id), "id": record.id, "label": item.label(lang),
        "count": lang.say("series_table.days", count=len(item.days)), "span": span,
        "basis": lang.say("series_table.basis", basis=upper_first(lang.say(f"basis.confidences.{item.confidence}")))
        if item.confidence else lang.say("series_table.basis", basis=""),
        "badge": prose.badge_html(item.confidence), "notes": notes,
        "csv": context.build.shared_link(paths.series_csv(record.id), context.page.url),
        "csv_link": lang.say("series_table.csv_link")}
