"""Markers in pages: HTML comments such as `<!-- fact:mau_2020 -->` that the build replaces.

Markers are comments so that an unprocessed page still reads cleanly. Markers inside code
(fenced blocks or inline code spans) are left alone, so documentation can show them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INLINE = {"fact", "quote"}
BLOCK_WITH_ID = {"chart"}
BLOCK = {"facts-table", "series-table", "sources-list", "glossary", "checks", "downloads", "changes",
         "key-figures"}
ALL = INLINE | BLOCK_WITH_ID | BLOCK
FLAGS = {"fact": {"abs", "short", "weekday", "year", "month", "bare", "plain", "as-of"}, "quote": set(), "chart": set()}

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
    if name == "key-figures":
        for word in words:
            _require_id(word, name, line)
    return name, None, tuple(words)


def _require_id(word: str, name: str, line: int) -> None:
    if not MARKER_ID.match(word):
        shown = word if len(word) <= 40 else word[:37] + "..."
        raise MarkerProblem(line, f"malformed {name} marker: expected an id (lowercase letters, digits, '_' or '-', "
                                  f"at most 64 characters), got '{shown}'")
