"""Loading a story's data folder: every file validated, then checked against the others.

The result, a `Story`, is the single source of truth for pages, charts and downloads.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from . import formulas
from .errors import StoryError, shown
from .model import Check, DataFile, Fact, FieldProblem, Source, Term
from .units import UNITS, DisplayOptions, Unit, check_value, format_value, raw_value
from .yamlfile import YamlDocument, read_yaml

SECTION_MODELS: dict[str, type[BaseModel]] = {"sources": Source, "facts": Fact, "terms": Term, "checks": Check}
CONFIDENCE_ORDER = ("disputed", "likely", "confirmed")


@dataclass(frozen=True)
class Origin:
    """Where a record was written: for error messages that point an author to the line."""

    document: YamlDocument
    loc: tuple[str | int, ...]

    @property
    def file(self) -> str:
        return self.document.path

    def line(self, field_name: str | None = None) -> int:
        return self.document.line_of(self.loc + ((field_name,) if field_name else ()))

    def error(self, field_name: str, message: str, record_id: str | None = None) -> StoryError:
        section = self.loc[0]
        label = f"{section}.{record_id}" if record_id else f"{section}[{self.loc[1]}]"
        return StoryError(message, file=self.file, line=self.line(field_name), field=f"{label}.{field_name}")


@dataclass
class StoryFact:
    """A fact with its value worked out (for derived facts) and what it was derived from."""

    fact: Fact
    origin: Origin
    group: str
    value: Any = None
    inputs: list[str] = field(default_factory=list)
    confidence: str | None = None

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def unit(self) -> Unit:
        return UNITS[self.fact.unit]

    def display(self, options: DisplayOptions = DisplayOptions()) -> str:
        return format_value(self.unit, self.value, decimals=self.fact.decimals, scale=self.fact.scale,
                            qualifier=self.fact.qualifier, options=options)

    @property
    def raw(self) -> Any:
        return raw_value(self.unit, self.value)


@dataclass
class Story:
    sources: dict[str, Source]
    facts: dict[str, StoryFact]
    terms: list[Term]
    checks: list[Check]
    groups: list[tuple[str, list[str]]]  # (title of a data file, its fact ids) in reading order
    origins: dict[tuple[str, str], Origin]  # (section, id) -> where it was written

    def fact(self, fact_id: str) -> StoryFact:
        return self.facts[fact_id]

    def sources_of(self, fact_id: str) -> list[Source]:
        """The published sources behind a fact; for a derived fact, those of its inputs."""
        found: list[Source] = []
        for fact in self._roots(fact_id):
            for source_id in [fact.fact.source, *fact.fact.also]:
                if source_id and self.sources[source_id] not in found:
                    found.append(self.sources[source_id])
        return found

    def _roots(self, fact_id: str) -> Iterable[StoryFact]:
        fact = self.facts[fact_id]
        if fact.fact.kind != "derived":
            yield fact
            return
        for input_id in fact.inputs:
            yield from self._roots(input_id)


def load_story(data_dir: Path, project_root: Path) -> Story:
    """Read every *.yaml under data_dir (sorted, so builds are reproducible) into a checked Story."""
    if not data_dir.is_dir():
        raise StoryError("the data folder does not exist", file=_shown(data_dir, project_root))
    paths = sorted(data_dir.rglob("*.yaml"))
    if not paths:
        raise StoryError("the data folder has no .yaml files", file=_shown(data_dir, project_root))
    sources: dict[str, Source] = {}
    facts: dict[str, StoryFact] = {}
    terms: list[Term] = []
    checks: list[Check] = []
    groups: list[tuple[str, list[str]]] = []
    origins: dict[tuple[str, str], Origin] = {}
    for path in paths:
        document = read_yaml(path, _shown(path, project_root))
        data_file = _validate(document)
        group_ids: list[str] = []
        for section in SECTION_MODELS:
            for index, record in enumerate(getattr(data_file, section)):
                origin = Origin(document, (section, index))
                key = record.term if isinstance(record, Term) else record.id
                if (section, key) in origins:
                    first = origins[(section, key)]
                    what = "term" if isinstance(record, Term) else "id"
                    raise origin.error(what, f"duplicate {what} '{key}' (first written in {first.file}, line "
                                             f"{first.line()}); expected each {what} once",
                                       None if isinstance(record, Term) else key)
                origins[(section, key)] = origin
                if isinstance(record, Source):
                    sources[record.id] = record
                elif isinstance(record, Fact):
                    facts[record.id] = StoryFact(record, origin, data_file.title or path.stem, record.value)
                    group_ids.append(record.id)
                elif isinstance(record, Term):
                    terms.append(record)
                else:
                    checks.append(record)
        if group_ids:
            groups.append((data_file.title or path.stem, group_ids))
    story = Story(sources, facts, terms, checks, groups, origins)
    _check_references(story)
    _compute_derived(story)
    return story


# Helpers


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _validate(document: YamlDocument) -> DataFile:
    try:
        return DataFile.model_validate(document.data)
    except ValidationError as error:
        problems = error.errors(include_url=False)
        raise _explain(problems[0], document, more=len(problems) - 1) from None


def _explain(problem: dict[str, Any], document: YamlDocument, more: int) -> StoryError:
    loc = list(problem["loc"])
    cause = (problem.get("ctx") or {}).get("error")
    if isinstance(cause, FieldProblem):
        loc.append(cause.field)
        message = cause.message
    else:
        message = _message(problem, loc)
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''} in this file)"
    return StoryError(message, file=document.path, line=document.line_of(tuple(loc)),
                      field=_field_path(loc, document))


def _field_path(loc: list[Any], document: YamlDocument) -> str:
    """facts.mau_2020.value when the record has an id, facts[3].value otherwise."""
    parts: list[str] = []
    node: Any = document.data
    for part in loc:
        if isinstance(part, int):
            record = node[part] if isinstance(node, list) and part < len(node) else None
            record_id = record.get("id") if isinstance(record, dict) else None
            if isinstance(record_id, str) and record_id and len(record_id) <= 64:
                parts.append(f".{record_id}")
            else:
                parts.append(f"[{part}]")
            node = record
        else:
            parts.append(f".{part}")
            node = node.get(part) if isinstance(node, dict) else None
    return "".join(parts).lstrip(".")


def _message(problem: dict[str, Any], loc: list[Any]) -> str:
    kind = problem["type"]
    given = problem.get("input")
    ctx = problem.get("ctx") or {}
    name = loc[-1] if loc else "field"
    if kind == "missing":
        return f"missing required field '{name}'"
    if kind == "extra_forbidden":
        model = SECTION_MODELS.get(str(loc[0])) if len(loc) == 3 else DataFile
        known = ", ".join(model.model_fields) if model else ""
        return f"unknown field '{name}'; expected one of: {known}"
    if kind == "string_pattern_mismatch":
        return ("expected an id: lowercase letters, digits and underscores, starting with a letter, "
                f"at most 64 characters; got {shown(given)}")
    if kind == "string_too_long":
        return f"expected at most {ctx.get('max_length')} characters, got {len(given)}"
    if kind == "string_too_short":
        return "expected some text, got an empty string"
    if kind == "string_type":
        return f"expected text, got {shown(given)}"
    if kind in ("list_type", "too_short", "too_long"):
        if kind == "list_type":
            return f"expected a list, got {shown(given)}"
        return problem["msg"].replace("List should have", "expected a list with")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {shown(given)}"
    if kind == "value_error":
        return str(ctx.get("error", problem["msg"]))
    text = problem["msg"].replace("Input should be", "expected")
    return f"{text}, got {shown(given)}"


def _expected_id(kind: str, name: str, known: Iterable[str], where: str) -> str:
    """What an unknown id should have been, with the nearest known one when there is one."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"expected the id of a {kind} {where}" + (f"; did you mean '{close[0]}'?" if close else "")


