"""Where a line of text may break: between words, and between the characters of languages written
without spaces (Chinese, Japanese), never before a punctuation mark."""

from __future__ import annotations

import unicodedata


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def pieces(text: str) -> list[tuple[str, str]]:
    """The units a line may break between, each with what joins it to the one before (" " or "")."""
    found: list[tuple[str, str]] = []
    for word in text.split():
        joiner, run = " ", ""
        for char in word:
            if is_wide(char) and not is_punctuation(char):
                if run:
                    found.append((joiner, run))
                    joiner = ""
                found.append((joiner, char))
                joiner, run = "", ""
            elif is_punctuation(char) and not run and found and joiner == "":
                found[-1] = (found[-1][0], found[-1][1] + char)  # punctuation never starts a line
            else:
                run += char
        if run:
            found.append((joiner, run))
    return found


def width(text: str) -> int:
    """How many Latin letters' room a text takes: a wide character takes two."""
    return sum(2 if is_wide(char) else 1 for char in text)
