"""Loading a story's data folder: every file validated, then checked against the others.

Each file is validated on its own first (a mistake names its file, line and field); then the
files are checked together: units, references between records, the languages of every text,
dated series against the facts that report them; last, derived facts are worked out.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .derive import compute_derived, expected_id
from ..core.errors import StoryError, quoted
from .model import CONFIDENCES, SECTION_MODELS, DataFile, Fact, FieldProblem, Series, Term, UnitDefinition
from .series import Difference, StorySeries, matches, read_series, written_decimals
from .story import Origin, Story, StoryFact
from .texts import check_texts
from .units import UNITS, Unit, check_value
from ..core.yamlfile import YamlDocument, read_yaml


def load_story(data_dir: Path, project_root: Path, languages: tuple[str, ...] = ("en",),
               skip: Path | None = None) -> Story:
    """Read every *.yaml under data_dir (sorted, so builds are reproducible) into a checked Story.

    `languages` are the story's languages, the first the one its plain texts are written in; every
    text a reader sees must exist in each. YAML under `skip` (the story's words) is not data.
    """
    shown_dir = _shown(data_dir, project_root)
    if not data_dir.is_dir():
        raise StoryError("the data folder does not exist", file=shown_dir)
    paths = sorted(path for path in data_dir.rglob("*.yaml") if skip is None or skip not in path.parents)
    if not paths:
        raise StoryError("the data folder has no .yaml files", file=shown_dir)
    records: dict[str, dict[str, Any]] = {section: {} for section in SECTION_MODELS}
    groups: list[tuple[Any, list[str]]] = []
    origins: dict[tuple[str, str], Origin] = {}
    for path in paths:
        document = read_yaml(path, _shown(path, project_root))
        data_file = _validate(document)
        group_ids: list[str] = []
        for section in SECTION_MODELS:
            for index, record in enumerate(getattr(data_file, section)):
                origin = Origin(document, (section, index))
                key = _key(record)
                if (section, key) in origins:
                    first = origins[(section, key)]
                    what = "term" if isinstance(record, Term) else "id"
                    raise origin.error(what, f"duplicate {what} '{key}' (first written in {first.file}, line "
                                             f"{first.line()}); expected each {what} once",
                                       None if isinstance(record, Term) else key)
                origins[(section, key)] = origin
                records[section][key] = (record, origin, data_file.title or path.stem)
                if isinstance(record, Fact):
                    group_ids.append(record.id)
        if group_ids:
            groups.append((data_file.title or path.stem, group_ids))
    units = _units(records["units"], languages)
    facts = {key: _story_fact(record, origin, group, units) for key, (record, origin, group) in records["facts"].items()}
    series = {key: _load_series(record, origin, units, data_dir, project_root)
              for key, (record, origin, _) in records["series"].items()}
    changes = sorted((record for record, _, _ in records["changes"].values()), key=lambda change: change.date,
                     reverse=True)  # stable: same-day changes keep their order
    story = Story(sources={key: record for key, (record, _, _) in records["sources"].items()}, facts=facts,
                  terms=[record for record, _, _ in records["terms"].values()],
                  checks=[record for record, _, _ in records["checks"].values()], groups=groups, origins=origins,
                  units=units, series=series, changes=changes, data_folder=shown_dir)
    _check_references(story)
    _check_series(story)
    compute_derived(story)
    # Last: a record written in one language is still checked for everything else first.
    check_texts(((section, key, record, origin) for section, found in records.items()
                 for key, (record, origin, _) in found.items()), story, languages)
    return story


# Helpers


def _key(record: BaseModel) -> str:
    if isinstance(record, Term):
        term = record.term
        return str(next(iter(term.values())) if isinstance(term, Mapping) else term)
    return str(getattr(record, "id"))


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _units(defined: dict[str, tuple[UnitDefinition, Origin, Any]], languages: tuple[str, ...]) -> dict[str, Unit]:
    units = dict(UNITS)
    for key, (record, origin, _) in defined.items():
        if key in UNITS:
            raise origin.error("id", f"'{key}' is a built-in unit; expected another id for the story's own unit", key)
        missing = [tag for tag in languages if tag not in record.written]
        if missing:
            raise origin.error("written", f"no form for an amount in {', '.join(missing)}; expected one for each of "
                                          f"the story's languages ({', '.join(languages)})", key)
        units[key] = Unit(key, "number", record.describe, record.kind, minimum=record.minimum,
                          decimals=record.decimals, written=dict(record.written))
    return units


def _unit_of(record: Fact | Series, origin: Origin, units: dict[str, Unit]) -> Unit:
    if record.unit not in units:
        raise origin.error("unit", f"expected one of {', '.join(units)}, got {quoted(record.unit)}", record.id)
    return units[record.unit]


def _story_fact(record: Fact, origin: Origin, group: Any, units: dict[str, Unit]) -> StoryFact:
    unit = _unit_of(record, origin, units)
    value = record.value
    if value is not None:
        try:
            value = check_value(unit, value.strip() if isinstance(value, str) else value)
            if isinstance(value, str) and len(value) > 300:
                raise ValueError(f"expected at most 300 characters, got {len(value)}")
        except ValueError as problem:
            raise origin.error("value", str(problem), record.id) from None
    return StoryFact(record, origin, group, unit, value, qualifier=record.qualifier)


def _load_series(record: Series, origin: Origin, units: dict[str, Unit], data_dir: Path,
                 project_root: Path) -> StorySeries:
    unit = _unit_of(record, origin, units)
    if unit.value_type != "number":
        numeric = [name for name, known in units.items() if known.value_type == "number"]
        raise origin.error("unit", f"expected a numeric unit ({', '.join(numeric)}), got {quoted(record.unit)}",
                           record.id)
    path = data_dir / record.file
    if not path.is_file():
        raise origin.error("file", f"no file {record.file} in the data folder; expected the series' CSV file",
                           record.id)
    shown_as = _shown(path, project_root)
    days, values = read_series(path, shown_as, record, unit)
    return StorySeries(record, origin, shown_as, unit, days, values, confidence=record.confidence)


def _validate(document: YamlDocument) -> DataFile:
    try:
        return DataFile.model_validate(document.data)
    except ValidationError as error:
        problems = error.errors(include_url=False)
        raise _explain(problems[0], document, more=len(problems) - 1) from None


def _explain(problem: ErrorDetails, document: YamlDocument, more: int) -> StoryError:
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


def _message(problem: ErrorDetails, loc: list[Any]) -> str:
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
                f"at most 64 characters; got {quoted(given)}")
    if kind == "string_too_long":
        return f"expected at most {ctx.get('max_length')} characters, got {len(given or '')}"
    if kind == "string_too_short":
        return "expected some text, got an empty string"
    if kind == "string_type":
        return f"expected text, got {quoted(given)}"
    if kind in ("list_type", "too_short", "too_long"):
        if kind == "list_type":
            return f"expected a list, got {quoted(given)}"
        return problem["msg"].replace("List should have", "expected a list with")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {quoted(given)}"
    if kind == "value_error":
        return str(ctx.get("error", problem["msg"]))
    text = problem["msg"].replace("Input should be", "expected")
    return f"{text}, got {quoted(given)}"


def _check_references(story: Story) -> None:
    subject_sources = {s.id for s in story.sources.values() if s.role == "subject"}

    def require_source(origin: Origin, record_id: str | None, field_name: str, source_id: str | None) -> None:
        if source_id is not None and source_id not in story.sources:
            raise origin.error(field_name, f"unknown source '{source_id}'; " + expected_id(
                "source", source_id, story.sources, f"listed under 'sources:' ({len(story.sources)} known)"),
                record_id)

    def require_fact(origin: Origin, record_id: str, field_name: str, fact_id: str) -> None:
        if fact_id not in story.facts:
            raise origin.error(field_name, f"unknown fact '{fact_id}'; " + expected_id(
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
                                                  f"{', '.join(CONFIDENCES[:-1])} or {CONFIDENCES[-1]}", record.id)
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
        require_source(story.origins[("terms", _key(term))], None, "source", term.source)
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
        for fact_id in check.quotes:
            require_fact(origin, check.id, "quotes", fact_id)
            record = story.facts[fact_id].fact
            if record.quote is None or record.quote_type == "summary":
                raise origin.error("quotes", f"'{fact_id}' has no words of its source to show (its quote is "
                                             "missing or a summary); expected a fact quoted verbatim", check.id)


def _check_series(story: Story) -> None:
    """Each fact a series lists as reported is a value of that series on a day it has; note where they differ."""
    for item in story.series.values():
        for fact_id in item.series.reported:
            fact = story.facts[fact_id]
            problem = None
            if fact.fact.unit != item.series.unit:
                problem = f"is in {fact.fact.unit}, the series in {item.series.unit}"
            day = fact.fact.as_of
            if not problem and (fact.fact.kind == "derived" or day is None):
                problem = "is not a reported value with the date it describes (as_of)"
            elif not problem and day not in item.days:
                problem = f"describes {day}, a day the series has no value for"
            if problem or day is None:
                raise item.origin.error("reported", f"the fact '{fact_id}' {problem}; expected a reported value "
                                                    "of the series on one of its days", item.id)
            in_series = item.value_on(day)
            if not matches(fact.value, in_series, written_decimals(fact.value, fact.fact.decimals)):
                item.differences.append(Difference(day, fact_id, fact.value, in_series))
