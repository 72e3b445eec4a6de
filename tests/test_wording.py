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

PAGES = ["", "suspension/", "qingfeng-plan/", "scale/", "fact-check/", "sources/", "about/"]
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
    names = {source.outlet.split(" (")[0] for source in story.sources.values()} - {"Tencent"}
    return names | {"the article", "The article", "CNA", "SCMP"}


@pytest.mark.parametrize("path", PAGES)
def test_no_cause_is_given_in_the_sites_own_voice(site_dir, story, path):
    """A causal word is allowed only where the sentence credits an outlet with it (or quotes it)."""
    credited = outlets(story)
    for sentence, _ in sentences(site_dir, path):
        unquoted = QUOTED.sub("", sentence)
        if CAUSAL.search(unquoted) and not any(words in unquoted for words in OWN_WORKINGS):
            assert any(name in unquoted for name in credited), f"a cause in the site's own voice: {sentence}"


def test_no_chart_gives_a_cause_in_its_own_voice(site_dir):
    for text in chart_texts(site_dir):
        assert not CAUSAL.search(QUOTED.sub("", text)), text


@pytest.mark.parametrize("path", PAGES)
def test_expected_is_never_promised(site_dir, path):
    for sentence, _ in sentences(site_dir, path, keep_quotes=True):
        assert not re.search(r"\bpromis", sentence, re.I), sentence


ACCOUNT_COUNTS = re.compile(r"#fact-(mau_\w+|a_mau|a_users|daily_\w+|a_daily_\w+|wecom_active_users|a_wecom_users)$")


@pytest.mark.parametrize("path", PAGES)
def test_counts_of_accounts_are_never_called_people(site_dir, path):
    for sentence, markup in sentences(site_dir, path):
        links = [a["href"] for a in markup.select("a.sk-fact[href]") if a.get_text() in sentence]
        if any(ACCOUNT_COUNTS.search(href) for href in links):
            assert not re.search(r"\bpeople\b", sentence), sentence
    for text in chart_texts(site_dir):
        assert not re.search(r"\bpeople\b|\bposts, daily\b", text), text


@pytest.mark.parametrize("path", PAGES)
def test_the_disputed_start_is_never_stated_as_settled(site_dir, path):
    """The day of the WeChat team's post is when it announced the suspension, not when sign-ups stopped."""
    for sentence, markup in sentences(site_dir, path):
        days = [a for a in markup.select("a.sk-fact[href$='#fact-weibo_post'], a.sk-fact[href$='#fact-tuesday']")
                if a.get_text() in sentence]
        if days and re.search(r"\b(stopped|began|started|start of the suspension|day of the suspension)\b", sentence):
            assert re.search(r"announc|post|Weibo|CNA|disputed", sentence), sentence


def test_the_finished_campaign_is_told_in_the_past(site_dir):
    present = re.compile(r"\b(the (Qingfeng )?plan|the campaign) (is|targets|runs|ends|bans|covers|concerns|belongs|follows)\b",
                         re.I)
    for sentence, _ in sentences(site_dir, "qingfeng-plan/") + sentences(site_dir, "fact-check/"):
        if not sentence.startswith(("The article says", "It says")):
            assert not present.search(sentence), sentence


def test_the_fact_check_summary_names_its_harshest_verdict(site_dir, story):
    soup = BeautifulSoup((site_dir / "fact-check" / "index.html").read_text(encoding="utf-8"), "html.parser")
    summary = soup.select_one("article h1").find_next("p").get_text(" ")
    for verdict, word in (("wrong", "wrong"), ("overstated", "overstates")):
        if any(check.verdict == verdict for check in story.checks):
            assert word in summary.lower(), f"the summary leaves out the '{verdict}' verdict: {summary}"


def test_the_rules_catch_what_they_are_for(tmp_path):
    """Each check above, against a small page written to break it."""
    page = tmp_path / "bad"
    page.mkdir()
    page.joinpath("index.html").write_text(
        '<article><p>Shares fell on a string of regulatory news. Reuters blamed jitters.</p>'
        '<p>The statements promised a return.</p><p>It had <a class="sk-fact" href="x/#fact-mau_2020">'
        '1.225 billion</a> people.</p><p>Sign-ups stopped on <a class="sk-fact" href="x/#fact-weibo_post">'
        '27 July 2021</a>.</p></article>', encoding="utf-8")
    found = dict(sentences(tmp_path, "bad/"))
    assert CAUSAL.search("Shares fell on a string of regulatory news.")
    assert "Reuters blamed jitters." in found
    assert any(re.search(r"\bpromis", s) for s in found)
    stopped = next(markup for s, markup in found.items() if s.startswith("Sign-ups stopped"))
    assert stopped.select("a.sk-fact[href$='#fact-weibo_post']")
