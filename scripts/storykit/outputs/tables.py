"""The dataset's tables: every fact, source and change as CSV, each daily series and each chart's data,
and every record as JSON."""

from __future__ import annotations

import json
from typing import Any

from ..core import paths
from ..charts.build import BuiltChart, Plotted
from ..charts.words import ChartWords
from ..site.dataset import CHANGE_COLUMNS, CHART_COLUMNS, FACT_TABLE_COLUMNS, SOURCE_COLUMNS, Column, Resource, series_columns, write_csv
from ..site.record import Build
from ..data.story import StoryFact
from .download import Download

SHARED = True  # one dataset for every edition: written by the first, linked from the others


def files(build: Build) -> dict[str, bytes]:
    found = {paths.DATA + resource.path: resource.content for resource in resources(build)}
    found[paths.FACTS_JSON] = facts_json(build).encode()
    return found


def downloads(build: Build) -> list[Download]:
    lang = build.language
    offered = [Download(paths.FACTS_CSV, "file", lang.say("downloads.facts_csv")),
               Download(paths.FACTS_JSON, "file", lang.say("downloads.facts_json")),
               Download(paths.SOURCES_CSV, "file", lang.say("downloads.sources_csv")),
               Download(paths.CHANGES_CSV, "file", lang.say("downloads.changes_csv"))]
    offered += [Download(paths.series_csv(item.id), "series", item.label(lang)) for item in build.story.series.values()]
    offered += [Download(paths.chart_csv(chart.id), "chart", ChartWords(chart, build.writer).plain("title"))
                for chart in build.charts.values()]
    return offered


def resources(build: Build) -> list[Resource]:
    """Every CSV of the dataset, its path inside data/, and its columns described."""
    lang, story = build.language, build.story

    def described(columns: list[Column], **values: Any) -> list[dict[str, Any]]:
        return [column.schema(lang, **values) for column in columns]

    units = lang.join(list(story.units), "or")
    found = [
        Resource("facts", _inside(paths.FACTS_CSV), lang.say("dataset.titles.facts"),
                 described(FACT_TABLE_COLUMNS, units=units), "fact_id", facts_csv(build).encode()),
        Resource("sources", _inside(paths.SOURCES_CSV), lang.say("dataset.titles.sources"),
                 described(SOURCE_COLUMNS), "source_id", sources_csv(build).encode()),
        Resource("changes", _inside(paths.CHANGES_CSV), lang.say("dataset.titles.changes"),
                 described(CHANGE_COLUMNS), "change_id", changes_csv(build).encode()),
    ]
    for item in story.series.values():
        found.append(Resource(
            f"series-{item.id}".replace("_", "-"), _inside(paths.series_csv(item.id)), item.label(lang),
            described(series_columns(item.series.column), label=item.label(lang), unit=item.unit.describe),
            "date", series_csv(build, item.id).encode()))
    for chart in build.charts.values():
        title = ChartWords(chart, build.writer).plain("title")
        found.append(Resource(f"chart-{chart.id}", _inside(paths.chart_csv(chart.id)),
                              lang.say("dataset.titles.chart", title=title), described(CHART_COLUMNS, units=units),
                              None, chart_csv(build, chart).encode()))
    return found


def _inside(path: str) -> str:
    return path.removeprefix(paths.DATA)


# The tables


def fact_row(build: Build, fact: StoryFact) -> list[Any]:
    """A fact as the FACT_COLUMNS describe it."""
    lang = build.language
    sources = build.story.sources_of(fact.id)
    return [fact.id, fact.label(lang), fact.raw(lang), fact.qualifier or "", fact.fact.unit, build.writer.value(fact),
            fact.fact.as_of.isoformat() if fact.fact.as_of else "", fact.fact.kind, fact.confidence or "",
            lang.join([lang.local(source.outlet) for source in sources], "semicolon"),
            " ".join(source.url for source in sources if source.url)]


