"""Derived facts: their values worked out from their formulas, with the labels and bounds they inherit.

A derived fact takes the weakest label of its inputs (a figure worked out from an estimate is an
estimate) and carries their bounds: a share of "more than 130 million" is "more than" too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from ..core.errors import suggest
from . import formulas
from .model import CONFIDENCES
from .story import Story, StoryFact
from .units import CARRIED_QUALIFIER, QUALIFIER_KINDS, check_value

CONFIDENCE_ORDER = tuple(reversed(CONFIDENCES))  # weakest first: a derived fact is as sure as its least sure input
BOUNDS = {"lower": "a lower bound", "upper": "an upper bound", "approximate": "approximate"}


def expected_id(kind: str, name: str, known: Iterable[str], where: str) -> str:
    """What an unknown id should have been, with the nearest known one when there is one."""
    return f"expected the id of a {kind} {where}{suggest(name, known)}"


def compute_derived(story: Story) -> None:
    """Work out every derived fact's value, label and qualifier (in place, while the story is loaded)."""
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
            _work_out(story, fact, resolve)
        finally:
            in_progress.pop()
        return fact.value

    for fact in story.facts.values():
        if fact.fact.kind != "derived":
            fact.confidence = fact.fact.confidence
    for fact_id in story.facts:
        resolve(fact_id)


def _work_out(story: Story, fact: StoryFact, resolve: Any) -> None:
    formula = fact.fact.formula or ""
    try:
        fact.inputs = formulas.names_in(formula)
        for name in fact.inputs:
            if name not in story.facts and name not in story.series:
                expected = expected_id("fact", name, [*story.facts, *story.series],
                                       "listed under 'facts:' (or of a series)")
                raise formulas.FormulaProblem(f"the formula names '{name}', which is not a fact; {expected}")
        result = formulas.evaluate(formula, resolve)
    except formulas.FormulaProblem as problem:
        raise fact.origin.error("formula", str(problem), fact.id) from None
    try:
        if isinstance(result, dt.date) and fact.unit.value_type != "date":
            raise ValueError(f"the formula gives a date, but the unit {fact.fact.unit} expects a number")
        fact.value = check_value(fact.unit, result)
    except ValueError as problem:
        raise fact.origin.error("formula", f"the formula gives {result!r}: {problem}", fact.id) from None
    fact.confidence = fact.fact.confidence or _weakest(
        (story.series[name] if name in story.series else story.facts[name]).confidence for name in fact.inputs)
    fact.qualifier = _carried_qualifier(story, fact, resolve)


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
        raise fact.origin.error("qualifier", f"'{written}' says the figure is {BOUNDS[QUALIFIER_KINDS[written]]}, "
                                             f"but its input '{source.id}' ({source.raw()}) makes it "
                                             f"{BOUNDS[inferred]}; expected qualifier: "
                                             f"{CARRIED_QUALIFIER[inferred]} (or none: it is carried over)",
                                fact.id)
    return written or CARRIED_QUALIFIER[inferred]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _weakest(confidences: Iterable[str | None]) -> str | None:
    found = [c for c in confidences if c is not None]
    if not found:
        return None
    return min(found, key=CONFIDENCE_ORDER.index)
