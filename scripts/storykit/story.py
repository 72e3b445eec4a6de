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
from .model import Change, Check, DataFile, Fact, FieldProblem, Series, Source, Term
from .series import Difference, StorySeries, matches, read_series, written_decimals
from .units import (CARRIED_QUALIFIER, QUALIFIER_KINDS, UNITS, DisplayOptions, Unit, check_value, format_value,
                    raw_value)
from .yamlfile import YamlDocument, read_yaml

SECTION_MODELS: dict[str, type[BaseModel]] = {"sources": Source, "facts": Fact, "series": Series, "terms": Term,
                                              "checks": Check, "changes": Change}
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
    qualifier: str | None = None  # as written, or carried through a formula from its inputs

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def unit(self) -> Unit:
        return UNITS[self.fact.unit]

    def display(self, options: DisplayOptions = DisplayOptions()) -> str:
        return format_value(self.unit, self.value, decimals=self.fact.decimals, scale=self.fact.scale,
                            qualifier=self.qualifier, options=options)

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
    series: dict[str, StorySeries] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)  # newest first

    def fact(self, fact_id: str) -> StoryFact:
        return self.facts[fact_id]

    def corrections_of(self, fact_id: str) -> list[Change]:
        """The corrections that touched a fact, newest first."""
        return [change for change in self.changes if change.kind == "correction" and fact_id in change.facts]

    def sources_of(self, fact_id: str) -> list[Source]:
        """The published sources behind a fact or series; for a derived fact, those of its inputs."""
        found: list[Source] = []
        for root in self._roots(fact_id):
            record = root.fact if isinstance(root, StoryFact) else root.series
            for source_id in [record.source, *getattr(record, "also", [])]:
                if source_id and self.sources[source_id] not in found:
                    found.append(self.sources[source_id])
        return found

    def _roots(self, name: str) -> Iterable[StoryFact | StorySeries]:
        if name in self.series:
            yield self.series[name]
            return
        fact = self.facts[name]
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
    series: dict[str, StorySeries] = {}
    terms: list[Term] = []
    checks: list[Check] = []
    changes: list[Change] = []
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
                    facts[record.id] = StoryFact(record, origin, data_file.title or path.stem, record.value,
                                                 qualifier=record.qualifier)
                    group_ids.append(record.id)
                elif isinstance(record, Series):
                    series[record.id] = _load_series(record, origin, data_dir, project_root)
                elif isinstance(record, Term):
                    terms.append(record)
                elif isinstance(record, Change):
                    changes.append(record)
                else:
                    checks.append(record)
        if group_ids:
            groups.append((data_file.title or path.stem, group_ids))
    changes.sort(key=lambda change: change.date, reverse=True)  # stable: same-day changes keep their order
    story = Story(sources, facts, terms, checks, groups, origins, series, changes)
    _check_references(story)
    _check_series(story)
    _compute_derived(story)
    return story


# Helpers


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_series(record: Series, origin: Origin, data_dir: Path, project_root: Path) -> StorySeries:
    path = data_dir / record.file
    if not path.is_file():
        raise origin.error("file", f"no file {record.file} in the data folder; expected the series' CSV file",
                           record.id)
    shown_as = _shown(path, project_root)
    days, values = read_series(path, shown_as, record)
    return StorySeries(record, origin, shown_as, days, values, confidence=record.confidence)


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
    for item in story.series.values():
        require_source(item.origin, item.id, "source", item.series.source)
        if item.id in story.facts:
            first = story.facts[item.id].origin
            raise item.origin.error("id", f"'{item.id}' is also the id of a fact (in {first.file}, line "
                                          f"{first.line()}); expected ids that facts and series do not share",
                                    item.id)
        for fact_id in item.series.reported:
            require_fact(item.origin, item.id, "reported", fact_id)
    for term in story.terms:
        require_source(story.origins[("terms", term.term)], None, "source", term.source)
    for change in story.changes:
        for fact_id in change.facts:
            require_fact(story.origins[("changes", change.id)], change.id, "facts", fact_id)
    for check in story.checks:
        origin = story.origins[("checks", check.id)]
        for claim in check.claims:
            require_fact(origin, check.id, "claims", claim)
            if story.facts[claim].fact.source not in subject_sources:
                raise origin.error("claims", f"'{claim}' is not a claim of the story's subject source", check.id)
        for evidence in check.evidence:
            require_fact(origin, check.id, "evidence", evidence)


