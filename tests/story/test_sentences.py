"""Short sentences, measured: on every page of the nav, the running text a reader reads averages
18 words a sentence or fewer, and no more than one sentence in twenty runs past 30 words.

Running text is the article's paragraphs, list items and definitions (`p`, `li`, `dd`), each
counted once, without what is not prose: tables, charts, key-figure cards, the bibliography,
downloads, "Cite this page", code, permalinks, the fact-check's folded evidence and the names of the
records a change touched. Sentences are
split by pysbd, a maintained rule-based splitter (abbreviations, decimals and initials are not
sentence ends); a word is a run of letters or digits, so "1.225 billion" and "WeChat's" are two
words and one.

The Chinese edition is measured the same way, in Chinese units: pysbd's Chinese rules split its
sentences, and a sentence's length is its Chinese characters plus its words in Latin letters or
digits; at most 40 on average, and no more than one sentence in twenty past 80.

`python tests/story/test_sentences.py SITE_DIR` prints every page's figures for a built site.
"""

from __future__ import annotations

import copy
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pysbd
import pytest
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
MAX_AVERAGE = 18
LONG = 30  # a sentence of more words than this is long
MAX_LONG_SHARE = 0.05

# Not running text: what sits inside these is left out.
NOT_PROSE = ", ".join([
    "table", "figure", ".sk-chart", ".sk-figures", ".sk-sources", ".sk-downloads", ".sk-cite-page", "pre",
    "code", ".headerlink",
    ".sk-check details", ".sk-check__evidence",  # the fact-check's evidence, folded away
    ".sk-change__facts",  # a change's list of the records it touched: names, not sentences
])
BLOCKS = ("p", "li", "dd")
WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*")  # "1.225", "25,086.43", "WeChat's" and "studyofnet.com" are one word
SEGMENTER = pysbd.Segmenter(language="en", clean=False)
ZH = "zh/"
MAX_AVERAGE_ZH, LONG_ZH = 40, 80
SEGMENTER_ZH = pysbd.Segmenter(language="zh", clean=False)
UNIT_ZH = re.compile(r"[\u4e00-\u9fff]|[A-Za-z0-9]+(?:[.,'’][A-Za-z0-9]+)*")


def nav_pages() -> list[str]:
    """The site's pages in nav order, as paths of the built site ("" for the home page)."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("!", lambda load, suffix, node: None)  # !ENV and friends
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)

    def files(entries) -> list[str]:
        found = []
        for entry in entries:
            value = next(iter(entry.values())) if isinstance(entry, dict) else entry
            found += files(value) if isinstance(value, list) else [value]
        return found
    return ["" if md == "index.md" else md.removesuffix(".md") + "/" for md in files(config["nav"])]


def running_text(html: str) -> list[str]:
    """The page's running text, one string per paragraph, list item or definition."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    for tag in article.select(NOT_PROSE):
        tag.decompose()
    texts = []
    for block in article.find_all(BLOCKS):
        if block.find_parent(BLOCKS) is not None:
            continue  # counted with the block it sits in
        texts += _texts_of(block)
    return [text for text in texts if text]


def _texts_of(block) -> list[str]:
    """A block's own text and, apart, that of each block inside it (a `p` inside an `li`), each once."""
    own = copy.copy(block)
    for tag in own.find_all(BLOCKS):
        tag.decompose()
    texts = [" ".join(own.get_text().split())]
    for tag in block.find_all(BLOCKS):
        if tag.find_parent(BLOCKS) is block:  # deeper blocks are taken with the one they sit in
            texts += _texts_of(tag)
    return texts


def sentences_of(texts: list[str], chinese: bool = False) -> list[str]:
    segmenter = SEGMENTER_ZH if chinese else SEGMENTER
    return [sentence.strip() for text in texts for sentence in segmenter.segment(text) if WORD.search(sentence)]


def words(sentence: str, chinese: bool = False) -> int:
    return len((UNIT_ZH if chinese else WORD).findall(sentence))


@dataclass
class Measure:
    sentences: int
    average: float
    long: int
    longest: list[tuple[int, str]]

    @property
    def long_share(self) -> float:
        return self.long / self.sentences if self.sentences else 0.0

    def __str__(self) -> str:
        unit, long = ("characters", LONG_ZH) if self.chinese else ("words", LONG)
        return (f"{self.sentences} sentences, {self.average:.1f} {unit} on average, "
                f"{self.long} over {long} {unit} ({self.long_share:.0%})")

    chinese: bool = False

    @property
    def passes(self) -> bool:
        most, long = (MAX_AVERAGE_ZH, LONG_ZH) if self.chinese else (MAX_AVERAGE, LONG)
        return self.average <= most and self.long_share <= MAX_LONG_SHARE


