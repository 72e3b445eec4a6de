"""Reading YAML data files while keeping the line of every value, for error messages.

PyYAML's libyaml parser composes the file into nodes that carry their line; the values are
built from those nodes, and `YamlDocument.line_of` walks the same nodes back to a line. (A
round-trip parser such as ruamel's keeps lines too, but is fifteen times slower here, and every
build and every rebuild under `mkdocs serve` reads all the data.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.error import MarkedYAMLError, YAMLError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.tokens import ScalarToken

from .errors import StoryError, no_such_day

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 32  # the data is records in lists in sections: anything deeper is a mistake
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available (PyPI's wheels have it)
# Parser contexts whose own line is where the mistake is: something opened there is never closed.
UNCLOSED = {
    "while scanning a quoted scalar": "a quoted text is not closed; expected a closing quote",
    "while parsing a flow sequence": "a [...] list is not closed; expected items separated by ', ' and a closing ']'",
    "while parsing a flow mapping": "a {...} mapping is not closed; expected 'key: value' pairs and a closing '}'",
}
# The parser's words for common mistakes, and what an author should write instead.
PROBLEMS = [
    (re.compile(r"^mapping values are not allowed"),
     "a ': ' inside a value; expected text that holds ': ' to be put in quotes"),
    (re.compile(r"^found (character '\\t' that cannot start any token|a tab character)"),
     "a tab; expected spaces for indentation"),
    (re.compile(r"^(expected <block end>, but found|did not find expected (key|'-' indicator))"),
     "the indentation does not match the lines above; expected the fields of a record to line up, "
     "indented with spaces"),
]


@dataclass
class YamlDocument:
    """A parsed YAML file and the means to find the line of any value in it."""

    path: str  # as shown to authors (relative to the project)
    data: Any
    root: Node | None = None

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """1-based line of the value at `loc` (keys and indices), or of its nearest parent."""
        node = self.root
        line = 1
        for part in loc:
            if isinstance(node, MappingNode):
                pair = next(((key, value) for key, value in node.value
                             if isinstance(key, ScalarNode) and key.value == part), None)
                if pair is None:
                    break
                line = pair[0].start_mark.line + 1
                node = pair[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line


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
    root: Node | None = None
    try:
        loader = Loader(text)
        try:
            root = loader.get_single_node()
            _refuse_repeats(root, shown_as)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except MarkedYAMLError as error:
        where, problem = _explain_yaml_error(error, text)
        raise StoryError(f"malformed YAML: {problem}", file=shown_as, line=where) from None
    except YAMLError as error:
        raise StoryError(f"malformed YAML: {error}", file=shown_as) from None
    except (ValueError, OverflowError) as error:  # a value YAML recognises but cannot build, e.g. 2021-02-30
        raise _unbuildable_value(root, error, shown_as) from None
    except RecursionError:
        raise StoryError("values nested too deeply to read; expected records of fields, and lists inside them",
                         file=shown_as, line=_deepest_line(text)) from None
    if not isinstance(data, dict):
        raise StoryError("expected a mapping at the top level (keys such as 'facts:')",
                         file=shown_as, line=1)
    return YamlDocument(path=shown_as, data=data, root=root)


def _refuse_repeats(root: Node | None, shown_as: str) -> None:
    """Refuse a key written twice in one mapping (PyYAML would keep the last silently), a list or
    mapping repeated through an alias (*name), which can grow without bound, and deep nesting."""
    seen: set[int] = set()
    pending = [(root, 0)] if root is not None else []
    while pending:
        node, depth = pending.pop()
        if not isinstance(node, (MappingNode, SequenceNode)):
            continue
        if depth > MAX_DEPTH:
            raise StoryError("values nested too deeply to read; expected records of fields, and lists inside "
                             "them", file=shown_as, line=node.start_mark.line + 1)
        if id(node) in seen:
            raise StoryError("a list or mapping repeated with an alias (*name); expected each written out in full",
                             file=shown_as, line=node.start_mark.line + 1)
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            pending.extend((item, depth + 1) for item in node.value)
            continue
        keys: set[str] = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in keys:
                    raise StoryError(f"malformed YAML: the key '{key.value}' is written twice in the same record "
                                     "or section; expected each key once", file=shown_as,
                                     line=key.start_mark.line + 1)
                keys.add(key.value)
            pending.append((value, depth + 1))


def _explain_yaml_error(error: MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line where the mistake is and what was expected, in an author's words where possible."""
    if error.context in UNCLOSED and error.context_mark is not None:
        return error.context_mark.line + 1, UNCLOSED[error.context]
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else None
    opened = _quote_running_into(text, line)
    if opened is not None:
        return opened, UNCLOSED["while scanning a quoted scalar"]
    problem = error.problem or error.context or "invalid YAML"
    for pattern, explanation in PROBLEMS:
        match = pattern.match(problem)
        if match:
            return line, explanation.format(**match.groupdict())
    if "expected" not in problem:
        problem += "; expected 'key: value' lines, and '- ' before each item of a list"
    return line, problem


