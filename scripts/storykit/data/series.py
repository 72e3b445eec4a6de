"""Dated series: a column of values by day, read from a CSV file and checked row by row.

A series comes as published (a vendor's daily closes, say), so the file is read as it is and
every row is checked: real dates written YYYY-MM-DD, in order, no day twice, each value a finite
number above zero. A mistake names the CSV file, its line and the column. Days without a row (a
market's weekends and holidays) are neither refused nor filled in: the series has no value there.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import StoryError, no_such_day, quoted
from ..core.catalogue import Language
from .model import Series
from .units import Unit

MAX_ROWS = 20_000
DATE_COLUMN = "date"


@dataclass
class Difference:
    """A day on which a fact reports another value than the series holds."""

    day: dt.date
    fact_id: str
    reported: float
    in_series: float


@dataclass
class StorySeries:
    """A series with its values read and checked; `origin` points at its record in the YAML."""

    series: Series
    origin: Any  # story.Origin (kept loose: story.py imports this module)
    file: str  # the CSV, as shown to authors
    unit: Unit
    days: list[dt.date]
    values: list[float]
    confidence: str | None = None
    differences: list[Difference] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.series.id

    def value_on(self, day: dt.date) -> float:
        """The value of the series on `day`; KeyError, saying which, if the series has no row for that day."""
        index = bisect.bisect_left(self.days, day)
        if index == len(self.days) or self.days[index] != day:
            raise KeyError(f"a value of the series '{self.id}' ({self.file}) on {day.isoformat()}, a day it has "
                           "no row for")
        return self.values[index]

    def day_before(self, day: dt.date) -> dt.date:
        """The last day of the series before `day` (a trading day, for prices)."""
        index = bisect.bisect_left(self.days, day)
        if index == 0:
            raise KeyError(f"the day before {day.isoformat()} in the series '{self.id}' ({self.file}), which starts "
                           "on or after it")
        return self.days[index - 1]

    def label(self, lang: Language) -> str:
        return lang.local(self.series.label)

    def name(self, lang: Language) -> str:
        return lang.local(self.series.name)

    def difference_on(self, day: dt.date) -> Difference | None:
        return next((difference for difference in self.differences if difference.day == day), None)


def read_series(path: Path, shown_as: str, record: Series, unit: Unit) -> tuple[list[dt.date], list[float]]:
    """The days and values of one series file; any problem is a StoryError at its line and column."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise StoryError("the series file does not exist; expected a CSV file beside the data",
                         file=shown_as) from None
    except UnicodeDecodeError:
        raise StoryError("expected UTF-8 text, found a byte that is not UTF-8", file=shown_as) from None
    except OSError as error:
        raise StoryError(f"cannot read the file ({error.strerror})", file=shown_as) from None
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if not header:
        raise StoryError(f"the file is empty; expected a header line '{DATE_COLUMN},{record.column}'",
                         file=shown_as, line=1)
    names = [name.strip() for name in header]
    for wanted in (DATE_COLUMN, record.column):
        if wanted not in names:
            raise StoryError(f"no column '{wanted}'; expected a header with '{DATE_COLUMN}' and "
                             f"'{record.column}', got {quoted(','.join(names))}", file=shown_as, line=1)
    date_at, value_at = names.index(DATE_COLUMN), names.index(record.column)
    days: list[dt.date] = []
    values: list[float] = []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(days) >= MAX_ROWS:
            raise StoryError(f"more than {MAX_ROWS:,} rows; expected a shorter series", file=shown_as, line=line)
        if len(row) != len(names):
            raise StoryError(f"{len(row)} cells; expected {len(names)}, as in the header", file=shown_as,
                             line=line)
        day = _day(row[date_at].strip(), shown_as, line)
        if days and day <= days[-1]:
            problem = "is written twice; expected one value a day" if day == days[-1] else \
                f"comes after {days[-1].isoformat()}; expected the dates in order"
            raise StoryError(f"the date {day.isoformat()} {problem}", file=shown_as, line=line, field=DATE_COLUMN)
        values.append(_value(row[value_at].strip(), record, unit, shown_as, line))
        days.append(day)
    if len(days) < 2:
        raise StoryError("fewer than two rows of values; expected a series", file=shown_as, line=1)
    return days, values


def _day(text: str, shown_as: str, line: int) -> dt.date:
    impossible = no_such_day(text)
    if impossible:
        raise StoryError(f"{impossible} (got {quoted(text)}); expected a real date written YYYY-MM-DD",
                         file=shown_as, line=line, field=DATE_COLUMN)
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise StoryError(f"expected a date written YYYY-MM-DD, got {quoted(text)}", file=shown_as, line=line,
                     field=DATE_COLUMN)


def _value(text: str, record: Series, unit: Unit, shown_as: str, line: int) -> float:
    try:
        number = float(text)
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or number <= 0:
        raise StoryError(f"expected {unit.describe.split(' (')[0]} above 0, got {quoted(text)}", file=shown_as,
                         line=line, field=record.column)
    return number


def matches(reported: float, in_series: float, decimals: int) -> bool:
    """Whether a reported figure is the series' value as written to `decimals` places (rounded or cut)."""
    return abs(reported - in_series) < 10 ** -decimals


def written_decimals(value: float, decimals: int | None) -> int:
    """How many decimals a reported figure carries: those set for it, or those it is written with."""
    if decimals is not None:
        return decimals
    text = repr(float(value))
    return 0 if text.endswith(".0") else len(text.split(".")[1])