def _check_series(story: Story) -> None:
    """Each fact a series lists as reported is a value of that series on a day it has; note where they differ."""
    for item in story.series.values():
        for fact_id in item.series.reported:
            fact = story.facts[fact_id]
            problem = None
            if fact.fact.unit != item.series.unit:
                problem = f"is in {fact.fact.unit}, the series in {item.series.unit}"
            elif fact.fact.kind == "derived" or fact.fact.as_of is None:
                problem = "is not a reported value with the date it describes (as_of)"
            elif fact.fact.as_of not in item.days:
                problem = f"describes {fact.fact.as_of.isoformat()}, a day the series has no value for"
            if problem:
                raise item.origin.error("reported", f"the fact '{fact_id}' {problem}; expected a reported value "
                                                    "of the series on one of its days", item.id)
            in_series = item.value_on(fact.fact.as_of)
            if not matches(fact.value, in_series, written_decimals(fact.value, fact.fact.decimals)):
                item.differences.append(Difference(fact.fact.as_of, fact_id, fact.value, in_series))


def _compute_derived(story: Story) -> None:
    in_progress: list[str] = []

    def resolve(fact_id: str) -> Any:
        if fact_id in story.series:
            return story.series[fact_id]
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
                    if name not in story.facts and name not in story.series:
                        expected = _expected_id("fact", name, [*story.facts, *story.series],
                                                "listed under 'facts:' (or of a series)")
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
            fact.confidence = fact.fact.confidence or _weakest(
                (story.series[name] if name in story.series else story.facts[name]).confidence for name in fact.inputs)
            fact.qualifier = _carried_qualifier(story, fact, resolve)
        finally:
            in_progress.pop()
        return fact.value

    for fact in story.facts.values():
        if fact.fact.kind != "derived":
            fact.confidence = fact.fact.confidence
    for fact_id in story.facts:
        resolve(fact_id)


def _carried_qualifier(story: Story, fact: StoryFact, resolve: Any) -> str | None:
    """The qualifier a worked-out figure inherits from its inputs, checked against the one written.

    A bound stays a bound through any formula: each qualified input is moved a little in the
    direction its qualifier allows (further from zero for "more than", nearer for "up to"), and the
    result's move says which bound it becomes. Approximate inputs make an approximate result.
    """
    formula = fact.fact.formula or ""
    carried: list[tuple[str, str]] = []  # (kind of bound, the input it comes from)
    for name in fact.inputs:
        source = story.facts.get(name)
        if source is None or source.qualifier is None:
            continue
        kind = QUALIFIER_KINDS[source.qualifier]
        if kind == "approximate" or not _is_number(source.value) or not _is_number(fact.value) or not source.value:
            carried.append(("approximate", name))
            continue
        moved = source.value * (1 + 1e-6 if kind == "lower" else 1 - 1e-6)
        try:
            result = formulas.evaluate(formula, lambda other: moved if other == name else resolve(other))
        except formulas.FormulaProblem:  # the formula holds only at the written value: no bound can be carried
            carried.append(("approximate", name))
            continue
        grew = abs(result) - abs(fact.value)
        if grew == 0:
            continue
        carried.append(("lower" if grew > 0 else "upper", name))
    kinds = {kind for kind, _ in carried}
    inferred = None if not kinds else kinds.pop() if len(kinds) == 1 else "approximate"
    written = fact.fact.qualifier
    if inferred is None:
        return written
    if written is not None and QUALIFIER_KINDS[written] != inferred:
        source = story.facts[next(name for kind, name in carried if kind == inferred or inferred == "approximate")]
        raise fact.origin.error("qualifier", f"'{written}' says the figure is {_BOUNDS[QUALIFIER_KINDS[written]]}, "
                                             f"but its input '{source.id}' ({source.display()}) makes it "
                                             f"{_BOUNDS[inferred]}; expected qualifier: "
                                             f"{CARRIED_QUALIFIER[inferred]} (or none: it is carried over)",
                                fact.id)
    return written or CARRIED_QUALIFIER[inferred]


_BOUNDS = {"lower": "a lower bound", "upper": "an upper bound", "approximate": "approximate"}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _weakest(confidences: Iterable[str | None]) -> str | None:
    found = [c for c in confidences if c is not None]
    if not found:
        return None
    return min(found, key=CONFIDENCE_ORDER.index)
