"""Units a fact's value can have: what each accepts (`writing.formats` writes it).

The units every story needs (counts, percentages, dates...) are defined here. Currencies are the
story's own: it defines them in its data (`units:`), with how each language writes an amount.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.catalogue import Language
from ..core.errors import no_such_day, quoted

MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Unit:
    name: str
    value_type: str  # number, date, month or text
    describe: str  # what an author must write, for error messages
    form: str  # how it is written: count, percent, money, points, plain, days, months, ratio, date, month, text
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    decimals: int | None = None  # the decimals an amount always shows (cents), unless its fact sets others
    written: Mapping[str, str] = field(default_factory=dict)  # language -> form of an amount, "€{number}"


UNITS: dict[str, Unit] = {  # built in; a story adds its currencies in its data
    unit.name: unit for unit in (
        Unit("count", "number", "a count (a number, at least 0)", "count", minimum=0),
        Unit("percent", "number", "a percentage change or rate (a number)", "percent"),
        Unit("share", "number", "a share of a whole in percent (0 to 100)", "percent", minimum=0, maximum=100),
        Unit("points", "number", "an index level in points (at least 0)", "plain", minimum=0),
        Unit("age", "number", "an age in whole years", "plain", minimum=0, maximum=150, integer=True),
        Unit("days", "number", "a number of days (at least 0)", "days", minimum=0),
        Unit("months", "number", "a number of months (at least 0)", "months", minimum=0),
        Unit("ratio", "number", "a ratio (at least 0)", "ratio", minimum=0),
        Unit("date", "date", "a date written YYYY-MM-DD", "date"),
        Unit("month", "month", "a month written YYYY-MM", "month"),
        Unit("text", "text", "a short text", "text"),
    )
}

# What each qualifier says of the figure's size: a lower bound, an upper bound, or an approximation.
QUALIFIER_KINDS = {"about": "approximate", "nearly": "upper", "almost": "upper", "more than": "lower",
                   "over": "lower", "at least": "lower", "as much as": "upper", "up to": "upper",
                   "less than": "upper"}
QUALIFIERS = tuple(QUALIFIER_KINDS)
# The qualifier a worked-out figure carries for each kind of bound it inherits.
CARRIED_QUALIFIER = {"lower": "more than", "upper": "up to", "approximate": "about"}


def check_value(unit: Unit, value: Any) -> Any:
    """Return the value in its canonical type, or raise ValueError saying what was expected."""
    if unit.value_type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"expected {unit.describe}, got {quoted(value)}")
        if not _finite(value):
            why = "too large" if isinstance(value, int) else "not a finite number"
            raise ValueError(f"expected {unit.describe}, got {quoted(value)} ({why})")
        if unit.integer and value != int(value):
            raise ValueError(f"expected {unit.describe}, got {quoted(value)} (not a whole number)")
        if unit.minimum is not None and value < unit.minimum:
            raise ValueError(f"expected {unit.describe}, got {quoted(value)} (below {unit.minimum:g})")
        if unit.maximum is not None and value > unit.maximum:
            raise ValueError(f"expected {unit.describe}, got {quoted(value)} (above {unit.maximum:g})")
        return value
    if unit.value_type == "date":
        return parse_date(value)
    if unit.value_type == "month":
        if not isinstance(value, str) or not MONTH_PATTERN.match(value):
            raise ValueError(f"expected {unit.describe}, got {quoted(value)}")
        return value
    if isinstance(value, Mapping):  # a text in each of the story's languages
        if not value or not all(isinstance(text, str) and text.strip() for text in value.values()):
            raise ValueError(f"expected {unit.describe} in each language, got {quoted(value)}")
        return dict(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected {unit.describe}, got {quoted(value)}")
    return value


def _finite(value: float | int) -> bool:
    """False for NaN, infinities and integers too large to be a float (which no figure is)."""
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def parse_date(value: Any) -> dt.date:
    """A YAML date or an ISO string as a date; numbers are refused (pydantic would read timestamps)."""
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date written YYYY-MM-DD, got a date and time {quoted(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        impossible = no_such_day(value)
        if impossible:
            raise ValueError(f"{impossible} (got {quoted(value)}); expected a real date written YYYY-MM-DD")
        return dt.date.fromisoformat(value)
    raise ValueError(f"expected a date written YYYY-MM-DD, got {quoted(value)}")


def raw_value(unit: Unit, value: Any, lang: Language | None = None) -> str | int | float:
    """The value for machines (CSV, JSON): numbers as numbers, dates in ISO form, text in the data's language."""
    if unit.value_type == "date":
        return value.isoformat()
    if isinstance(value, Mapping):
        return str(value[lang.tag]) if lang is not None and lang.tag in value else str(next(iter(value.values())))
    return value
