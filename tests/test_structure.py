"""The generator's shape, measured: layers that import only downward, no import cycle (not even one
hidden under TYPE_CHECKING), no module reading another's private names, no class over about 120 lines,
and nothing of MkDocs below its one adapter. The README's map of the layers is this list."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "storykit"
# Lowest first; a module may import its own layer's modules and lower ones.
LAYERS = {
    "foundations": ["errors", "yamlfile", "markers", "linebreaks", "language"],
    "data": ["formats", "units", "model", "formulas", "series", "story", "texts", "derive", "load", "schema"],
    "parts": ["paths", "settings", "theme", "charts", "chartbuild", "pictures", "cards", "citation", "dataset",
              "facttext", "prose", "assets", "headers", "searchindex", "accessibility", "scriptload", "whitespace"],
    "record": ["record", "chartwords", "chartmarkup", "editions"],
    "outputs": ["outputs"],
    "pages": ["blocks", "page", "templates"],
    "adapter": ["api", "mkdocs_plugin"],
}
MAX_CLASS_LINES = 120


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "storykit"] = path
    return found


def layer_of(name: str) -> int:
    top = name.split(".")[0]
    return next(index for index, names in enumerate(LAYERS.values()) if top in names)


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, str]]:
    """(module imported, names taken) for each storykit import of a module."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif (node.module or "").startswith("storykit."):
                target = node.module[len("storykit."):]
            else:
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}".lstrip(".")
                found.append((sub, "") if sub in known else (target, alias.name))
        elif isinstance(node, ast.Import):
            found += [(alias.name[len("storykit."):], "") for alias in node.names
                      if alias.name.startswith("storykit.")]
    return found


def test_every_module_has_a_layer():
    assert [name for name in modules() if name != "storykit" and not any(
        name.split(".")[0] in names for names in LAYERS.values())] == []


def test_layers_import_only_downward_and_no_private_names():
    known = modules()
    problems = []
    for name, path in known.items():
        if name == "storykit":
            continue
        for target, taken in imports(name, path, known):
            if target and layer_of(target) > layer_of(name):
                problems.append(f"{name} imports {target}, a higher layer")
            if taken.startswith("_"):
                problems.append(f"{name} takes {target}.{taken}, a private name")
    assert problems == []


def test_no_import_cycle():
    known = modules()
    graph = {name: {target for target, _ in imports(name, path, known) if target in known and target != name}
             for name, path in known.items()}
    visiting, done, cycles = [], set(), []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycles.append(visiting[visiting.index(name):] + [name])
            return
        visiting.append(name)
        for target in sorted(graph[name]):
            visit(target)
        visiting.pop()
        done.add(name)

    for name in graph:
        visit(name)
    assert cycles == []


def test_no_class_is_over_about_120_lines():
    big = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno - node.lineno + 1 > MAX_CLASS_LINES:
                big.append(f"{name}.{node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert big == []


def test_mkdocs_is_imported_only_by_its_adapter():
    allowed = {"mkdocs_plugin", "paths"}  # the adapter, and relative links by MkDocs' own rule
    users = sorted(name for name, path in modules().items()
                   if "mkdocs" in {node.module.split(".")[0] for node in ast.walk(ast.parse(path.read_text()))
                                   if isinstance(node, ast.ImportFrom) and node.module}
                   or "import mkdocs" in path.read_text())
    assert set(users) <= allowed, users


@pytest.mark.parametrize("module", ["storykit.language", "storykit.record"])
def test_the_checks_catch_what_they_are_for(module, tmp_path):
    """A cycle, an upward import and a private name, written into a copy of one module, are each caught."""
    known = modules()
    name = module.split(".", 1)[1]
    text = known[name].read_text(encoding="utf-8") + "\nfrom .mkdocs_plugin import _page_url\n"
    copy = tmp_path / f"{name}.py"
    copy.write_text(text, encoding="utf-8")
    found = imports(name, copy, known)
    assert ("mkdocs_plugin", "_page_url") in found
    assert layer_of("mkdocs_plugin") > layer_of(name)


def test_the_readmes_table_of_markers_is_their_one_definition():
    from storykit.markers import readme_table

    assert readme_table() in (ROOT / "README.md").read_text(encoding="utf-8"), \
        "update the README's table: PYTHONPATH=scripts python -m storykit.markers"


def test_the_readmes_map_names_every_module():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    map_ = readme[readme.index("## The generator, layer by layer"):readme.index("## Performance")]
    for layer in LAYERS.values():
        for name in layer:
            assert f"`{name}`" in map_ or f"`{name}/`" in map_, name
