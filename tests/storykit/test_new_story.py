"""`storykit new` writes a story that builds at once with --strict, in the languages asked for, with nothing
in English in a language storykit has words for; a language it has none for gets them to translate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import english_interface_words

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}


def storykit(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "storykit", *arguments], cwd=cwd, env=ENV, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def german_and_french(tmp_path_factory) -> Path:
    """A new story in German and French, built as its author would build it."""
    folder = tmp_path_factory.mktemp("new") / "story"
    made = storykit("new", str(folder), "--languages", "de,fr", cwd=folder.parent)
    assert made.returncode == 0, made.stderr
    built = storykit("build", cwd=folder)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    return folder


def test_a_new_story_builds_at_once_in_its_languages(german_and_french):
    site = german_and_french / "site"
    german = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    french = BeautifulSoup((site / "fr" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert german.html["lang"] == "de" and french.html["lang"] == "fr"
    assert re.search(r"41\.000 +Besucher", german.select_one("article").get_text(" "))
    assert re.search("41\u202f000 +visiteurs", french.select_one("article").get_text(" ")), "French grouping"
    assert german.select_one("#chart-visitors-title").get_text() == "Mehr Besucher als im Jahr davor"
    assert (site / "fr" / "sources" / "index.html").is_file() and (site / "changes" / "index.html").is_file()
    written = sorted(path.relative_to(german_and_french).as_posix() for path in german_and_french.rglob("*")
                     if path.is_file() and "site" not in path.parts and ".cache" not in path.parts)
    assert written == ["CITATION.cff", "charts.py", "docs/changes.md", "docs/data/story.yaml",
                       "docs/data/words/de.yaml", "docs/data/words/fr.yaml", "docs/fr/changes.md", "docs/fr/index.md",
                       "docs/fr/sources.md", "docs/index.md", "docs/sources.md", "mkdocs.fr.yml", "mkdocs.yml"]


def test_a_new_story_in_german_shows_no_english_interface_word(german_and_french):
    words = english_interface_words()
    soup = BeautifulSoup((german_and_french / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    foreign = [tag for tag in soup.select("[lang]:not(html)") if not tag["lang"].startswith("de")]
    for tag in soup(["script", "style", "code", "pre"]) + foreign:
        if not tag.decomposed:
            tag.decompose()
    text = soup.get_text(" ").replace("Data Package", "")
    assert sorted(set(words.findall(text))) == []


def test_a_language_without_words_gets_them_to_translate_and_still_builds(tmp_path):
    folder = tmp_path / "story"
    assert storykit("new", str(folder), "--languages", "sv", cwd=tmp_path).returncode == 0
    words = (folder / "docs" / "data" / "words" / "sv.yaml").read_text(encoding="utf-8")
    assert "translate every entry" in words and "Cite this page" in words
    assert "cldr_locale" not in words, "Swedish dates come from CLDR's Swedish, not British English"
    built = storykit("build", cwd=folder)
    assert built.returncode == 0, built.stderr
    page = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert "41\u00a0000" in page and 'lang="sv"' in page, "Swedish grouping, from CLDR"


@pytest.mark.parametrize("arguments, says", [
    (("--languages", "xx-nonsense"), "CLDR knows no language 'xx-nonsense'"),
    (("--languages", "de,de"), "a language named twice"),
])
def test_a_new_story_refuses_what_it_cannot_write(tmp_path, arguments, says):
    result = storykit("new", str(tmp_path / "story"), *arguments, cwd=tmp_path)
    assert result.returncode != 0 and says in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "story").exists()


def test_a_new_story_is_never_written_over_another(tmp_path):
    (tmp_path / "story").mkdir()
    (tmp_path / "story" / "notes.txt").write_text("mine", encoding="utf-8")
    result = storykit("new", str(tmp_path / "story"), cwd=tmp_path)
    assert result.returncode != 0 and "is not empty" in result.stderr
    assert [path.name for path in (tmp_path / "story").iterdir()] == ["notes.txt"]
