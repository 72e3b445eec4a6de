"""Errors an author can act on: where (file, line, field) and what was expected."""

from __future__ import annotations

from typing import Any


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


def shown(value: Any, limit: int = 80) -> str:
    """repr() of a value an author wrote, cut short so that a message stays one readable line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
