"""The Chinese edition written as Chinese, for people who use 微信 every day: no translator's habits in
what a reader sees (该文 at every turn, 本身的, 自己的, 作为……的一部分, the 被 passive), and the Chinese
sources' own words where the page quotes them."""

from __future__ import annotations

import re

import pytest

from conftest import ZH, soup_of

# The pages written to these rules so far; the others join the list as they are.
PAGES = ["suspension/", "scale/", "fact-check/"]
CALQUES = re.compile(r"该文|本身的|自己的|作为.{0,20}的一部分|被")


def visible_text(site_dir, path: str) -> str:
    """What a reader of the page's article reads (quotes of other sources left out: their words are theirs)."""
    article = soup_of(site_dir / ZH, path).select_one("article")
    for tag in article.select("script, style, svg, code, q, [lang=en], [lang=zh-Hant], .headerlink"):
        tag.decompose()
    return "".join(article.get_text().split())


def calques(text: str) -> list[str]:
    return [text[max(0, m.start() - 12):m.end() + 12] for m in CALQUES.finditer(text)]


@pytest.mark.parametrize("path", PAGES)
def test_chinese_pages_have_no_translators_habits(site_dir, path):
    assert calques(visible_text(site_dir, path)) == []


def test_the_habit_check_catches_them():
    assert len(calques("该文称，腾讯本身的声明被路透社引用，作为清朗行动的一部分。")) == 4
    assert calques("原报道称，这篇报道引用了腾讯的声明。") == []


def test_chinese_pages_quote_the_chinese_sources_in_their_own_words(site_dir):
    """The WeChat team's Weibo post (CNA's quote, in Traditional script), customer service's reply as
    财富中文网 reported it, and Reuters' Chinese service: quoted as they were written, not back-translated."""
    quoted: dict[str, list[str]] = {}
    for path in ("suspension/", "fact-check/"):
        for q in soup_of(site_dir / ZH, path).select("article q"):
            quoted.setdefault(q.get("lang"), []).append(q.get_text())
    assert any(text.startswith("根據相關法律法規") for text in quoted.get("zh-Hant", []))
    assert any(text.startswith("目前平台系统正在进行技术升级") for text in quoted.get("zh-Hans", []))
    assert any("腾讯控股已恢复中国大陆微信新用户注册" in text for text in quoted.get("zh-Hans", []))
    everything = " ".join(soup_of(site_dir / ZH, path).get_text() for path in PAGES)
    assert "导致了此次暂停" not in everything, "no quote carries words that no source has"


def test_counts_in_yi_have_two_decimals_as_the_chinese_press_writes_them(story):
    from conftest import ROOT
    from storykit.language import load_language

    chinese = load_language("zh-Hans", ROOT / "docs" / "data" / "words", base="en")
    english = load_language("en", ROOT / "docs" / "data" / "words")
    assert story.fact("mau_2017").display(chinese) == "9.89亿", "as Tencent's Chinese releases print it"
    assert story.fact("mau_2020").display(chinese) == "12.25亿" and story.fact("mau_2021q1").display(chinese) == "约12.4亿"
    assert story.fact("mau_2017").display(english) == "988.6 million", "English keeps the figure as reported"
