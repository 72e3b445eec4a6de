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

from conftest import ROOT, copy_project, editions, mkdocs_build

FERRY = ROOT / "tests" / "stories" / "ferry"
SITE_URL = "http://127.0.0.1:8000/"


def test_the_plugin_is_installed_under_its_name():
    found = {entry.name: entry for entry in metadata.entry_points(group="mkdocs.plugins")}
    assert found["storykit"].value == "storykit.adapter.plugin:StoryKitPlugin"
    from mkdocs.plugins import BasePlugin

    assert issubclass(found["storykit"].load(), BasePlugin)
    assert "storykit" in {entry.name for entry in metadata.entry_points(group="console_scripts")}


def test_the_editions_are_read_from_their_one_declaration():
    found = editions()
    assert [(edition.language, edition.path, edition.config_file.name) for edition in found] == \
        [("en", "", "mkdocs.yml"), ("zh-Hans", "zh/", "mkdocs.zh.yml")]
    assert [edition.docs_dir for edition in found] == [ROOT / "docs", ROOT / "docs" / "zh"]
    import yaml

    own = yaml.safe_load((ROOT / "mkdocs.zh.yml").read_text(encoding="utf-8"))
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


def test_a_rebuild_keeps_the_plugin_and_leaves_no_stale_module(tmp_path):
    result = subprocess.run([sys.executable, "-c", REBUILD, str(FERRY / "mkdocs.yml"), str(tmp_path / "one"),
                             str(tmp_path / "two")], capture_output=True, text=True, timeout=180, cwd=FERRY,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert lines["stale"] == "[]"
    assert lines["caught"] == "['storykit.probe.lines_of_config']"


# Editions side by side in one site


def test_building_one_edition_leaves_the_others_output(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    for edition in editions(project):
        assert mkdocs_build(project, site, SITE_URL, config=edition.config_file.name).returncode == 0
    chinese = (site / "zh" / "index.html").read_bytes()
    english = (site / "index.html").read_bytes()
    result = mkdocs_build(project, site, SITE_URL)  # the first edition alone, into the same site
    assert result.returncode == 0, result.stderr
    assert (site / "zh" / "index.html").read_bytes() == chinese, "the Chinese edition was removed or changed"
    assert not (site / ".storykit-editions").exists()
    result = mkdocs_build(project, site, SITE_URL, config="mkdocs.zh.yml")  # and the other alone
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").read_bytes() == english


def test_a_failed_first_edition_build_puts_the_others_back(tmp_path):
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    for edition in editions(project):
        assert mkdocs_build(project, site, SITE_URL, config=edition.config_file.name).returncode == 0
    page = project / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[nowhere](missing.md)\n", encoding="utf-8")
    result = mkdocs_build(project, site, SITE_URL)
    assert result.returncode != 0
    assert (site / "zh" / "index.html").is_file() and not (site / ".storykit-editions").exists()


@pytest.mark.parametrize("setting, value, says", [
    ("datafolder", "docs/data", "unknown setting 'datafolder'; did you mean 'data_folder'?"),
    ("dataset", "Not A Name", "expected a name of lowercase letters"),
])
def test_a_bad_setting_is_named_with_its_line(tmp_path, setting, value, says):
    project = copy_project(tmp_path / "project")
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


def test_an_edition_without_its_configuration_is_named_with_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "mkdocs.zh.yml").unlink()
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    line = text.split("\n").index("      editions:  # the story in each language; each edition after the first has "
                                  "its folder and its configuration") + 1
    result = mkdocs_build(project, tmp_path / "site", SITE_URL)
    errors = [row for row in result.stderr.splitlines() if row.startswith("ERROR")]
    assert result.returncode != 0 and len(errors) == 1, result.stderr
    assert f"mkdocs.yml, line {line}, plugins.storykit.editions: no file mkdocs.zh.yml" in errors[0], errors[0]


def test_serve_follows_the_declared_editions(tmp_path):
    """`storykit serve` (make serve) runs one server per declared edition, on consecutive ports, each linking
    to the other's."""
    import urllib.request

    from bs4 import BeautifulSoup
    from conftest import free_port

    project = copy_project(tmp_path / "project")
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
                    with urllib.request.urlopen(f"http://127.0.0.1:{port + offset}/scale/", timeout=5) as response:
                        pages[offset] = response.read().decode("utf-8")
                except OSError:
                    time.sleep(0.5)
        assert len(pages) == 2, server.stderr.read().decode() if server.poll() is not None else "not served in time"
        english, chinese = (BeautifulSoup(pages[offset], "html.parser") for offset in (0, 1))
        assert english.html["lang"] == "en" and chinese.html["lang"] == "zh-Hans"
        assert english.select_one(".md-select__link[hreflang=zh-Hans]")["href"] == f"http://127.0.0.1:{port + 1}/scale/"
        assert chinese.select_one(".md-select__link[hreflang=en]")["href"] == f"http://127.0.0.1:{port}/scale/"
    finally:
        import signal

        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
