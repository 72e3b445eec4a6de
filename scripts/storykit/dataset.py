"""The data as a dataset to reuse and cite: CSV files, their Frictionless Data Package and one zip.

Each CSV's columns are defined once, here, with a type and a sentence saying what the column
holds: the same definition writes the CSV's header and describes it in `datapackage.json` (a
Frictionless Data Package with a Table Schema per file), so the two cannot drift apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterable

from .story import Story, StoryFact

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MISSING = [""]  # an empty cell means "not given" in every file

# Licences a story may name in its CITATION.cff (SPDX id -> title and address).
LICENCES = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International",
                     "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, number, integer, boolean, date
    description: str
    enum: tuple[str, ...] = ()
    unit: str | None = None  # a description of the unit, where one column has one

    def schema(self) -> dict[str, Any]:
        described = {"name": self.name, "type": self.type, "description": self.description}
        if self.type == "date":
            described["format"] = "%Y-%m-%d"
        if self.enum:
            described["constraints"] = {"enum": list(self.enum)}
        if self.unit:
            described["description"] += f" Unit: {self.unit}."
        return described


KINDS = ("reported", "derived", "inferred", "estimate")
CONFIDENCES = ("confirmed", "likely", "disputed")

FACT_COLUMNS = [
    Column("fact_id", "string", "The fact's id, stable across versions; pages, charts and links use it."),
    Column("label", "string", "What the fact is, in words."),
    Column("value", "string", "The value for machines: a number, a date (YYYY-MM-DD), a month (YYYY-MM) or text, "
                              "as the unit says."),
    Column("qualifier", "string", "A word that bounds or approximates the value (more than, about, up to...); "
                                  "empty when the value is exact."),
    Column("unit", "string", "The value's unit: count, percent, share, hkd, rmb, points, age, days, months, ratio, "
                             "date, month or text."),
    Column("shown_as", "string", "The value as the site writes it, with its qualifier."),
    Column("as_of", "date", "The date the fact describes, where it has one."),
    Column("kind", "string", "How the site knows it: reported by a source, derived by a formula, inferred from a "
                             "source's wording, or an estimate.", enum=KINDS),
    Column("confidence", "string", "How far the sources bear it out: confirmed, likely (secondary or worked out; "
                                   "shown as an estimate) or disputed; empty for claims of the work the site "
                                   "explains, which its fact-check weighs.", enum=CONFIDENCES),
    Column("sources", "string", "The outlets behind the fact, separated by semicolons."),
    Column("source_urls", "string", "Their addresses, where known, separated by spaces."),
]
FACT_TABLE_COLUMNS = FACT_COLUMNS + [
    Column("formula", "string", "For a derived fact, the formula that works out its value from other facts."),
    Column("quote", "string", "The words that carry the fact, in the source's language, or the site's own "
                              "summary of them."),
    Column("gloss", "string", "An English gloss of a quote in another language."),
    Column("corrections", "string", "The ids of the corrections (see changes.csv) that touched this fact."),
]
CHART_COLUMNS = [Column("series", "string", "The chart's series (its trace) that plots the row.")] + [
    Column("kind", "string", "How the site knows it (as in facts.csv), or series for one day of a daily series, "
                             "whose fact_id is written series_id@date.", enum=KINDS + ("series",))
    if column.name == "kind" else column for column in FACT_COLUMNS] + [
    Column("drawn_at", "number", "Where the chart draws the point on its value axis (a rebased index, say), for "
                                 "the first fact a point names."),
]
SOURCE_COLUMNS = [
    Column("source_id", "string", "The source's id; facts name it."),
    Column("outlet", "string", "Who published it."),
    Column("title", "string", "Its title, or a description where it has none."),
    Column("url", "string", "The address it was published at, where known."),
    Column("published", "date", "The day it was published, where known."),
    Column("published_approx", "boolean", "Whether that day is worked out rather than printed."),
    Column("language", "string", "The language it is written in (a BCP 47 tag)."),
    Column("role", "string", "subject (the work the site explains), reference, compilation (the site's own "
                             "research) or dataset (data republished as its publisher gives it).",
           enum=("subject", "reference", "compilation", "dataset")),
]
CHANGE_COLUMNS = [
    Column("change_id", "string", "The change's id; the Changes page and the feed link to it."),
    Column("date", "date", "When the change was published."),
    Column("kind", "string", "correction, update or addition.", enum=("correction", "update", "addition")),
    Column("summary", "string", "The change in one line."),
    Column("details", "string", "What changed and why, with figures as the site now shows them."),
    Column("facts", "string", "The ids of the facts it touched, separated by semicolons."),
]


def series_columns(story: Story, series_id: str) -> list[Column]:
    item = story.series[series_id]
    return [
        Column("date", "date", "A day the series has a value for."),
        Column(item.series.column, "number", f"{item.series.label}, as its source's file gives it (floating-point "
                                             "noise included).", unit=item.unit.describe),
        Column("unit", "string", "The value's unit."),
        Column("series_id", "string", "The series' id; formulas and charts name it."),
        Column("source", "string", "Who published the series."),
        Column("source_url", "string", "The file the series was copied from."),
    ]


# Writing CSV


def csv_safe(cell: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (numbers stay numbers)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def write_csv(columns: list[Column], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return buffer.getvalue()


def fact_row(story: Story, fact: StoryFact) -> list[Any]:
    """A fact as the FACT_COLUMNS describe it."""
    sources = story.sources_of(fact.id)
    return [fact.id, fact.fact.label, fact.raw, fact.qualifier or "", fact.fact.unit, fact.display(),
            fact.fact.as_of.isoformat() if fact.fact.as_of else "", fact.fact.kind, fact.confidence or "",
            "; ".join(source.outlet for source in sources), " ".join(source.url for source in sources if source.url)]


def facts_csv(story: Story) -> str:
    return write_csv(FACT_TABLE_COLUMNS, (
        fact_row(story, fact) + [fact.fact.formula or "", fact.fact.quote or "", fact.fact.gloss or "",
                                 "; ".join(change.id for change in story.corrections_of(fact.id))]
        for fact in story.facts.values()))


def sources_csv(story: Story) -> str:
    return write_csv(SOURCE_COLUMNS, ([s.id, s.outlet, s.title, s.url or "", s.published.isoformat() if s.published
                                       else "", s.published_approx, s.language, s.role]
                                      for s in story.sources.values()))


def series_csv(story: Story, series_id: str) -> str:
    """A series as the site read it: one row a day, the value as its source wrote it."""
    item = story.series[series_id]
    source = story.sources[item.series.source]
    return write_csv(series_columns(story, series_id), (
        [day.isoformat(), value, item.series.unit, item.id, source.outlet, source.url or ""]
        for day, value in zip(item.days, item.values)))


def changes_csv(story: Story, details: dict[str, str]) -> str:
    """The record of changes; `details` holds each change's details with its markers written out."""
    return write_csv(CHANGE_COLUMNS, ([change.id, change.date.isoformat(), change.kind, change.summary,
                                       details[change.id], "; ".join(change.facts)] for change in story.changes))