def measure(html: str, chinese: bool = False) -> Measure:
    found = sentences_of(running_text(html), chinese)
    counts = [words(sentence, chinese) for sentence in found]
    limit = LONG_ZH if chinese else LONG
    longest = sorted(((count, sentence) for count, sentence in zip(counts, found)), reverse=True)
    return Measure(sentences=len(found), average=sum(counts) / len(counts) if counts else 0.0,
                   long=sum(count > limit for count in counts), longest=[item for item in longest if item[0] > limit],
                   chinese=chinese)


def page_html(site_dir: Path, path: str) -> str:
    return (site_dir / path / "index.html").read_text(encoding="utf-8")


# Tests


@pytest.mark.parametrize("path", nav_pages(), ids=lambda path: path.rstrip("/") or "home")
def test_sentences_are_short_enough_for_a_phone(site_dir, path):
    result = measure(page_html(site_dir, path))
    print(f"\n{path or 'home'}: {result}")
    assert result.sentences > 0, f"{path or 'home'}: no running text found"
    long = "".join(f"\n  {count} words: {sentence}" for count, sentence in result.longest)
    assert result.passes, (f"{path or 'home'}: {result}; the limits are {MAX_AVERAGE} words on average and "
                           f"{MAX_LONG_SHARE:.0%} over {LONG} words{long}")


@pytest.mark.parametrize("path", nav_pages(), ids=lambda path: "zh-" + (path.rstrip("/") or "home"))
def test_chinese_sentences_are_short_enough_for_a_phone(site_dir, path):
    result = measure(page_html(site_dir / ZH, path), chinese=True)
    print(f"\nzh/{path}: {result}")
    assert result.sentences > 0, f"zh/{path}: no running text found"
    long = "".join(f"\n  {count}: {sentence}" for count, sentence in result.longest)
    assert result.passes, (f"zh/{path}: {result}; the limits are {MAX_AVERAGE_ZH} on average and "
                           f"{MAX_LONG_SHARE:.0%} over {LONG_ZH}{long}")


def test_the_chinese_measure_counts_characters_and_splits_at_chinese_stops():
    text = "腾讯股价当天下跌8.98%，收于446.00港元。恒生指数也下跌了。"
    assert sentences_of([text], chinese=True) == ["腾讯股价当天下跌8.98%，收于446.00港元。", "恒生指数也下跌了。"]
    assert words("腾讯下跌8.98%。", chinese=True) == 5
    long = "<article><p>" + "微信团队在微博发文称新用户暂时无法注册" * 6 + "。</p></article>"
    assert not measure(long, chinese=True).passes


def test_the_measure_catches_long_sentences_and_leaves_out_what_is_not_prose():
    long_sentence = ("The WeChat team announced on Weibo that new personal and official accounts could not be "
                     "registered during a security upgrade, citing relevant laws and regulations, and CNA reported "
                     "that sign-ups had been failing since the day before, while Tencent's shares fell.")
    short = "Registration was open again on 5 August 2021. Tencent confirmed it. Its shares fell 8.98% that day."
    chart = "<figure class='sk-chart'><p>" + long_sentence * 3 + "</p></figure>"
    evidence = "<div class='sk-check'><details><ul><li>" + long_sentence + "</li></ul></details></div>"
    bad = f"<article><p>{long_sentence}</p><ul><li><p>{short}</p></li></ul></article>"
    good = f"<article><p>{short}</p><ul><li><p>{short}</p></li></ul>{chart}{evidence}<table><tr><td>" \
           f"{long_sentence}</td></tr></table></article>"
    assert words(long_sentence) > LONG and words("It fell 8.98% to HK$446, WeChat's 1.225 billion.") == 9
    caught = measure(bad)
    assert caught.sentences == 4, "a p inside an li is counted once, and decimals end no sentence"
    assert caught.long == 1 and not caught.passes, caught
    passed = measure(good)
    assert passed.sentences == 6 and passed.long == 0 and passed.passes, passed


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    for edition, chinese in (("", False), (ZH, True)):
        if not (site / edition / "index.html").exists():
            continue
        for path in nav_pages():
            result = measure(page_html(site / edition, path), chinese)
            print(f"{edition + path or 'home':18} {result}")
            if "-v" in sys.argv:
                for count, sentence in result.longest:
                    print(f"    {count}: {sentence}")
