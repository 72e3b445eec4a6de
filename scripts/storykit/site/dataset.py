"""The data as a dataset to reuse and cite: CSV files, their Frictionless Data Package and one zip.

Each CSV's columns are defined once, here, with a type and (in the language's catalogue, under
`dataset.<table>.<column>`) a sentence saying what the column holds: the same definition writes
the CSV's header and describes it in `datapackage.json` (a Frictionless Data Package with a Table
Schema per file), so the two cannot drift apart.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..core.catalogue import Language
from ..data.model import CHANGE_KINDS, CONFIDENCES, KINDS

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MISSING = [""]  # an empty cell means "not given" in every file


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, number, integer, boolean, date
    table: str  # where its description is in the catalogue: dataset.<table>.<key, or name>
    enum: tuple[str, ...] = ()
    key: str = ""

    def schema(self, lang: Language, **values: Any) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "type": self.type,
                     "description": lang.say(f"dataset.{self.table}.{self.key or self.name}", **values)}
        if self.type == "date":
            described["format"] = "%Y-%m-%d"
        if self.enum:
            described["constraints"] = {"enum": list(self.enum)}
        return described


FACT_COLUMNS = [
    Column("fact_id", "string", "facts"), Column("label", "string", "facts"), Column("value", "string", "facts"),
    Column("qualifier", "string", "facts"), Column("unit", "string", "facts"), Column("shown_as", "string", "facts"),
    Column("as_of", "date", "facts"), Column("kind", "string", "facts", KINDS),
    Column("confidence", "string", "facts", CONFIDENCES), Column("sources", "string", "facts"),
    Column("source_urls", "string", "facts"),
]
FACT_TABLE_COLUMNS = FACT_COLUMNS + [Column(name, "string", "facts")
                                     for name in ("formula", "quote", "gloss", "corrections")]
CHART_COLUMNS = [Column("series", "string", "chart")] + [
    Column("kind", "string", "chart", KINDS + ("series",)) if column.name == "kind" else column
    for column in FACT_COLUMNS] + [Column("drawn_at", "number", "chart")]
SOURCE_COLUMNS = [
    Column("source_id", "string", "sources"), Column("outlet", "string", "sources"),
    Column("title", "string", "sources"), Column("url", "string", "sources"), Column("published", "date", "sources"),
    Column("published_approx", "boolean", "sources"), Column("language", "string", "sources"),
    Column("role", "string", "sources", ("subject", "reference", "compilation", "dataset")),
]
CHANGE_COLUMNS = [
    Column("change_id", "string", "changes"), Column("date", "date", "changes"),
    Column("kind", "string", "changes", CHANGE_KINDS), Column("summary", "string", "changes"),
    Column("details", "string", "changes"), Column("facts", "string", "changes"),
]


def series_columns(value_column: str) -> list[Column]:
    return [Column("date", "date", "series"), Column(value_column, "number", "series", key="value"),
            Column("unit", "string", "series"), Column("series_id", "string", "series"),
            Column("source", "string", "series"), Column("source_url", "string", "series")]


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


# The package


@dataclass
class Resource:
    """One CSV of the dataset: its path inside the data folder, and its columns described."""

    name: str
    path: str
    title: str
    fields: list[dict[str, Any]]  # each column's Table Schema
    primary_key: str | None = None
    content: bytes = field(default=b"", repr=False)

    def describe(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": self.fields, "missingValues": MISSING}
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
    licences: list[dict[str, str]]  # name (SPDX id), title and path (address) of each
    homepage: str
    authors: list[str]
    sources: list[dict[str, str]]  # title and path of each


def data_package(about: About, resources: list[Resource]) -> str:
    package = {
        "profile": "tabular-data-package",
        "name": about.name,
        "title": about.title,
        "description": about.description,
        "version": about.version,
        "created": f"{about.created.isoformat()}T00:00:00Z",
        "homepage": about.homepage,
        "licenses": about.licences,
        "contributors": [{"title": author, "role": "author"} for author in about.authors],
        "sources": about.sources,
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
