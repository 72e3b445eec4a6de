"""Units a fact's value can have: what each accepts, and how each reads in prose.

Every figure on the site is formatted here, so prose, tooltips, tables, chart labels and
downloads all show a value the same way.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Callable

from .errors import shown

MINUS = "\u2212"  # a true minus sign reads better than a hyphen before a number
SMALL_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MONTH_PATTERN = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
SCALES = {"billion": Decimal(10) ** 9, "million": Decimal(10) ** 6, "thousand": Decimal(10) ** 3}


@dataclass(frozen=True)
class DisplayOptions:
    """How one mention of a fact should read (flags written in a page's marker)."""

    absolute: bool = False  # "fell 8.98%" rather than "fell −8.98%"
    short: bool = False  # dates without their year
    weekday: bool = False  # dates with their weekday
    bare: bool = False  # without the fact's qualifier ("nearly", "more than")


@dataclass(frozen=True)
class Unit:
    name: str
    value_type: str  # number, date, month or text
    describe: str  # what an author must write, for error messages
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False
    formatter: Callable[..., str] | None = None


def _plain_decimal(number: Decimal, decimals: int | None) -> Decimal:
    if decimals is not None:
        return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return number


def _grouped(number: Decimal) -> str:
    return f"{number:,f}"


def to_decimal(value: float | int) -> Decimal:
    # str() keeps the digits the author wrote (5.2 stays 5.2, 9.0 stays 9.0).
    return Decimal(str(value))


def _signed(number: Decimal, text: str, options: DisplayOptions) -> str:
    if number < 0 and not options.absolute:
        return MINUS + text
    return text


def format_count(value: float, decimals: int | None, scale: str | None, options: DisplayOptions) -> str:
    number = to_decimal(value)
    magnitude = abs(number)
    if scale is None and decimals is None and number == number.to_integral_value() \
            and 0 <= number < len(SMALL_NUMBER_WORDS):
        return SMALL_NUMBER_WORDS[int(number)]  # "six kinds of content", as prose writes small counts
    if scale is None:
        scale = "billion" if magnitude >= SCALES["billion"] else "million" if magnitude >= SCALES["million"] else None
    if scale in SCALES:
        scaled = magnitude / SCALES[scale]
        # Division leaves trailing zeros (1.2250000): keep only the digits that carry meaning.
        shown = scaled.normalize() if decimals is None else _plain_decimal(scaled, decimals)
        text = f"{_grouped(shown)} {scale}"
    else:
        text = _grouped(_plain_decimal(magnitude, decimals))
    return _signed(number, text, options)


def format_percent(value: float, decimals: int | None, scale: str | None, options: DisplayOptions) -> str:
    number = to_decimal(value)
    text = _grouped(_plain_decimal(abs(number), decimals)) + "%"
    return _signed(number, text, options)


def format_money(symbol: str, always_cents: bool) -> Callable[..., str]:
    def format_amount(value: float, decimals: int | None, scale: str | None, options: DisplayOptions) -> str:
        number = to_decimal(value)
        places = decimals if decimals is not None else (2 if always_cents else None)
        return _signed(number, symbol + _grouped(_plain_decimal(abs(number), places)), options)
    return format_amount


def format_points(value: float, decimals: int | None, scale: str | None, options: DisplayOptions) -> str:
    number = to_decimal(value)
    return _signed(number, _grouped(_plain_decimal(abs(number), decimals)), options)


def format_duration(singular: str) -> Callable[..., str]:
    def format_span(value: float, decimals: int | None, scale: str | None, options: DisplayOptions) -> str:
        number = _plain_decimal(to_decimal(value), decimals)
        if number == number.to_integral_value() and 0 <= number < len(SMALL_NUMBER_WORDS):
            words = SMALL_NUMBER_WORDS[int(number)]
        else:
            words = _grouped(number)
        return f"{words} {singular if number == 1 else singular + 's'}"
    return format_span


def format_ratio(value: float, decimals: int | None, scale: str | None, options: DisplayOptions) -> str:
    return f"{_grouped(_plain_decimal(to_decimal(value), decimals))} times"


def format_plain_number(value: float, decimals: int | None, scale: str | None, options: DisplayOptions) -> str:
    return _grouped(_plain_decimal(to_decimal(value), decimals))


def format_date(value: dt.date, options: DisplayOptions) -> str:
    text = f"{value.day} {value:%B}"
    if not options.short:
        text += f" {value.year}"
    if options.weekday:
        text = f"{value:%A} {text}"
    return text


def format_month(value: str, options: DisplayOptions) -> str:
    month = dt.date.fromisoformat(value + "-01")
    return f"{month:%B}" if options.short else f"{month:%B %Y}"


UNITS: dict[str, Unit] = {
    unit.name: unit for unit in (
        Unit("count", "number", "a count (a number, at least 0)", minimum=0, formatter=format_count),
        Unit("percent", "number", "a percentage change or rate (a number)", formatter=format_percent),
        Unit("share", "number", "a share of a whole in percent (0 to 100)", minimum=0, maximum=100,
             formatter=format_percent),
        Unit("hkd", "number", "an amount in Hong Kong dollars (at least 0)", minimum=0,
             formatter=format_money("HK$", True)),
        Unit("rmb", "number", "an amount in renminbi (at least 0)", minimum=0,
             formatter=format_money("RMB\u00a0", False)),
        Unit("points", "number", "an index level in points (at least 0)", minimum=0, formatter=format_points),
        Unit("age", "number", "an age in whole years", minimum=0, maximum=150, integer=True,
             formatter=format_plain_number),
        Unit("days", "number", "a number of days (at least 0)", minimum=0, formatter=format_duration("day")),
        Unit("months", "number", "a number of months (at least 0)", minimum=0,
             formatter=format_duration("month")),
        Unit("ratio", "number", "a ratio (at least 0)", minimum=0, formatter=format_ratio),
        Unit("date", "date", "a date written YYYY-MM-DD"),
        Unit("month", "month", "a month written YYYY-MM"),
        Unit("text", "text", "a short text"),
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
            raise ValueError(f"expected {unit.describe}, got {shown(value)}")
        if not _finite(value):
            why = "too large" if isinstance(value, int) else "not a finite number"
            raise ValueError(f"expected {unit.describe}, got {shown(value)} ({why})")
        if unit.integer and value != int(value):
            raise ValueError(f"expected {unit.describe}, got {shown(value)} (not a whole number)")
        if unit.minimum is not None and value < unit.minimum:
            raise ValueError(f"expected {unit.describe}, got {shown(value)} (below {unit.minimum:g})")
        if unit.maximum is not None and value > unit.maximum:
            raise ValueError(f"expected {unit.describe}, got {shown(value)} (above {unit.maximum:g})")
        return value
    if unit.value_type == "date":
        return parse_date(value)
    if unit.value_type == "month":
        if not isinstance(value, str) or not MONTH_PATTERN.match(value):
            raise ValueError(f"expected {unit.describe}, got {shown(value)}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected {unit.describe}, got {shown(value)}")
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
        raise ValueError(f"expected a date written YYYY-MM-DD, got a date and time {shown(value)}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"expected a date written YYYY-MM-DD, got {shown(value)}")


def format_value(unit: Unit, value: Any, *, decimals: int | None = None, scale: str | None = None,
                 qualifier: str | None = None, options: DisplayOptions = DisplayOptions()) -> str:
    """The value as it reads in prose: 1.225 billion, −8.98%, HK$446.00, 27 July 2021."""
    if unit.value_type == "number":
        assert unit.formatter is not None
        text = unit.formatter(value, decimals, scale, options)
    elif unit.value_type == "date":
        text = format_date(value, options)
    elif unit.value_type == "month":
        text = format_month(value, options)
    else:
        text = str(value)
    if qualifier and not options.bare:
        if unit.name == "percent" and text.startswith(MINUS):
            # "more than −10%" reads backwards: the qualifier is about the size of the fall.
            return f"down {'at most' if qualifier == 'up to' else qualifier} {text[1:]}"
        text = f"{qualifier} {text}"
    return text


def raw_value(unit: Unit, value: Any) -> str | int | float:
    """The value for machines (CSV, JSON): numbers as numbers, dates in ISO form."""
    if unit.value_type == "date":
        return value.isoformat()
    return value
