"""storykit is a MkDocs plugin like any other: installed with an entry point, configured under `plugins:`,
its state kept from build to build the way MkDocs keeps a plugin's, its machinery fresh at every build;
its editions declared once and read by one function that the build, serve and the tests all use."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib import metadata

import pytest

from helpers import ROOT, SITE_URL, free_port, mkdocs_build, needs


def test_the_plugin_is_installed_under_its_name():
    found = {entry.name: entry for entry in metadata.entry_points(group="mkdocs.plugins")}
    assert found["storykit"].value == "storykit.adapter.plugin:StoryKitPlugin"
    from mkdocs.plugins import BasePlugin

    assert issubclass(found["storykit"].load(), BasePlugin)
    assert "storykit" in {entry.name for entry in metadata.entry_points(group="console_scripts")}


def declared_editions(project) -> list[tuple[str, str, str]]:
    """The editions as mkdocs.yml writes them under the plugin's settings (YAML read by hand, !ENV left out)."""
    import yaml

    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda load, suffix, node: None)
    config = yaml.load(project.config_file.read_text(encoding="utf-8"), Loader=loader)
    settings = next(entry["storykit"] for entry in config["plugins"] if isinstance(entry, dict) and "storykit" in entry)
    language = (config.get("theme") or {}).get("language", "en")
    return [(entry["language"], entry.get("path", ""), entry.get("config", "mkdocs.yml"))
            for entry in (settings or {}).get("editions") or [{"language": language}]]


def test_the_editions_are_read_from_their_one_declaration(story_under_test):
    found = story_under_test.editions
    assert [(edition.language, edition.path, edition.config_file.name) for edition in found] == \
        declared_editions(story_under_test)
    assert found[0].docs_dir == story_under_test.root / "docs"
    assert [edition.docs_dir for edition in found[1:]] == [story_under_test.root / "docs" / edition.path.rstrip("/")
                                                          for edition in found[1:]]
    import yaml

    for edition in found[1:]:
        own = yaml.safe_load(edition.config_file.read_text(encoding="utf-8"))
        assert set(own) <= {"INHERIT", "site_name", "site_description", "copyright", "docs_dir", "nav"}, \
            "the edition's pages, name and navigation only: its language follows from mkdocs.yml's declaration"


def test_the_readmes_table_of_settings_is_made_from_the_plugins_settings():
    from storykit.adapter.project import settings_table
    from storykit.adapter.plugin import StoryKitConfig

    table = settings_table()
    assert table in (ROOT / "README.md").read_text(encoding="utf-8"), \
        "update the README's table: python -m storykit.adapter.project"
    assert [f"| `{name}` |" in table for name, _ in StoryKitConfig._schema] == [True] * len(StoryKitConfig._schema)


# A rebuild under `mkdocs serve`, in one process: the same plugin, the machinery imported afresh.
REBUILD = textwrap.dedent("""
    import sys, types
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def stale_references():
        found = []
        for name, module in list(sys.modules.items()):
            if not (name == "storykit" or name.startswith("storykit.")) or module is None:
                continue
            for attribute, value in vars(module).items():
                if isinstance(value, types.ModuleType) and value.__name__.startswith("storykit"):
                    fresh = sys.modules.get(value.__name__) is value
                elif isinstance(value, types.FunctionType) and value.__module__.startswith("storykit"):
                    fresh = value.__globals__ is vars(sys.modules.get(value.__module__, types))
                elif isinstance(value, type) and value.__module__.startswith("storykit"):
                    fresh = vars(sys.modules.get(value.__module__, types)).get(value.__name__) is value
                else:
                    continue
                if not fresh:
                    found.append(f"{name}.{attribute}")
        return found

    def rebuilt(site):
        config = load_config(sys.argv[1], site_dir=site)
        config.plugins.on_startup(command="serve", dirty=False)  # once per `mkdocs serve`; MkDocs keeps the plugin
        build(config)
        return config.plugins["storykit"]

    first = rebuilt(sys.argv[2])
    old = sys.modules["storykit.core.yamlfile"].lines_of_config
    second = rebuilt(sys.argv[3])
    assert second is first, "MkDocs made a new plugin for the rebuild"
    assert second.api is sys.modules["storykit.adapter.facade"] and sys.modules["storykit.core.yamlfile"].lines_of_config is not old
    assert type(second.settings) is sys.modules["storykit.core.settings"].Settings
    print("stale:", stale_references())
    probe = types.ModuleType("storykit.probe")  # the check catches what it is for: a copy of a replaced function
    probe.lines_of_config = old
    sys.modules["storykit.probe"] = probe
    print("caught:", stale_references())
    second.on_shutdown()
""")


