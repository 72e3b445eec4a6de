"""A chart's data for readers (its "Data" tab): its facts, then its daily series a column each."""

from __future__ import annotations

from markupsafe import Markup

from ...writing import formats
from ...core import paths
from ...charts.build import BuiltChart
from ...data.series import StorySeries
from .common import Context
from .common import data_table


def chart_table(context: Context, chart: BuiltChart) -> Markup:
    lang, prose, story = context.build.language, context.writer, context.build.story
    parts = []
    rows = []
    named = any(item.series for item in chart.plotted if item.fact is not None)  # else no column of series
    for item in chart.plotted:
        if item.fact is None:
            continue
        fact = item.fact
        sources = lang.join([prose.outlet(source) for source in story.sources_of(fact.id)])
        when = formats.date(fact.fact.as_of, formats.PLAIN, lang) if fact.fact.as_of else ""
        rows.append(Markup(
            '<tr>{series}<td><a href="{href}">{label}</a></td><td class="sk-value">{value}</td>'
            '<td>{when}</td><td>{sources}</td></tr>').format(
            series=Markup("<td>{}</td>").format(item.series) if named else "", href=prose.fact_link(fact.id),
            label=fact.label(lang), value=prose.value(fact), when=when, sources=sources))
    if rows:
        columns_shown = ("series", "what", "value", "date", "sources") if named else ("what", "value", "date", "sources")
        heads = Markup("").join(Markup('<th scope="col">{}</th>').format(lang.say(f"chart.table.{name}"))
                                for name in columns_shown)
        parts.append(data_table(Markup(
            '<table class="sk-chart-table"><caption>{caption}</caption>'
            '<thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table>').format(
            caption=lang.say("chart.table.caption"), heads=heads, rows=Markup("").join(rows))))
    columns: dict[str, StorySeries] = {}
    for item in chart.plotted:
        if item.source is not None:
            columns.setdefault(item.source.id, item.source)
    if columns:
        parts.append(_daily_table(context, columns))
    return Markup("").join(parts)


def _daily_table(context: Context, columns: dict[str, StorySeries]) -> Markup:
    lang, prose, story = context.build.language, context.writer, context.build.story
    facts_page = context.build.page_url("facts_page")
    days = sorted({day for item in columns.values() for day in item.days})
    head = Markup("").join(Markup('<th scope="col"><a href="{}">{}</a></th>').format(
        context.link(paths.on_page(facts_page, paths.series_anchor(item.id))), item.name(lang))
        for item in columns.values())
    body = []
    for day in days:
        cells = []
        for item in columns.values():
            difference = item.difference_on(day)
            if difference is not None:
                fact = story.fact(difference.fact_id)
                reported = Markup('<a href="{}">{}</a>').format(prose.fact_link(fact.id), prose.value(fact))
                cells.append(Markup('<td class="sk-value">{}<br><small>{}</small></td>').format(
                    lang.html("chart.table.reported", reported=reported),
                    lang.say("chart.table.in_series", value=prose.series_value(item, difference.in_series))))
            else:
                try:
                    cells.append(Markup('<td class="sk-value">{}</td>').format(prose.series_value(item, item.value_on(day))))
                except KeyError:
                    cells.append(Markup("<td></td>"))
        body.append(Markup('<tr><th scope="row">{}</th>{}</tr>').format(formats.date(day, formats.PLAIN, lang),
                                                                        Markup("").join(cells)))
    return data_table(Markup(
        '<table class="sk-chart-table sk-daily">'
        '<caption>{caption}</caption><thead><tr><th scope="col">{day}</th>{head}</tr></thead><tbody>{body}</tbody>'
        '</table>').format(caption=lang.say("chart.table.daily_caption"), day=lang.say("chart.table.day"),
                                         head=head, body=Markup("").join(body)))
