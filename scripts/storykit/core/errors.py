"""Errors an author can act on: where (file, line, field) and what was expected."""

from __future__ import annotations

import calendar
import re
import difflib
from typing import Any, Iterable


class StoryError(Exception):
    """A mistake in the story's data, pages or chart code, reported without a traceback."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = [part for part in (
            self.file,
            f"line {self.line}" if self.line is not None else None,
            self.field,
        ) if part]
        return f"{', '.join(where)}: {self.message}" if where else self.message


def suggest(name: str, known: Iterable[str]) -> str:
    """"; did you mean 'x'?" with the known name nearest to a mistyped one, or nothing when none is near."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def quoted(value: Any, limit: int = 80) -> str:
    """repr() of a value an author wrote, cut short so that a message stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def no_such_day(text: str) -> str | None:
    """What is wrong with a date written YYYY-MM-DD that no calendar has ("there is no day 30 in February
    2021"); None for a real date, or for text not written that way (reported as such elsewhere)."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text.strip())
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if year == 0:
        return "there is no year 0"
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return f"there is no day {day} in {calendar.month_name[month]} {year}"
    return None
