"""The generator tells other stories: a second, tiny one (tests/stories/ferry) builds with the same
machinery, in its own words and its own currency, and nothing of the WeChat story is in the machinery."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

FERRY = ROOT / "tests" / "stories" / "ferry"
MACHINERY = ROOT / "scripts" / "storykit"
# Words of this site's story: none may appear in the machinery, nor in another story's site.
THIS_STORY = re.compile(r"wechat|weixin|tencent|qingfeng|qinglang|weibo|pandaily|hkd|hk\$|rmb|renminbi|"
                        r"hang seng|meituan|微信|腾讯|騰訊|清风|清風", re.I)


@pytest.fixture(scope="module")
def ferry_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("ferry") / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=FERRY, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return site


def test_the_machinery_holds_no_word_of_this_story():
    found = []
    for path in sorted(MACHINERY.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".html", ".js", ".css", ".json"):
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
                if THIS_STORY.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:80]}")
    assert found == []


def test_the_check_for_this_storys_words_catches_them():
    assert THIS_STORY.search("Tencent's shares") and THIS_STORY.search("HK$446") and THIS_STORY.search("微信")
    assert not THIS_STORY.search("A single crossing cost €4.50")


def test_a_second_story_builds_in_its_own_words_and_currency(ferry_site):
    soup = BeautifulSoup((ferry_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    text = " ".join(article.get_text().split())
    assert "A single crossing on the lake ferry cost €4.50 in July 2024, and a return €8.00." in text
    assert soup.select_one("#chart-fares-title").get_text() == "A return cost less than two singles", \
        "chart words from the story's own words file"
    crossings = soup.select_one("a.sk-fact[href$='#fact-crossings']")
    assert crossings.get_text() == "about 12,000"
    assert crossings.find_next_sibling("span").get_text() == "rough figure", "a machinery word the story changed"
    assert soup.select_one(".sk-check__claim").get_text().startswith("The leaflet: "), "the subject in its own words"
    assert soup.select_one(".sk-check__reason").get_text() == "The fares notice gives a higher single fare than the leaflet."
    assert soup.html["lang"] == "en"


def test_nothing_of_this_story_reaches_the_second_storys_site(ferry_site):
    for path in sorted(ferry_site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".csv", ".json", ".xml", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert not THIS_STORY.search(text), f"{path.relative_to(ferry_site)}: {THIS_STORY.search(text).group(0)}"


def test_the_second_storys_data_names_its_own_currency(ferry_site):
    facts = (ferry_site / "data" / "facts.csv").read_text(encoding="utf-8")
    assert "single_fare,A single crossing,4.5,,eur,€4.50" in facts
    package = (ferry_site / "data" / "datapackage.json").read_text(encoding="utf-8")
    assert "count, percent, share, points, age, days, months, ratio, date, month, text or eur" in package


def test_a_mistake_in_the_second_story_names_its_own_file(tmp_path):
    import shutil

    copy = tmp_path / "stories" / "ferry"
    shutil.copytree(FERRY, copy, ignore=shutil.ignore_patterns(".cache"))
    config = copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("../../../", f"{ROOT}/"), encoding="utf-8")
    data = copy / "docs" / "data" / "fares.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("    value: 4.5\n", "    value: cheap\n"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=copy, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode != 0 and len(errors) == 1, result.stderr
    assert "docs/data/fares.yaml, line" in errors[0] and "facts.single_fare.value: expected an amount in euros" \
        in errors[0], errors[0]
