"""Every page of the built site passes the Nu Html Checker (vnu-jar, the W3C's validator), with no error of
our own: Material's two toggles carry `autocomplete` on a checkbox, which the checker refuses, and are its."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material's own markup, not ours: <input class="md-toggle" ... type="checkbox" autocomplete="off">.
MATERIALS = ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"')


def checked(paths: list[Path]) -> list[dict]:
    """The checker's errors for these files (JSON messages: url, lastLine, message, extract)."""
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    return json.loads(result.stderr or "{}").get("messages", [])


def ours(messages: list[dict]) -> list[str]:
    return [f"{m['url'].rsplit('/site', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if not (m["message"].startswith(MATERIALS[0]) and MATERIALS[1] in m.get("extract", ""))]


def test_every_page_is_valid_html(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) >= 16, "the story's pages, the 404 page and each chart's page of its own"
    assert ours(checked(pages)) == []


def test_the_checker_finds_what_it_is_for(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                    '<a href="a">a link <a href="b">inside a link</a></a><svg hidden></svg>'
                    '<input class="md-toggle" type="checkbox" autocomplete="off"></body></html>', encoding="utf-8")
    found = ours(checked([page]))
    assert len(found) >= 2 and any("“a”" in message for message in found), found
    assert not any("autocomplete" in message for message in found), "Material's own toggle is not counted"
