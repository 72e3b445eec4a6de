"""The editorial rules that a machine can check, on the words readers see in the built site.

Each rule comes from the project's standards ("Say no more than the sources"): no cause in the
site's own voice, a disputed date never stated as settled, "expected" never "promised", accounts
never "people", a finished campaign in the past tense, and a summary that does not leave out the
harshest verdict. (Bounds carried through formulas are checked in test_data.py.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

PAGES = ["", "suspension/", "qingfeng-plan/", "scale/", "fact-check/", "sources/", "changes/", "about/"]
CAUSAL = re.compile(r"\b(because|as a result|due to|hit by|behind|drove|driven by|caused|blamed|on news of|"
                    r"on a string of|triggered|sparked|prompted)\b", re.I)
# The site explaining its own workings, which is not a claim about the events.
OWN_WORKINGS = ("hatched because", "dossier behind this site")
QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”")


def sentences(site_dir: Path, path: str, *, keep_quotes: bool = False) -> list[tuple[str, BeautifulSoup]]:
    """The sentences of a page's article, each with the markup it came from (quotes left out)."""
    soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    for tag in article.select("code, .headerlink" + ("" if keep_quotes else ", q")):
        tag.decompose()
    found = []
    for block in article.select("p, li, td, dd, dt, figcaption, span.sk-chart__takeaway"):
        if block.find(["p", "li"]):  # counted in its own paragraphs
            continue
        html = str(block)
        for sentence in re.split(r"(?<=[.;!?])\s+(?=[A-Z])", " ".join(block.get_text(" ").split())):
            found.append((sentence, BeautifulSoup(html, "html.parser")))
    return found


def chart_texts(site_dir: Path) -> list[str]:
    """Every text drawn in a chart: labels, notes, hover texts and legend names, on both screens."""
    texts = []
    for path in sorted((site_dir / "charts").glob("*.json")):
        figure = json.loads(path.read_text(encoding="utf-8"))
        texts += [note.get("text", "") for note in figure["layout"].get("annotations", [])]
        for trace in figure["data"]:
            text = trace.get("text")
            texts += text if isinstance(text, list) else [text or ""]
            texts += [trace.get("hovertemplate", ""), trace.get("name", "")]
    return [text for text in texts if text]


def outlets(story) -> set[str]:
    """Names that credit a claim to its source. Tencent is a source too, but it is the story's
    subject: "Tencent's shares fell" credits nothing."""
    english = (source.outlet.get("en", "") if isinstance(source.outlet, dict) else source.outlet
               for source in story.sources.values())
    names = {outlet.split(" (")[0] for outlet in english} - {"Tencent", ""}
    return names | {"the article", "The article", "CNA", "SCMP"}


# The rules, each a function of a page's sentences that returns what breaks it


def cause_problems(found: list[tuple[str, BeautifulSoup]], credited: set[str]) -> list[str]:
    """A causal word is allowed only where the sentence credits an outlet with it (or quotes it)."""
    problems = []
    for sentence, _ in found:
        unquoted = QUOTED.sub("", sentence)
        if CAUSAL.search(unquoted) and not any(words in unquoted for words in OWN_WORKINGS) \
                and not any(name in unquoted for name in credited):
            problems.append(f"a cause in the site's own voice: {sentence}")
    return problems


def promise_problems(found: list[tuple[str, BeautifulSoup]]) -> list[str]:
    return [f"promised: {sentence}" for sentence, _ in found if re.search(r"\bpromis", sentence, re.I)]


def people_problems(found: list[tuple[str, BeautifulSoup]]) -> list[str]:
    problems = []
    for sentence, markup in found:
        links = [a["href"] for a in markup.select("a.sk-fact[href]") if a.get_text() in sentence]
        if any(ACCOUNT_COUNTS.search(href) for href in links) and re.search(r"\bpeople\b", sentence):
            problems.append(f"accounts called people: {sentence}")
    return problems


def start_problems(found: list[tuple[str, BeautifulSoup]]) -> list[str]:
    """The day of the WeChat team's post is when it announced the suspension, not when sign-ups
    stopped; and the morning reports of failures are studyofnet.com's, a date others dispute."""
    problems = []
    for sentence, markup in found:
        days = [a for a in markup.select("a.sk-fact[href$='#fact-weibo_post'], a.sk-fact[href$='#fact-tuesday']")
                if a.get_text() in sentence]
        if days and re.search(r"\b(stopped|began|started|start of the suspension|day of the suspension)\b", sentence) \
                and not re.search(r"announc|post|Weibo|CNA|disputed", sentence):
            problems.append(f"the disputed start stated as settled: {sentence}")
        if re.search(r"failed registrations|registration failures", sentence, re.I) and "morning" in sentence \
                and not re.search(r"studyofnet|disput", sentence):
            problems.append(f"the morning reports stated without their source: {sentence}")
    return problems