def _check_references(story: Story) -> None:
    subject_sources = {s.id for s in story.sources.values() if s.role == "subject"}

    def require_source(origin: Origin, record_id: str, field_name: str, source_id: str | None) -> None:
        if source_id is not None and source_id not in story.sources:
            raise origin.error(field_name, f"unknown source '{source_id}'; " + _expected_id(
                "source", source_id, story.sources, f"listed under 'sources:' ({len(story.sources)} known)"),
                record_id)

    def require_fact(origin: Origin, record_id: str, field_name: str, fact_id: str) -> None:
        if fact_id not in story.facts:
            raise origin.error(field_name, f"unknown fact '{fact_id}'; " + _expected_id(
                "fact", fact_id, story.facts, "listed under 'facts:'"), record_id)

    for fact in story.facts.values():
        record = fact.fact
        require_source(fact.origin, record.id, "source", record.source)
        for other in record.also:
            require_source(fact.origin, record.id, "also", other)
        for other in record.related:
            require_fact(fact.origin, record.id, "related", other)
        if record.kind == "derived":
            continue
        if record.source in subject_sources and record.confidence is not None:
            raise fact.origin.error("confidence", "a claim of the story's subject is not given a confidence "
                                                  "label; the fact-check weighs it", record.id)
        if record.source not in subject_sources and record.confidence is None:
            raise fact.origin.error("confidence", "a fact from a checking source needs its label: "
                                                  "confirmed, likely or disputed", record.id)
    for term in story.terms:
        require_source(story.origins[("terms", term.term)], None, "source", term.source)
    for check in story.checks:
        origin = story.origins[("checks", check.id)]
        for claim in check.claims:
            require_fact(origin, check.id, "claims", claim)
            if story.facts[claim].fact.source not in subject_sources:
                raise origin.error("claims", f"'{claim}' is not a claim of the story's subject source", check.id)
        for evidence in check.evidence:
            require_fact(origin, check.id, "evidence", evidence)


