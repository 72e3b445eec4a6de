"""The shape of a story's data: sources, facts, dated series, glossary terms, fact-checks and changes.

Each data file is validated on its own (so a mistake is reported with its file and line);
`story.py` then checks the files against each other.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Optional

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      field_validator, model_validator)

from .errors import shown
from .units import QUALIFIERS, UNITS, check_value, parse_date

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


def _no_control_characters(text: str) -> str:
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        raise ValueError("expected plain text, found a control character")
    return text


def _text(max_length: int) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length),
                     AfterValidator(_no_control_characters)]


def _https_url(value: Any) -> Any:
    from urllib.parse import urlsplit

    if not isinstance(value, str):
        raise ValueError(f"expected an https:// address, got {shown(value)}")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname \
            or any(ch.isspace() for ch in value) or '"' in value or "<" in value:
        raise ValueError(f"expected a well-formed https:// address, got {shown(value)}")
    return value


Date = Annotated[dt.date, BeforeValidator(parse_date)]
HttpsUrl = Annotated[str, BeforeValidator(_https_url)]
LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Record):
    """A published source: the article the story explains, or one that checks it."""

    id: Identifier
    outlet: _text(100)
    title: _text(300)
    url: Optional[HttpsUrl] = None
    published: Optional[Date] = None
    published_approx: bool = False
    language: LanguageTag = "en"
    role: Literal["subject", "reference", "compilation", "dataset"] = "reference"
    note: Optional[_text(1000)] = None


Kind = Literal["reported", "derived", "inferred", "estimate"]
Confidence = Literal["confirmed", "likely", "disputed"]


class Fact(Record):
    """One figure, date or claim, with where it comes from."""

    id: Identifier
    label: _text(200)
    unit: str
    value: Any = None
    qualifier: Optional[str] = None
    as_of: Optional[Date] = None
    kind: Kind
    confidence: Optional[Confidence] = None
    source: Optional[Identifier] = None
    also: list[Identifier] = Field(default_factory=list, max_length=10)
    quote: Optional[_text(600)] = None
    quote_type: Literal["verbatim", "summary"] = "verbatim"
    quote_lang: LanguageTag = "en"
    gloss: Optional[_text(600)] = None
    formula: Optional[_text(300)] = None
    decimals: Optional[Annotated[int, Field(ge=0, le=6)]] = None
    scale: Optional[Literal["billion", "million", "thousand", "one"]] = None
    related: list[Identifier] = Field(default_factory=list, max_length=20)
    note: Optional[_text(1000)] = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, unit: str) -> str:
        if unit not in UNITS:
            raise ValueError(f"expected one of {', '.join(UNITS)}, got {shown(unit)}")
        return unit

    @field_validator("value")
    @classmethod
    def _value_fits_unit(cls, value: Any, info: Any) -> Any:
        unit = info.data.get("unit")
        if value is None or unit is None:
            return value
        value = check_value(UNITS[unit], value.strip() if isinstance(value, str) else value)
        if isinstance(value, str):
            value = _no_control_characters(value)
            if len(value) > 300:
                raise ValueError(f"expected at most 300 characters, got {len(value)}")
        return value

    @field_validator("qualifier")
    @classmethod
    def _known_qualifier(cls, qualifier: Optional[str]) -> Optional[str]:
        if qualifier is not None and qualifier not in QUALIFIERS:
            raise ValueError(f"expected one of {', '.join(QUALIFIERS)}, got {shown(qualifier)}")
        return qualifier

    @model_validator(mode="after")
    def _complete(self) -> "Fact":
        derived = self.kind == "derived"
        if derived and self.formula is None:
            raise FieldProblem("formula", "a derived fact needs a formula over other facts")
        if not derived and self.formula is not None:
            raise FieldProblem("kind", "a fact with a formula must have kind: derived")
        if derived and self.value is not None:
            raise FieldProblem("value", "a derived fact's value is computed from its formula; remove value")
        if not derived:
            for name in ("value", "source", "quote"):
                if getattr(self, name) is None:
                    raise FieldProblem(name, f"missing required field '{name}' (required unless kind is derived)")
        if self.quote_lang != "en" and self.gloss is None:
            raise FieldProblem("gloss", "a quote not in English needs an English gloss")
        if self.confidence == "likely" and self.kind == "reported":
            raise FieldProblem("kind", "a LIKELY fact must be shown as an estimate: "
                                       "use kind estimate, inferred or derived")
        if self.confidence == "disputed" and not self.related:
            raise FieldProblem("related", "a disputed fact must name the facts it conflicts with")
        return self


class Series(Record):
    """A dated series of values (daily closing prices, say), read from a CSV file beside the data.

    The CSV holds a `date` column (YYYY-MM-DD, in order, one row a day) and the column named here.
    `reported` lists facts that report a value of the series on one of its days: where a fact and
    the series disagree, the site shows the fact and says that the series differs.
    """

    id: Identifier
    label: _text(200)
    name: _text(100)  # short, for legends and table headings
    unit: str
    file: _text(200)  # relative to the data folder
    column: _text(40) = "value"
    decimals: Optional[Annotated[int, Field(ge=0, le=6)]] = None
    confidence: Confidence
    source: Identifier
    quote: _text(600)  # the words of the source's documentation that describe the column used
    quote_type: Literal["verbatim", "summary"] = "summary"
    quote_lang: LanguageTag = "en"
    gloss: Optional[_text(600)] = None
    reported: list[Identifier] = Field(default_factory=list, max_length=100)
    note: Optional[_text(1000)] = None

    @field_validator("unit")
    @classmethod
    def _numeric_unit(cls, unit: str) -> str:
        numeric = [name for name, known in UNITS.items() if known.value_type == "number"]
        if unit not in numeric:
            raise ValueError(f"expected a numeric unit ({', '.join(numeric)}), got {shown(unit)}")
        return unit

    @field_validator("file")
    @classmethod
    def _inside_data_folder(cls, file: str) -> str:
        parts = file.replace("\\", "/").split("/")
        if file.startswith("/") or ".." in parts or not file.endswith(".csv"):
            raise ValueError(f"expected the path of a .csv file inside the data folder, got {shown(file)}")
        return file


class Term(Record):
    """A glossary term, explained wherever it appears on a page."""

    term: _text(60)
    definition: _text(400)
    aliases: list[_text(60)] = Field(default_factory=list, max_length=10)
    source: Optional[Identifier] = None


Verdict = Literal["accurate", "imprecise", "misattributed", "overstated", "wrong", "disputed",
                  "missing_context", "outdated", "unsupported"]


class Check(Record):
    """A claim of the subject source set against what other sources say."""

    id: Identifier
    title: _text(150)
    verdict: Verdict
    claims: list[Identifier] = Field(min_length=1, max_length=10)
    evidence: list[Identifier] = Field(min_length=1, max_length=20)
    finding: _text(1500)


class Change(Record):
    """A change to the published site: a correction, an update or an addition, and the facts it touched."""

    id: Identifier
    date: Date
    kind: Literal["correction", "update", "addition"]
    summary: _text(200)  # one line, the feed entry's title; plain text
    details: _text(2000)  # what changed and why; may name facts with markers
    facts: list[Identifier] = Field(default_factory=list, max_length=50)


class DataFile(Record):
    """One YAML file in the data folder; any of these sections may appear."""

    title: Optional[_text(100)] = None
    sources: list[Source] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    series: list[Series] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)


class FieldProblem(ValueError):
    """Raised by a whole-record check to point at one field of the record."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