def facts_csv(build: Build) -> str:
    story, lang = build.story, build.language
    return write_csv(FACT_TABLE_COLUMNS, (
        fact_row(build, fact) + [fact.fact.formula or "", fact.fact.quote or "",
                                 lang.local(fact.fact.gloss) if lang.has(fact.fact.gloss) else "",
                                 "; ".join(change.id for change in story.corrections_of(fact.id))]
        for fact in story.facts.values()))


def sources_csv(build: Build) -> str:
    lang = build.language
    return write_csv(SOURCE_COLUMNS, ([s.id, lang.local(s.outlet), lang.local(s.title), s.url or "",
                                       s.published.isoformat() if s.published else "", s.published_approx,
                                       s.language, s.role] for s in build.story.sources.values()))


def series_csv(build: Build, series_id: str) -> str:
    """A series as the site read it: a row for each day it has, the value as its source wrote it."""
    item = build.story.series[series_id]
    source = build.story.sources[item.series.source]
    return write_csv(series_columns(item.series.column), (
        [day.isoformat(), value, item.series.unit, item.id, build.language.local(source.outlet), source.url or ""]
        for day, value in zip(item.days, item.values)))


def changes_csv(build: Build) -> str:
    """The record of changes, each change's details with its markers written out."""
    lang, writer = build.language, build.writer
    return write_csv(CHANGE_COLUMNS, (
        [change.id, change.date.isoformat(), change.kind, lang.local(change.summary),
         writer.plain(change.details, build.where_in_data("changes", change.id, "details")), "; ".join(change.facts)]
        for change in build.story.changes))


def chart_csv(build: Build, chart: BuiltChart) -> str:
    """What the chart plots, a row per fact or day of a series, with the value it is drawn at."""
    def row(item: Plotted) -> list[Any]:
        base = _point_row(build, item) if item.source is not None or item.fact is None else fact_row(build, item.fact)
        return [item.series, *base, "" if item.drawn is None else item.drawn]
    return write_csv(CHART_COLUMNS, (row(item) for item in chart.plotted))


def _point_row(build: Build, item: Plotted) -> list[Any]:
    """One day of a series as a row of the chart's CSV (the columns of a fact's row)."""
    assert item.source is not None and item.day is not None
    lang = build.language
    source = build.story.sources[item.source.series.source]
    value = item.source.value_on(item.day)
    return [item.id, build.writer.point_label(item.source, item.day), value, "", item.source.series.unit,
            build.writer.series_value(item.source, value), item.day.isoformat(), "series", item.source.confidence or "",
            lang.local(source.outlet), source.url or ""]


def facts_json(build: Build) -> str:
    story, lang = build.story, build.language
    facts = []
    for fact in story.facts.values():
        record = fact.fact.model_dump(mode="json", exclude_none=True)
        record["value"] = fact.raw(lang) if not isinstance(fact.value, dict) else fact.value
        record["shown_as"] = build.writer.value(fact)
        if fact.qualifier:
            record["qualifier"] = fact.qualifier
        if fact.confidence:
            record["confidence"] = fact.confidence
        if fact.inputs:
            record["inputs"] = fact.inputs
        corrections = [change.id for change in story.corrections_of(fact.id)]
        if corrections:
            record["corrections"] = corrections
        record["group"] = lang.local(fact.group)
        facts.append(record)
    sources = [source.model_dump(mode="json", exclude_none=True) for source in story.sources.values()]
    series = []
    for item in story.series.values():
        record = item.series.model_dump(mode="json", exclude_none=True)
        record["confidence"] = item.confidence
        record["differences"] = [{"date": d.day.isoformat(), "fact": d.fact_id, "reported": d.reported,
                                  "in_series": d.in_series} for d in item.differences]
        record["values"] = [[day.isoformat(), value] for day, value in zip(item.days, item.values)]
        series.append(record)
    changes = [change.model_dump(mode="json") for change in story.changes]
    return json.dumps({"sources": sources, "facts": facts, "series": series, "changes": changes},
                      ensure_ascii=False, indent=1) + "\n"
