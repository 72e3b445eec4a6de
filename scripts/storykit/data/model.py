"""The shape of a story's data: sources, facts, units, dated series, glossary terms, fact-checks
and changes.

Each data file is validated on its own (so a mistake is reported with its file and line);
`story.py` then checks the files against each other (units, references, languages). Texts a
reader sees may be written once, in the story's first language, or as a mapping with one entry
per language (`label: {en: ..., zh-Hans: ...}`); the same models generate the JSON Schema that
authors' editors check the files against (`schema.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Optional, get_args

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, GetCoreSchemaHandler, GetJsonSchemaHandler,
                      StringConstraints, WithJsonSchema, field_validator, model_validator)
from pydantic_core import core_schema

from ..core.errors import quoted
from .units import QUALIFIERS, parse_date

ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
TAG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
Identifier = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control_characters(text: str) -> str:
    if CONTROL.search(text):
        raise ValueError("expected plain text, found a control character")
    return text


def _one_text(value: Any, max_length: int) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {quoted(value)}")
    value = value.strip()
    if not value:
        raise ValueError("expected some text, got an empty string")
    if len(value) > max_length:
        raise ValueError(f"expected at most {max_length} characters, got {len(value)}")
    return _no_control_characters(value)


@dataclass(frozen=True)
class Text:
    """A plain text of at most `max_length` characters, not empty, without control characters:
    `Annotated[str, Text(40)]`."""

    max_length: int

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            _no_control_characters, core_schema.str_schema(strip_whitespace=True, min_length=1,
                                                           max_length=self.max_length))


@dataclass(frozen=True)
class LocalText:
    """A text readers see, of at most `max_length` characters: one text (in the story's first language), or a
    mapping of language tags to texts; `texts.py` checks it exists in each of the story's languages.
    `Annotated[Any, LocalText(200)]`."""

    max_length: int

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, core_schema.any_schema())

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> Any:
        one = {"type": "string", "minLength": 1, "maxLength": self.max_length}
        return {"anyOf": [one, {"type": "object", "propertyNames": {"pattern": TAG_PATTERN},
                                "additionalProperties": one, "minProperties": 1}]}

    def check(self, value: Any) -> Any:
        if isinstance(value, dict):
            if not value:
                raise ValueError("expected a text, or a text for each language, got an empty mapping")
            for tag, text in value.items():
                if not isinstance(tag, str) or not re.match(TAG_PATTERN, tag):
                    raise ValueError(f"expected language tags (en, zh-Hans) as keys, got {quoted(tag)}")
                value[tag] = _one_text(text, self.max_length)
            return dict(value)
        return _one_text(value, self.max_length)


def _https_url(value: Any) -> Any:
    from urllib.parse import urlsplit

    if not isinstance(value, str):
        raise ValueError(f"expected an https:// address, got {quoted(value)}")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname \
            or any(ch.isspace() for ch in value) or '"' in value or "<" in value:
        raise ValueError(f"expected a well-formed https:// address, got {quoted(value)}")
    return value


Date = Annotated[dt.date, BeforeValidator(parse_date)]
HttpsUrl = Annotated[str, BeforeValidator(_https_url), WithJsonSchema({"type": "string", "pattern": "^https://"})]
LanguageTag = Annotated[str, StringConstraints(pattern=TAG_PATTERN)]


class Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Entry):
    """A published source: the work the story explains, or one that checks it."""

    id: Identifier
    outlet: Annotated[Any, LocalText(100)]
    title: Annotated[Any, LocalText(300)]
    url: Optional[HttpsUrl] = None
    published: Optional[Date] = None
    published_approx: bool = False
    language: LanguageTag = "en"
    role: Literal["subject", "reference", "compilation", "dataset"] = "reference"
    note: Optional[Annotated[Any, LocalText(1000)]] = None


Kind = Literal["reported", "derived", "inferred", "estimate"]
Confidence = Literal["confirmed", "likely", "disputed"]
KINDS: tuple[str, ...] = get_args(Kind)  # each enumeration once: other modules take these
CONFIDENCES: tuple[str, ...] = get_args(Confidence)


class Fact(Entry):
    """One figure, date or claim, with where it comes from."""

    id: Identifier
    label: Annotated[Any, LocalText(200)]
    unit: Identifier  # a built-in unit, or one of the story's `units:`
    value: Any = Field(default=None, json_schema_extra={
        "description": "A number, a date (YYYY-MM-DD), a month (YYYY-MM) or a text, as the unit says"})
    qualifier: Optional[str] = None
    as_of: Optional[Date] = None
    kind: Kind
    confidence: Optional[Confidence] = None
    source: Optional[Identifier] = None
    also: list[Identifier] = Field(default_factory=list, max_length=10)
    quote: Optional[Annotated[str, Text(600)]] = None
    quote_type: Literal["verbatim", "summary"] = "verbatim"
    quote_lang: LanguageTag = "en"
    gloss: Optional[Annotated[Any, LocalText(600)]] = None
    formula: Optional[Annotated[str, Text(300)]] = None
    decimals: Optional[Annotated[int, Field(ge=0, le=6)]] = None
    scale: Optional[Literal["billion", "million", "thousand", "one"]] = None
    related: list[Identifier] = Field(default_factory=list, max_length=20)
    note: Optional[Annotated[Any, LocalText(1000)]] = None

    @field_validator("qualifier")
    @classmethod
    def _known_qualifier(cls, qualifier: Optional[str]) -> Optional[str]:
        if qualifier is not None and qualifier not in QUALIFIERS:
            raise ValueError(f"expected one of {', '.join(QUALIFIERS)}, got {quoted(qualifier)}")
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
        if self.confidence == "likely" and self.kind == "reported":
            raise FieldProblem("kind", "a LIKELY fact must be shown as an estimate: "
                                       "use kind estimate, inferred or derived")
        if self.confidence == "disputed" and not self.related:
            raise FieldProblem("related", "a disputed fact must name the facts it conflicts with")
        return self


class UnitDefinition(Entry):
    """A unit of the story's own: a currency, with how each language writes an amount of it."""

    id: Identifier
    kind: Literal["money"]
    describe: Annotated[str, Text(200)]  # what an author must write, for error messages: "an amount in euros (at least 0)"
    minimum: Optional[float] = 0
    decimals: Optional[Annotated[int, Field(ge=0, le=6)]] = None  # shown on every amount (2 for cents)
    written: dict[LanguageTag, Annotated[str, Text(40)]] = Field(min_length=1)  # language -> "€{number}"

    @field_validator("written")
    @classmethod
    def _has_the_number(cls, written: dict[str, str]) -> dict[str, str]:
        for tag, form in written.items():
            if form.count("{number}") != 1 or form.replace("{number}", "").count("{") \
                    or form.replace("{number}", "").count("}"):
                raise ValueError(f"expected a form with {{number}} once and no other braces, got {quoted(form)} "
                                 f"for {tag}")
        return written


class Series(Entry):
    """A dated series of values (daily closing prices, say), read from a CSV file beside the data.

    The CSV holds a `date` column (YYYY-MM-DD, in order, no day twice: a row for each day the series has,
    such as a stock's trading days) and the column named here.
    `reported` lists facts that report a value of the series on one of its days: where a fact and
    the series disagree, the site shows the fact and says that the series differs.
    """

    id: Identifier
    label: Annotated[Any, LocalText(200)]
    name: Annotated[Any, LocalText(100)]  # short, for legends and table headings
    unit: Identifier
    file: Annotated[str, Text(200)]  # relative to the data folder
    column: Annotated[str, Text(40)] = "value"
    decimals: Optional[Annotated[int, Field(ge=0, le=6)]] = None
    confidence: Confidence
    source: Identifier
    quote: Annotated[str, Text(600)]  # the words of the source's documentation that describe the column used
    quote_type: Literal["verbatim", "summary"] = "summary"
    quote_lang: LanguageTag = "en"
    gloss: Optional[Annotated[Any, LocalText(600)]] = None
    reported: list[Identifier] = Field(default_factory=list, max_length=100)
    note: Optional[Annotated[Any, LocalText(1000)]] = None

    @field_validator("file")
    @classmethod
    def _inside_data_folder(cls, file: str) -> str:
        parts = file.replace("\\", "/").split("/")
        if file.startswith("/") or ".." in parts or not file.endswith(".csv"):
            raise ValueError(f"expected the path of a .csv file inside the data folder, got {quoted(file)}")
        return file


class Term(Entry):
    """A glossary term, explained wherever it appears on a page (`term` and `aliases` as written there).

    `languages` names the editions whose readers need it (all of them if it is empty): a name every
    reader of one language knows (their daily apps, their ministries) is left out of that edition's
    glossary and pages, and needs no text in its language. `sort_as` gives a term's place in a
    language whose script does not give it (pinyin for Chinese); elsewhere the term sorts as written.
    """

    term: Annotated[Any, LocalText(60)]
    definition: Annotated[Any, LocalText(400)]
    aliases: list[Annotated[Any, LocalText(60)]] = Field(default_factory=list, max_length=10)
    source: Optional[Identifier] = None
    languages: list[LanguageTag] = Field(default_factory=list, max_length=20)
    sort_as: dict[LanguageTag, Annotated[str, Text(60)]] = Field(default_factory=dict)

    def in_language(self, tag: str) -> bool:
        return not self.languages or tag in self.languages


Verdict = Literal["accurate", "imprecise", "misattributed", "overstated", "wrong", "disputed",
                  "missing_context", "outdated", "unsupported"]


class Check(Entry):
    """A claim of the subject source set against what other sources say."""

    id: Identifier
    title: Annotated[Any, LocalText(150)]
    verdict: Verdict
    reason: Annotated[Any, LocalText(160)]  # the verdict's reason, one line under it; may name facts
    claims: list[Identifier] = Field(min_length=1, max_length=10)
    # Facts whose own words the check sets in full beside the claim's (two wordings compared, say).
    quotes: list[Identifier] = Field(default_factory=list, max_length=5)
    evidence: list[Identifier] = Field(min_length=1, max_length=20)  # every fact it rests on, folded away
    finding: Annotated[Any, LocalText(1000)]  # the evidence in one short paragraph; names facts


ChangeKind = Literal["correction", "update", "addition"]
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
VERDICTS: tuple[str, ...] = get_args(Verdict)


class Change(Entry):
    """A change to the published site: a correction, an update or an addition, and the facts it touched."""

    id: Identifier
    date: Date
    kind: ChangeKind
    summary: Annotated[Any, LocalText(200)]  # one line, the feed entry's title; plain text
    details: Annotated[Any, LocalText(2000)]  # what changed and why; may name facts with markers
    facts: list[Identifier] = Field(default_factory=list, max_length=50)


class DataFile(Entry):
    """One YAML file in the data folder; any of these sections may appear."""

    title: Optional[Annotated[Any, LocalText(100)]] = None
    sources: list[Source] = Field(default_factory=list)
    units: list[UnitDefinition] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    series: list[Series] = Field(default_factory=list)
    terms: list[Term] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)


SECTION_MODELS: dict[str, type[BaseModel]] = {"sources": Source, "units": UnitDefinition, "facts": Fact,
                                              "series": Series, "terms": Term, "checks": Check, "changes": Change}


class FieldProblem(ValueError):
    """Raised by a whole-record check to point at one field of the record."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
