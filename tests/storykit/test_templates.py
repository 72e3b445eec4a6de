"""The site's markup is in Jinja templates a story may override, as Material's own partials are: a story
puts `storykit/<name>.html` in its theme's custom_dir. The chart block and a chart's page of its own share
one template."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from helpers import FERRY, ROOT

TEMPLATES = ROOT / "scripts" / "storykit" / "templates" / "storykit"


def build_with_overrides(tmp_path: Path, overrides: dict[str, str]) -> Path:
    """The ferry story built with `overrides` (template name -> text) in a custom_dir of its own."""
    story = tmp_path / "ferry"
    shutil.copytree(FERRY, story, ignore=shutil.ignore_patterns(".cache"))
    config = story / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("../../../", f"{ROOT}/")
    config.write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1),
                      encoding="utf-8")
    for name, template in overrides.items():
        path = story / "overrides" / "storykit" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template, encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=story,
                            capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"})
    assert result.returncode == 0, result.stderr
    return site


def test_a_story_overrides_a_block_and_the_chart_everywhere_it_is_shown(tmp_path):
    chart = (TEMPLATES / "chart.html").read_text(encoding="utf-8").replace(
        '<figure class="sk-chart"', '<figure data-story="ours" class="sk-chart"')
    figures = (TEMPLATES / "blocks" / "key_figures.html").read_text(encoding="utf-8").replace(
        '<ul class="sk-figures">', '<ul class="sk-figures" data-story="ours">')
    site = build_with_overrides(tmp_path, {"chart.html": chart, "blocks/key_figures.html": figures})
    page = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    embed = BeautifulSoup((site / "embed" / "fares" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("figure.sk-chart")["data-story"] == "ours", "the chart block"
    assert embed.select_one("figure.sk-chart")["data-story"] == "ours", "the chart's page of its own, the same template"
    assert page.select_one("ul.sk-figures")["data-story"] == "ours"
    assert page.select_one("ul.sk-figures a[data-sk-tip]"), "the rest of the block as before"


def test_no_markup_is_written_in_python():
    """Every tag a reader's page holds comes from a template: no HTML in a string of the machinery's code."""
    found = []
    for path in sorted((ROOT / "scripts" / "storykit").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            if re.search(r"""Markup\(\s*f?["']\s*<""", line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert found == []


def test_the_markup_check_catches_markup():
    assert re.search(r"""Markup\(\s*f?["']\s*<""", """Markup('<a href="{}">{}</a>')""")