def _compute_derived(story: Story) -> None:
    in_progress: list[str] = []

    def resolve(fact_id: str) -> Any:
        fact = story.facts[fact_id]  # KeyError means an unknown name, reported by formulas.evaluate
        if fact.fact.kind != "derived" or fact.value is not None:
            return fact.value
        if fact_id in in_progress:
            cycle = " -> ".join(in_progress[in_progress.index(fact_id):] + [fact_id])
            raise fact.origin.error("formula", f"the formula depends on itself ({cycle}); expected a formula "
                                               "over other facts", fact_id)
        in_progress.append(fact_id)
        try:
            formula = fact.fact.formula or ""
            try:
                fact.inputs = formulas.names_in(formula)
                for name in fact.inputs:
                    if name not in story.facts:
                        expected = _expected_id("fact", name, story.facts, "listed under 'facts:'")
                        raise formulas.FormulaProblem(f"the formula names '{name}', which is not a fact; {expected}")
                result = formulas.evaluate(formula, resolve)
            except formulas.FormulaProblem as problem:
                raise fact.origin.error("formula", str(problem), fact_id) from None
            try:
                if isinstance(result, dt.date) and fact.unit.value_type != "date":
                    raise ValueError(f"the formula gives a date, but the unit {fact.fact.unit} expects a number")
                fact.value = check_value(fact.unit, result)
            except ValueError as problem:
                raise fact.origin.error("formula", f"the formula gives {result!r}: {problem}", fact_id) from None
            fact.confidence = fact.fact.confidence or _weakest(story.facts[name].confidence for name in fact.inputs)
        finally:
            in_progress.pop()
        return fact.value

    for fact in story.facts.values():
        if fact.fact.kind != "derived":
            fact.confidence = fact.fact.confidence
    for fact_id in story.facts:
        resolve(fact_id)


def _weakest(confidences: Iterable[str | None]) -> str | None:
    found = [c for c in confidences if c is not None]
    if not found:
        return None
    return min(found, key=CONFIDENCE_ORDER.index)
