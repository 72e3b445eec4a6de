"""This site's story stays in its own files: no word of it is in the generator (scripts/storykit), and none
reaches the site of another story the generator builds (tests/stories/ferry)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import MACHINERY, ROOT, ferry_build

# Words of this site's story: none may appear in the machinery, nor in another story's site.
THIS_STORY = re.compile(r"wechat|weixin|tencent|qingfeng|qinglang|weibo|pandaily|hkd|hk\$|rmb|renminbi|"
                        r"hang seng|meituan|微信|腾讯|騰訊|清风|清風", re.I)


@pytest.fixture(scope="module")
def ferry_site(tmp_path_factory) -> Path:
    return ferry_build(tmp_path_factory.mktemp("ferry") / "site")


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


def test_nothing_of_this_story_reaches_the_second_storys_site(ferry_site):
    for path in sorted(ferry_site.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".csv", ".json", ".xml", ".svg"):
            text = path.read_text(encoding="utf-8")
            assert not THIS_STORY.search(text), f"{path.relative_to(ferry_site)}: {THIS_STORY.search(text).group(0)}"