def test_a_rebuild_keeps_the_plugin_and_leaves_no_stale_module(story_under_test, tmp_path):
    result = subprocess.run([sys.executable, "-c", REBUILD, str(story_under_test.config_file), str(tmp_path / "one"),
                             str(tmp_path / "two")], capture_output=True, text=True, timeout=180,
                            cwd=story_under_test.root,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines["stale"] == "[]"
    assert lines["caught"] == "['storykit.probe.lines_of_config']"


# Editions side by side in one site


def test_building_one_edition_leaves_the_others_output(story_under_test, tmp_path):
    needs(len(story_under_test.editions) > 1, "one edition")
    project = story_under_test.copy(tmp_path / "project")
    first, other = project.editions[0], project.editions[1]
    site = tmp_path / "site"
    for edition in project.editions:
        assert mkdocs_build(project.root, site, SITE_URL, config=edition.config_file.name).returncode == 0
    others = (site / other.path / "index.html").read_bytes()
    firsts = (site / "index.html").read_bytes()
    result = mkdocs_build(project.root, site, SITE_URL)  # the first edition alone, into the same site
    assert result.returncode == 0, result.stderr
    assert (site / other.path / "index.html").read_bytes() == others, f"the {other.language} edition was removed or changed"
    assert not (site / ".storykit-editions").exists()
    result = mkdocs_build(project.root, site, SITE_URL, config=other.config_file.name)  # and the other alone
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").read_bytes() == firsts, f"the {first.language} edition was removed or changed"


def test_a_failed_first_edition_build_puts_the_others_back(story_under_test, tmp_path):
    needs(len(story_under_test.editions) > 1, "one edition")
    project = story_under_test.copy(tmp_path / "project")
    other = project.editions[1]
    site = tmp_path / "site"
    for edition in project.editions:
        assert mkdocs_build(project.root, site, SITE_URL, config=edition.config_file.name).returncode == 0
    page = project.page_file("")
    page.write_text(page.read_text(encoding="utf-8") + "\n[nowhere](missing.md)\n", encoding="utf-8")
    result = mkdocs_build(project.root, site, SITE_URL)
    assert result.returncode != 0
    assert (site / other.path / "index.html").is_file() and not (site / ".storykit-editions").exists()


@pytest.mark.parametrize("setting, value, says", [
    ("datafolder", "docs/data", "unknown setting 'datafolder'; did you mean 'data_folder'?"),
    ("dataset", "Not A Name", "expected a name of lowercase letters"),
])
def test_a_bad_setting_is_named_with_its_line(story_under_test, tmp_path, setting, value, says):
    project = story_under_test.copy(tmp_path / "project").root
    config = project / "mkdocs.yml"
    lines = [line for line in config.read_text(encoding="utf-8").split("\n")
             if not line.startswith(f"      {setting}:")]  # the setting's own value, if it has one, replaced
    lines.insert(lines.index("  - storykit:") + 1, f"      {setting}: {value}")
    config.write_text("\n".join(lines), encoding="utf-8")
    line = lines.index(f"      {setting}: {value}") + 1
    result = mkdocs_build(project, tmp_path / "site", SITE_URL)
    errors = [row for row in result.stderr.splitlines() if row.startswith("ERROR")]
    assert result.returncode != 0 and len(errors) == 1, result.stderr
    assert f"mkdocs.yml, line {line}, plugins.storykit.{setting}: " in errors[0] and says in errors[0], errors[0]
    assert "Traceback" not in result.stderr


def test_an_edition_without_its_configuration_is_named_with_its_line(story_under_test, tmp_path):
    needs(len(story_under_test.editions) > 1, "one edition")
    project = story_under_test.copy(tmp_path / "project")
    missing = project.editions[1].config_file.name
    (project.root / missing).unlink()
    text = project.config_file.read_text(encoding="utf-8")
    line = next(number for number, row in enumerate(text.split("\n"), 1) if row.strip().startswith("editions:"))
    result = mkdocs_build(project.root, tmp_path / "site", SITE_URL)
    errors = [row for row in result.stderr.splitlines() if row.startswith("ERROR")]
    assert result.returncode != 0 and len(errors) == 1, result.stderr
    assert f"mkdocs.yml, line {line}, plugins.storykit.editions: no file {missing}" in errors[0], errors[0]


def test_serve_follows_the_declared_editions(story_under_test, tmp_path):
    """`storykit serve` (make serve) runs one server per declared edition, on consecutive ports, each linking
    to the other's."""
    import urllib.request

    from bs4 import BeautifulSoup

    needs(len(story_under_test.editions) > 1, "one edition")
    project = story_under_test.copy(tmp_path / "project").root
    (first, other), page = story_under_test.languages[:2], story_under_test.pages()[-1]
    port = free_port()
    while True:  # two free ports in a row
        try:
            import socket

            with socket.socket() as probe:
                probe.bind(("127.0.0.1", port + 1))
            break
        except OSError:
            port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "storykit", "serve", "--port", str(port)], cwd=project,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts")},
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        import time

        pages = {}
        deadline = time.monotonic() + 120
        while len(pages) < 2 and time.monotonic() < deadline and server.poll() is None:
            for offset in (0, 1):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port + offset}/{page}", timeout=5) as response:
                        pages[offset] = response.read().decode("utf-8")
                except OSError:
                    time.sleep(0.5)
        assert len(pages) == 2, server.stderr.read().decode() if server.poll() is not None else "not served in time"
        firsts, others = (BeautifulSoup(pages[offset], "html.parser") for offset in (0, 1))
        assert firsts.html["lang"] == first and others.html["lang"] == other
        assert firsts.select_one(f".md-select__link[hreflang={other}]")["href"] == f"http://127.0.0.1:{port + 1}/{page}"
        assert others.select_one(f".md-select__link[hreflang={first}]")["href"] == f"http://127.0.0.1:{port}/{page}"
    finally:
        import signal

        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
