"""Figures typed by hand: prose names facts, so a number or a date written into a page, a finding, a
change or a chart's words is a figure no record carries and no correction would reach.

What counts as a figure comes from the language, never from a list here:
- any character Unicode calls a number (digits of every script, fractions, 〇);
- month names, from CLDR (Babel) and the catalogue's `dates.months`;
- in a language that counts with number words (English): `numbers.small` from two up and
  `numbers.figure_words`, as whole words ("zero" and "one" are left out: most languages also use
  them for "no" and "a");
- in a language that counts with measure words (Chinese: `numbers.counters`), one of its
  `numbers.numerals` followed by a measure word (两个月, 九天); a lone "one" (一个, 一次) is "a" there.
`numbers.not_figures` lists phrases that hold a number word but state no figure ("the two").
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names

from ..core.catalogue import Language

EXCERPT = 25  # characters of context either side of a figure, in a message
# What an author writes that is not prose: comments (markers among them), code, link targets, tags and
# attribute lists. They are blanked out, so that lines stay where they were.
NOT_PROSE = [
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"^(?P<fence> {0,3}(?:`{3,}|~{3,})).*?^(?P=fence)[ \t]*$", re.S | re.M),
    re.compile(r"(`+).+?\1", re.S),
    re.compile(r"\]\([^)\n]*\)"),  # a Markdown link's target: [text](target "title")
    re.compile(r"^ {0,3}\[[^\]\n]+\]:.*$", re.M),  # a reference definition: [name]: target
    re.compile(r"</?[A-Za-z][^>]*>"),  # an HTML tag and its attributes
    re.compile(r"\{:?[#.][^}\n]*\}"),  # an attribute list: {#id .class}
]


@dataclass(frozen=True)
class TypedFigure:
    """A figure typed by hand: its line in the text given (from 1), the figure, and the words around it."""

    line: int
    figure: str
    excerpt: str

    def message(self) -> str:
        return (f"'{self.figure}' is a figure typed by hand (\"{self.excerpt}\"); expected the fact named with "
                "<!-- fact:ID -->, as every number and date on the site comes from the data")


def typed_figures(text: str, lang: Language) -> list[TypedFigure]:
    """Every figure typed by hand in a text an author wrote (a page's Markdown, or a text from the data), in
    reading order. Markers and other comments, code, link targets and HTML tags are not prose: skipped."""
    prose = _prose_only(text)
    small, words, months, counters, numerals, not_figures = _words_of(lang)
    found = []
    for match in _pattern(words, months, counters, numerals, not_figures).finditer(prose):
        kind = match.lastgroup or ""
        if kind == "skip" or kind == "counted" and match.group("numeral") in small[:2]:
            continue
        start, end = match.span(kind)
        excerpt = " ".join(prose[max(0, start - EXCERPT):end + EXCERPT].split())
        found.append(TypedFigure(prose.count("\n", 0, start) + 1, match.group(kind), excerpt))
    return found


# Helpers


def _prose_only(text: str) -> str:
    for pattern in NOT_PROSE:
        text = pattern.sub(lambda match: re.sub(r"[^\n]", " ", match.group(0)), text)
    return text


def _words_of(lang: Language) -> tuple[tuple[str, ...], ...]:
    """The language's figure words, as tuples (the pattern made from them is cached)."""
    numbers: Any = lang.words.get("numbers", {})
    dates: Any = lang.words.get("dates", {})

    def listed(section: Any, key: str) -> tuple[str, ...]:
        return tuple(str(word) for word in section.get(key) or [])
    small = listed(numbers, "small")
    months = tuple(dict.fromkeys(listed(dates, "months") + _cldr_months(lang.tag)))
    return (small, small[2:] + listed(numbers, "figure_words"), months, listed(numbers, "counters"),
            listed(numbers, "numerals"), listed(numbers, "not_figures"))


def _cldr_months(tag: str) -> tuple[str, ...]:
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return ()
    return tuple(str(name) for context in ("format", "stand-alone")
                 for name in get_month_names("wide", context, locale).values())


@lru_cache(maxsize=16)
def _pattern(words: tuple[str, ...], months: tuple[str, ...], counters: tuple[str, ...], numerals: tuple[str, ...],
             not_figures: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a language's figures, one named group per kind. At each place the alternatives are
    tried in order: a phrase that states no figure (`skip`) passes over the number word inside it."""
    parts = []
    if not_figures:
        parts.append(rf"(?P<skip>(?i:{'|'.join(_whole(phrase) for phrase in _longest_first(not_figures))}))")
    parts.append(rf"(?P<digits>[{_number_characters()}]+)")
    if counters:  # counted with measure words, written without spaces: names and numerals inside words
        names = [re.escape(name) for name in _longest_first(months)]
    else:  # a name written with a capital (May) is a name only with it; one in lower case, in any case
        names = [_whole(name) if name != name.lower() else f"(?i:{_whole(name)})" for name in _longest_first(months)]
    if names:  # before numbers: 一月 is January, though 一 before 月 is no figure
        parts.append(rf"(?P<month>{'|'.join(names)})")
    if counters and numerals:
        parts.append(rf"(?P<counted>(?P<numeral>(?:{'|'.join(map(re.escape, _longest_first(numerals)))})+)"
                     rf"(?:{'|'.join(map(re.escape, _longest_first(counters)))}))")
    elif words and not counters:
        parts.append(rf"(?P<number>(?i:{'|'.join(_whole(word) for word in _longest_first(words))}))")
    return re.compile("|".join(parts))


def _longest_first(words: tuple[str, ...]) -> list[str]:
    return sorted(words, key=len, reverse=True)


def _whole(word: str) -> str:
    return rf"(?<!\w){re.escape(word)}(?!\w)"


@lru_cache(maxsize=1)
def _number_characters() -> str:
    """A character class of what Unicode calls numbers (categories Nd, Nl and No: numeric, not letters, which
    leaves out the Han numerals a language with measure words lists itself), as ranges."""
    ranges: list[list[int]] = []
    for char in map(chr, range(min(sys.maxunicode, 0x2FFFF) + 1)):
        if char.isnumeric() and not char.isalpha():
            code = ord(char)
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(low)) + (f"-{re.escape(chr(high))}" if high > low else "") for low, high in ranges)