def _quote_running_into(text: str, line: int | None) -> int | None:
    """The line of a quoted text that runs on until `line` (its closing quote forgotten), if any."""
    try:
        for token in yaml.scan(text, Loader=Loader):
            if token.start_mark.line + 1 >= (line or 0):
                break
            if isinstance(token, ScalarToken) and token.style in ('"', "'") \
                    and token.end_mark.line + 1 == line and token.end_mark.line > token.start_mark.line:
                return token.start_mark.line + 1
    except YAMLError:
        pass
    return None


def _deepest_line(text: str) -> int:
    """The line where brackets and indentation nest deepest (the parser gave up somewhere there)."""
    depth, deepest, line = 0, -1, 1
    for number, row in enumerate(text.split("\n"), start=1):
        depth += row.count("[") + row.count("{") - row.count("]") - row.count("}")
        level = depth + (len(row) - len(row.lstrip(" "))) // 2
        if level > deepest:
            deepest, line = level, number
    return line


def _unbuildable_value(root: Node | None, error: Exception, shown_as: str) -> StoryError:
    """Find the value that could not be built (the error itself does not say where it is)."""
    builder = SafeConstructor()
    for path, node in (_scalars(root, "") if root is not None else ()):
        try:
            builder.construct_object(node)
        except Exception as problem:  # noqa: BLE001 - any failure here is the one being looked for
            impossible = no_such_day(node.value) if node.tag.endswith(":timestamp") else None
            what = "a real date written YYYY-MM-DD" if node.tag.endswith(":timestamp") else "a valid value"
            said = f"{impossible} (got '{node.value[:40]}'); expected {what}" if impossible else \
                f"expected {what}, got '{node.value[:40]}' ({problem})"
            return StoryError(said, file=shown_as, line=node.start_mark.line + 1, field=path.lstrip(".") or None)
    return StoryError(f"malformed YAML: {error}", file=shown_as)


def _scalars(node: Node, path: str) -> Any:
    """Every scalar under node with its field path (facts.mau_2020.value, or facts[3].value without an id)."""
    if isinstance(node, ScalarNode):
        yield path, node
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            yield from _scalars(key, path)
            yield from _scalars(value, f"{path}.{key.value}" if isinstance(key, ScalarNode) else path)
    elif isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            record_id = next((value.value for key, value in item.value if isinstance(key, ScalarNode)
                              and key.value == "id" and isinstance(value, ScalarNode)), None) \
                if isinstance(item, MappingNode) else None
            name = f".{record_id}" if record_id and len(record_id) <= 64 else f"[{index}]"
            yield from _scalars(item, path + name)


def lines_of_config(path: Path, under: tuple[str, ...]) -> dict[str, int]:
    """The line of each key of the mapping at `under` in a YAML file such as mkdocs.yml, and ("") of the
    mapping itself, for errors about settings. In a list (`plugins:`), `under` names the item that is the
    key or a mapping from it (`- storykit: {...}`). Tags (!ENV, !relative) are left alone: only composed."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=Loader)
    except (OSError, YAMLError):
        return {}
    node = root
    found: dict[str, int] = {}
    for part in under:
        if isinstance(node, SequenceNode):
            node = next((item for item in node.value if isinstance(item, (MappingNode, ScalarNode))
                         and (item.value == part if isinstance(item, ScalarNode)
                              else any(isinstance(key, ScalarNode) and key.value == part for key, _ in item.value))),
                        None)
            if isinstance(node, ScalarNode):
                found[""] = node.start_mark.line + 1
                return found
        pair = next(((key, value) for key, value in node.value if isinstance(key, ScalarNode) and key.value == part),
                    None) if isinstance(node, MappingNode) else None
        if pair is None:
            return found
        found[""] = pair[0].start_mark.line + 1
        node = pair[1]
    if isinstance(node, MappingNode):
        found.update({key.value: key.start_mark.line + 1 for key, _ in node.value if isinstance(key, ScalarNode)})
    return found
