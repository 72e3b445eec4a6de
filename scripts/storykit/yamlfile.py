"""Reading YAML data files while keeping the line of every value, for error messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import StoryError

MAX_FILE_BYTES = 2_000_000


@dataclass
class YamlDocument:
    """A parsed YAML file and the means to find the line of any value in it."""

    path: str  # as shown to authors (relative to the project)
    data: Any

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """1-based line of the value at `loc` (keys and indices), or of its nearest parent."""
        node = self.data
        line = 1
        for part in loc:
            if isinstance(node, CommentedMap) and part in node:
                line = node.lc.key(part)[0] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                line = node.lc.item(part)[0] + 1
                node = node[part]
            else:
                break
        return line


def plain(node: Any) -> Any:
    """ruamel's round-trip types (ScalarFloat, CommentedMap...) as plain Python values."""
    if isinstance(node, dict):
        return {plain(key): plain(value) for key, value in node.items()}
    if isinstance(node, list):
        return [plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    return node


def read_yaml(path: Path, shown_as: str) -> YamlDocument:
    """Parse one data file; any problem becomes a StoryError naming the file and line."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise StoryError(f"cannot read the file ({error.strerror})", file=shown_as) from None
    if len(raw) > MAX_FILE_BYTES:
        raise StoryError(f"file is larger than {MAX_FILE_BYTES:,} bytes", file=shown_as)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise StoryError("expected UTF-8 text, found a byte that is not UTF-8",
                         file=shown_as, line=line) from None
    if not text.strip():
        raise StoryError("the file is empty; expected a mapping such as 'facts: [...]'",
                         file=shown_as, line=1)
    yaml = YAML(typ="rt")
    try:
        data = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "invalid YAML"
        raise StoryError(f"malformed YAML: {problem}", file=shown_as, line=line) from None
    except YAMLError as error:
        raise StoryError(f"malformed YAML: {error}", file=shown_as) from None
    if not isinstance(data, CommentedMap):
        raise StoryError("expected a mapping at the top level (keys such as 'facts:')",
                         file=shown_as, line=1)
    return YamlDocument(path=shown_as, data=data)