# The package


@dataclass
class Resource:
    """One CSV of the dataset: its path inside the data folder and its columns."""

    name: str
    path: str
    title: str
    columns: list[Column]
    primary_key: str | None = None
    content: bytes = field(default=b"", repr=False)

    def describe(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [column.schema() for column in self.columns], "missingValues": MISSING}
        if self.primary_key:
            schema["primaryKey"] = [self.primary_key]
        return {"name": self.name, "path": self.path, "title": self.title, "profile": "tabular-data-resource",
                "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


@dataclass(frozen=True)
class About:
    """What the package says of itself, from the story's CITATION.cff and its record of changes."""

    name: str
    title: str
    description: str
    version: str  # the date of the newest change (calendar versioning)
    created: dt.date
    licences: list[str]  # SPDX ids
    homepage: str
    authors: list[str]


def data_package(about: About, resources: list[Resource], story: Story) -> str:
    licences = []
    for licence in about.licences:
        title, address = LICENCES.get(licence, (licence, ""))
        licences.append({"name": licence, "title": title, **({"path": address} if address else {})})
    package = {
        "profile": "tabular-data-package",
        "name": about.name,
        "title": about.title,
        "description": about.description,
        "version": about.version,
        "created": f"{about.created.isoformat()}T00:00:00Z",
        "homepage": about.homepage,
        "licenses": licences,
        "contributors": [{"title": author, "role": "author"} for author in about.authors],
        "sources": [{"title": f"{source.outlet}: {source.title}", **({"path": source.url} if source.url else {})}
                    for source in story.sources.values()],
        "resources": [resource.describe() for resource in resources],
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def dataset_zip(files: dict[str, bytes], day: dt.date) -> bytes:
    """The files as one zip, the same bytes for the same content (sorted, dated by the content's day,
    or 1 January 1980 for an earlier one, which zip cannot record: SOURCE_DATE_EPOCH=0 is common)."""
    day = max(day, dt.date(1980, 1, 1))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            entry = zipfile.ZipInfo(path, date_time=(day.year, day.month, day.day, 0, 0, 0))
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[path])
    return buffer.getvalue()
