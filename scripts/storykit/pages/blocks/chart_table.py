"""A chart's data for readers (its "Data" tab): its facts, then its daily series a column each
(templates/storykit/blocks/chart_table.html)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...charts.build import BuiltChart
from ...core import paths
from ...data.series import StorySeries
from ...writing import formats
from .common import Context


def chart_table(context: Context, chart: BuiltChart) -> Markup:
    lang, prose, story = context.build.language, context.writer, context.build.story
    rows = []
    named = any(item.series for item in chart.plotted if item.fact is not None)  # else no column of series
    for item in chart.plotted:
        if item.fact is None:
            continue
        fact = item.fact
        rows.append({"series": item.series, "href": prose.fact_link(fact.id), "label": fact.label(lang),
                     "value": prose.value(fact), "sources": lang.join([prose.outlet(source)
                                                                        for source in story.sources_of(fact.id)]),
                     "when": formats.date(fact.fact.as_of, formats.PLAIN, lang) if fact.fact.as_of else ""})
    columns: dict[str, StorySeries] = {}
    for item in chart.plotted:
        if item.source is not None:
            columns.setdefault(item.source.id, item.source)
    heads = [lang.say(f"chart.table.{name}") for name in ("series", "what", "value", "date", "sources")[not named:]]
    return context.build.templates.render(
        "blocks/chart_table.html", rows=rows, named=named, heads=heads, caption=lang.say("chart.table.caption"),
        daily=_daily(context, columns) if columns else None)


def _daily(context: Context, columns: dict[str, StorySeries]) -> dict[str, Any]:
    """The daily series a chart draws, a column each, a row per day (a reported value where it differs)."""
    lang, prose, story = context.build.language, context.writer, context.build.story
    facts_page = context.build.page_url("facts_page")
    days = []
    for day in sorted({day for item in columns.values() for day in item.days}):
        cells: list[dict[str, Any] | None] = []
        for item in columns.values():
            difference = item.difference_on(day)
            if difference is not None:
                fact = story.fact(difference.fact_id)
                reported = Markup(context.markup.link(prose.fact_link(fact.id), prose.value(fact)))
                cells.append({"value": lang.html("chart.table.reported", reported=reported),
                              "in_series": lang.say("chart.table.in_series",
                                                    value=prose.series_value(item, difference.in_series))})
            elif day in item.days:
                cells.append({"value": prose.series_value(item, item.value_on(day)), "in_series": ""})
            else:
                cells.append(None)
        days.append({"day": formats.date(day, formats.PLAIN, lang), "cells": cells})
    return {"caption": lang.say("chart.table.daily_caption"), "day": lang.say("chart.table.day"), "days": days,
            "columns": [{"href": context.link(paths.on_page(facts_page, paths.series_anchor(item.id))),
                         "name": item.name(lang)} for item in columns.values()]}
