"""Markers in pages: HTML comments such as `<!-- fact:mau_2020 -->` that the build replaces.

Markers are comments so that an unprocessed page still reads cleanly. Markers inside code
(fenced blocks or inline code spans) are left alone, so documentation can show them.

Each marker is defined once, in MARKERS: how it is written, its options, and what it becomes.
The renderers of block markers (`blocks/`) are checked against it when they load, and the
README's table of markers is made from it (`python -m storykit.core.markers`, checked by a test).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from typing import Any, Callable

import yaml


@dataclass(frozen=True)
class MarkerSpec:
    name: str
    shape: str  # inline (name:ID in running text), chart (name:ID on its own line), block (name [IDs] on its own line)
    written: str  # how an author writes it, for the README
    becomes: str  # what it becomes, for the README
    flags: tuple[str, ...] = ()  # options after the id
    takes_ids: bool = False  # a block that lists ids (key-figures)


MARKERS: dict[str, MarkerSpec] = {spec.name: spec for spec in (
    MarkerSpec("fact", "inline", "<!-- fact:ID -->",
               'The value, e.g. "1.225 billion", "−8.98%", "27 July 2021", linked to its record with its quote',
               flags=("abs", "short", "weekday", "year", "month", "bare", "plain", "as-of", "hedged")),
    MarkerSpec("quote", "inline", "<!-- quote:ID -->",
               "The fact's quote (in the page's language, the original a tap away), then its source",
               flags=("uncredited",)),
    MarkerSpec("chart", "chart", "<!-- chart:ID -->",
               "A chart with its title, takeaway, data table, description, source, downloads and embed code"),
    MarkerSpec("key-figures", "block", "<!-- key-figures ID ID ... -->", "Cards of key figures", takes_ids=True),
    MarkerSpec("facts-table", "block", "<!-- facts-table -->", "Every fact, a table per data file"),
    MarkerSpec("series-table", "block", "<!-- series-table -->", "Every daily series, with its checks"),
    MarkerSpec("sources-list", "block", "<!-- sources-list -->", "Every source"),
    MarkerSpec("glossary", "block", "<!-- glossary -->", "The glossary's terms"),
    MarkerSpec("checks", "block", "<!-- checks -->", "The fact-check: each claim, its verdict and the evidence"),
    MarkerSpec("changes", "block", "<!-- changes -->", "The record of changes, and the feed's link"),
    MarkerSpec("downloads", "block", "<!-- downloads -->", "Every file to download"),
)}
# What the options of a fact marker do, for the README.
FLAG_DOCS = {
    "abs": 'Without its sign ("fell 8.98%")',
    "short": "A date without its year",
    "weekday": "A date with its weekday",
    "year": "A date's year alone",
    "month": "A date's month and year",
    "bare": 'Without its qualifier ("130 million" rather than "more than 130 million")',
    "plain": "As plain text, not a link (for headings)",
    "as-of": "The date the fact describes rather than its value (with year, short...)",
    "hedged": "Without its label (estimate, disputed), where the sentence says so in words (the build checks)",
    "uncredited": "Without its source after it, where the sentence names the source (\"CNA reported that…\")",
}
INLINE = {name for name, spec in MARKERS.items() if spec.shape == "inline"}
BLOCK_WITH_ID = {name for name, spec in MARKERS.items() if spec.shape == "chart"}
BLOCK = {name for name, spec in MARKERS.items() if spec.shape == "block"}
ALL = set(MARKERS)
FLAGS = {name: set(spec.flags) for name, spec in MARKERS.items()}

COMMENT = re.compile(r"<!--(?P<body>.*?)-->")
LOOKS_LIKE_MARKER = re.compile(r"^\s*(?P<name>[a-z][a-z-]*)(?P<colon>:)?(?P<rest>.*)$", re.S)
FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")
MARKER_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")  # fact ids use underscores, chart ids hyphens


class MarkerProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Marker:
    name: str
    target: str | None  # the fact or chart id
    args: tuple[str, ...]  # flags, or ids for key-figures
    line: int  # 1-based, within the text given to find_markers
    start: int  # offsets in that line
    end: int
    whole_line: bool


def _masked(line: str) -> str:
    """The line with inline code replaced by spaces, so markers shown as code are skipped."""
    return CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def find_markers(text: str) -> list[Marker]:
    """Every marker in a page, in order; raises MarkerProblem for a malformed one."""
    found: list[Marker] = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        fence_match = FENCE.match(line)
        if fence is not None:
            if fence_match and fence_match.group(1)[0] == fence[0] and len(fence_match.group(1)) >= len(fence):
                fence = None
            continue
        if fence_match:
            fence = fence_match.group(1)
            continue
        visible = _masked(line)
        for match in COMMENT.finditer(visible):
            marker = _parse(match.group("body"), number)
            if marker is None:
                continue
            whole = visible[: match.start()].strip() == "" and visible[match.end():].strip() == ""
            found.append(Marker(marker[0], marker[1], marker[2], number, match.start(), match.end(), whole))
        unclosed = visible.rfind("<!--")
        if unclosed != -1 and "-->" not in visible[unclosed:]:
            parsed = LOOKS_LIKE_MARKER.match(visible[unclosed + 4:])
            if parsed and parsed.group("name") in ALL:
                raise MarkerProblem(number, "marker is not closed: expected it on one line, ending with -->")
    return found


def _parse(body: str, line: int) -> tuple[str, str | None, tuple[str, ...]] | None:
    match = LOOKS_LIKE_MARKER.match(body)
    if not match:
        return None
    name, has_colon, rest = match.group("name"), match.group("colon"), match.group("rest")
    if name not in ALL:
        if has_colon and rest[:1].strip():
            raise MarkerProblem(line, f"unknown marker '{name}'; expected one of: {', '.join(sorted(ALL))}")
        return None  # an ordinary comment
    words = rest.split()
    if name in INLINE or name in BLOCK_WITH_ID:
        if not has_colon or not rest[:1].strip():
            raise MarkerProblem(line, f"malformed marker: expected <!-- {name}:ID -->")
        target, flags = words[0], tuple(words[1:])
        _require_id(target, name, line)
        unknown = [flag for flag in flags if flag not in FLAGS[name]]
        if unknown:
            allowed = ", ".join(sorted(FLAGS[name])) or "none"
            raise MarkerProblem(line, f"unknown option '{unknown[0]}' in the {name} marker; allowed: {allowed}")
        return name, target, flags
    if has_colon:
        raise MarkerProblem(line, f"malformed marker: expected <!-- {name} --> without an id")
    if MARKERS[name].takes_ids:
        for word in words:
            _require_id(word, name, line)
    elif words:
        raise MarkerProblem(line, f"malformed marker: expected <!-- {name} --> with nothing after its name")
    return name, None, tuple(words)


def _require_id(word: str, name: str, line: int) -> None:
    if not MARKER_ID.match(word):
        shown = word if len(word) <= 40 else word[:37] + "..."
        raise MarkerProblem(line, f"malformed {name} marker: expected an id (lowercase letters, digits, '_' or '-', "
                                  f"at most 64 characters), got '{shown}'")


def markers_in(text: str, where: Callable[[int, str], Exception]) -> list[Marker]:
    """The markers in a page or a text from the data; a malformed one stops the build at its line."""
    try:
        return find_markers(text)
    except MarkerProblem as problem:
        raise where(problem.line, problem.message) from None


def readme_table() -> str:
    """The README's table of markers, made from MARKERS."""
    rows = ["| Marker | Becomes |", "|---|---|"]
    for spec in MARKERS.values():
        rows.append(f"| `{spec.written}` | {spec.becomes} |")
        if spec.flags:
            name = spec.written.replace(" -->", "")
            rows += [f"| `{name} {flag} -->` | {FLAG_DOCS[flag]} |" for flag in spec.flags]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.stdout.write(readme_table())


# Front matter

FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)  # as MkDocs finds it


def front_matter(text: str) -> tuple[dict[str, Any], int]:
    """A page's front matter (YAML between `---` lines at its top, read as MkDocs reads it) and the number of
    lines before its Markdown: the front matter and the blank lines after it. None: ({}, 0)."""
    found = FRONT_MATTER.match(text)
    if found is None:
        return {}, 0
    try:
        meta = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return {}, 0
    if not isinstance(meta, dict):
        return {}, 0
    rest = text[found.end():]
    return meta, text[:found.end()].count("\n") + len(rest) - len(rest.lstrip("\n"))