def tense_problems(found: list[tuple[str, BeautifulSoup]]) -> list[str]:
    present = re.compile(r"\b(the (Qingfeng )?plan|the campaign) (is|targets|runs|ends|bans|covers|concerns|belongs|"
                         r"follows)\b", re.I)
    return [f"a finished campaign in the present: {sentence}" for sentence, _ in found
            if not sentence.startswith(("The article says", "It says")) and present.search(sentence)]


@pytest.mark.parametrize("path", PAGES)
def test_no_cause_is_given_in_the_sites_own_voice(site_dir, story, path):
    assert cause_problems(sentences(site_dir, path), outlets(story)) == []


def test_no_chart_gives_a_cause_in_its_own_voice(site_dir):
    for text in chart_texts(site_dir):
        assert not CAUSAL.search(QUOTED.sub("", text)), text


@pytest.mark.parametrize("path", PAGES)
def test_expected_is_never_promised(site_dir, path):
    assert promise_problems(sentences(site_dir, path, keep_quotes=True)) == []


ACCOUNT_COUNTS = re.compile(r"#fact-(mau_\w+|a_mau|a_users|daily_\w+|a_daily_\w+|wecom_active_users|a_wecom_users)$")


@pytest.mark.parametrize("path", PAGES)
def test_counts_of_accounts_are_never_called_people(site_dir, path):
    assert people_problems(sentences(site_dir, path)) == []
    for text in chart_texts(site_dir):
        assert not re.search(r"\bpeople\b|\bposts, daily\b", text), text


@pytest.mark.parametrize("path", PAGES)
def test_the_disputed_start_is_never_stated_as_settled(site_dir, path):
    assert start_problems(sentences(site_dir, path)) == []


def test_the_finished_campaign_is_told_in_the_past(site_dir):
    assert tense_problems(sentences(site_dir, "qingfeng-plan/") + sentences(site_dir, "fact-check/")) == []


def test_the_fact_check_summary_names_its_harshest_verdict(site_dir, story):
    soup = BeautifulSoup((site_dir / "fact-check" / "index.html").read_text(encoding="utf-8"), "html.parser")
    summary = soup.select_one("article h1").find_next("p").get_text(" ")
    for verdict, words in (("wrong", "One claim is wrong"), ("overstated", "overstates")):
        if any(check.verdict == verdict for check in story.checks):
            assert words in summary, f"the summary leaves out the '{verdict}' verdict: {summary}"


def test_the_rules_catch_what_they_are_for(tmp_path, story):
    """Each rule above, against a small page written to break it, and against the same page fixed."""
    bad = ('<article><p>Shares fell on a string of regulatory news. The statements promised a return. '
           'It had <a class="sk-fact" href="x/#fact-mau_2020">1.225 billion</a> people. Sign-ups stopped on '
           '<a class="sk-fact" href="x/#fact-weibo_post">27 July 2021</a>. Failed registrations were reported '
           'that morning. The plan targets minors.</p></article>')
    good = ('<article><p>Reuters put the fall down to market jitters. The statements expected a return. It had '
            '<a class="sk-fact" href="x/#fact-mau_2020">1.225 billion</a> monthly active users. The team announced '
            'the suspension on <a class="sk-fact" href="x/#fact-weibo_post">27 July 2021</a>. studyofnet.com '
            'dates failed registrations to that morning. The plan targeted minors.</p></article>')
    for name, html in (("bad", bad), ("good", good)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text(html, encoding="utf-8")
    found = {name: sentences(tmp_path, f"{name}/") for name in ("bad", "good")}
    rules = [lambda f: cause_problems(f, outlets(story)), promise_problems, people_problems, start_problems,
             tense_problems]
    caught = [len(rule(found["bad"])) for rule in rules]
    assert caught == [1, 1, 1, 2, 1], caught
    assert [rule(found["good"]) for rule in rules] == [[]] * len(rules)


# The same rules on the Chinese edition, in Chinese words

ZH = "zh/"
CAUSAL_ZH = re.compile(r"因为|由于|导致|造成|引发|引起|致使|归咎|归因|起因|受.{0,8}影响|拖累|所致|诱因")
QUOTED_ZH = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"")
PROMISE_ZH = re.compile(r"承诺|保证")


