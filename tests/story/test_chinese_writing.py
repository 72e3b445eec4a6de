"""The Chinese edition quotes the Chinese sources in their own words, and writes counts as the Chinese press
does. (Its sentences are Chinese sentences: test_chinese.py.)"""

from __future__ import annotations

from helpers import SITE, soup_of
from storykit.writing.writer import FactWriter

ZH = SITE.editions[1].path  # the Chinese edition's folder in the site

PAGES = ["suspension/", "fact-check/"]  # where the Chinese sources are quoted


def test_chinese_pages_quote_the_chinese_sources_in_their_own_words(site_dir):
    """The WeChat team's Weibo post (CNA's quote, in Traditional script), customer service's reply as
    财富中文网 reported it, and Reuters' Chinese service: quoted as they were written, not back-translated."""
    quoted: dict[str, list[str]] = {}
    for path in PAGES:
        for q in soup_of(site_dir / ZH, path).select("article q"):
            quoted.setdefault(q.get("lang"), []).append(q.get_text())
    assert any(text.startswith("根據相關法律法規") for text in quoted.get("zh-Hant", []))
    assert any(text.startswith("目前平台系统正在进行技术升级") for text in quoted.get("zh-Hans", []))
    assert any("腾讯控股已恢复中国大陆微信新用户注册" in text for text in quoted.get("zh-Hans", []))
    everything = " ".join(soup_of(site_dir / ZH, path).get_text() for path in PAGES)
    assert "导致了此次暂停" not in everything, "no quote carries words that no source has"


def test_counts_in_yi_have_two_decimals_as_the_chinese_press_writes_them(story, english, chinese):
    assert FactWriter(story, chinese).value("mau_2017") == "9.89亿", "as Tencent's Chinese releases print it"
    assert FactWriter(story, chinese).value("mau_2020") == "12.25亿" and FactWriter(story, chinese).value("mau_2021q1") == "约12.4亿"
    assert FactWriter(story, english).value("mau_2017") == "988.6 million", "English keeps the figure as reported"