def chinese_sentences(site_dir: Path, path: str) -> list[tuple[str, BeautifulSoup]]:
    """The sentences of a Chinese page's article (quotes in other languages left out)."""
    soup = BeautifulSoup((site_dir / ZH / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    for tag in article.select("code, .headerlink, q, [lang=en], [lang=zh-Hant]"):
        tag.decompose()
    found = []
    for block in article.select("p, li, td, dd, dt, figcaption, span.sk-chart__takeaway"):
        if block.find(["p", "li"]):
            continue
        html = str(block)
        text = QUOTED_ZH.sub("“…”", "".join(block.get_text().split()))  # a quote's own full stops end no sentence
        for sentence in re.split(r"(?<=[。！？；])", text):
            if sentence:
                found.append((sentence, BeautifulSoup(html, "html.parser")))
    return found


def chinese_outlets(story) -> set[str]:
    names = set()
    for source in story.sources.values():
        outlet = source.outlet.get("zh-Hans", "") if isinstance(source.outlet, dict) else source.outlet
        names.add(re.split(r"[（(]", outlet)[0])
    return (names - {"腾讯", ""}) | {"该文", "中央社", "路透社", "南华早报", "德国之声", "泰晤士报"}


def chinese_problems(found: list[tuple[str, BeautifulSoup]], credited: set[str]) -> list[str]:
    problems = []
    for sentence, markup in found:
        unquoted = QUOTED_ZH.sub("", sentence)
        if CAUSAL_ZH.search(unquoted) and not any(name in unquoted for name in credited) \
                and "斜线" not in unquoted:  # "hatched because it is an estimate": the site's own workings
            problems.append(f"a cause in the site's own voice: {sentence}")
        if PROMISE_ZH.search(sentence):
            problems.append(f"promised: {sentence}")
        links = [a["href"] for a in markup.select("a.sk-fact[href]") if a.get_text() in sentence]
        if any(ACCOUNT_COUNTS.search(href) for href in links) and re.search(r"(亿|万)人|人数", sentence):
            problems.append(f"accounts called people: {sentence}")
        days = [a for a in markup.select("a.sk-fact[href$='#fact-weibo_post'], a.sk-fact[href$='#fact-tuesday']")
                if a.get_text() in sentence]
        if days and re.search(r"停止|开始|起暂停|暂停开始", sentence) and not re.search(r"宣布|发文|微博|中央社|争议|说法", sentence):
            problems.append(f"the disputed start stated as settled: {sentence}")
        if re.search(r"(注册失败|无法注册).*上午|上午.*(注册失败|无法注册)", sentence) \
                and not re.search(r"studyofnet|争议|说法", sentence):
            problems.append(f"the morning reports stated without their source: {sentence}")
    return problems


@pytest.mark.parametrize("path", PAGES)
def test_the_chinese_edition_keeps_the_same_rules(site_dir, story, path):
    assert chinese_problems(chinese_sentences(site_dir, path), chinese_outlets(story)) == []


def test_the_chinese_rules_catch_what_they_are_for(tmp_path, story):
    bad = ('<article><p>股价因为一连串监管消息下跌。两份声明承诺恢复注册。微信有<a class="sk-fact" '
           'href="x/#fact-mau_2020">12.25亿</a>人。注册于<a class="sk-fact" href="x/#fact-weibo_post">2021年7月27日</a>'
           '停止。当天上午就有人无法注册。</p></article>')
    good = ('<article><p>路透社将下跌归因于市场对监管的不安。两份声明预计恢复注册。微信有<a class="sk-fact" '
            'href="x/#fact-mau_2020">12.25亿</a>月活跃用户。微信团队于<a class="sk-fact" href="x/#fact-weibo_post">'
            '2021年7月27日</a>宣布暂停。studyofnet.com称当天上午就有人无法注册。</p></article>')
    for name, html in (("bad", bad), ("good", good)):
        (tmp_path / ZH / name).mkdir(parents=True)
        (tmp_path / ZH / name / "index.html").write_text(html, encoding="utf-8")
    outlets = chinese_outlets(story)
    assert len(chinese_problems(chinese_sentences(tmp_path, "bad/"), outlets)) == 5
    assert chinese_problems(chinese_sentences(tmp_path, "good/"), outlets) == []
