"""This site's pages name its facts: the built pages (parsed, not grepped) show this story's figures, quotes,
checks and glossary as its readers should read them. (What any story's pages get from the generator:
tests/storykit/test_pages.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from helpers import ROOT, evidence_said_twice


def parsed(site_dir: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site_dir / page / "index.html" if page else site_dir / "index.html").read_text(), "html.parser")


def test_home_page_tells_the_story_with_formatted_key_figures(site_dir):
    soup = parsed(site_dir, "")
    figures = {li.select_one(".sk-figure__value").get_text(): li.select_one(".sk-figure__label").get_text()
               for li in soup.select(".sk-figures li")}
    assert figures["27 July 2021"].startswith("The WeChat team's Weibo post")
    assert "−8.98%" in figures and "1.225 billion" in figures and "nine days" in figures
    lead = soup.select_one("article p")
    assert "27 July 2021" in lead.get_text() and "5 August 2021" in lead.get_text()


def test_facts_in_prose_link_to_their_record_with_quote_and_source(site_dir):
    soup = parsed(site_dir, "suspension")
    links = soup.select("a.sk-fact")
    assert len(links) > 30
    fall = next(a for a in links if a.get_text() == "8.98%")
    assert fall["href"] == "../sources/#fact-tencent_change_0727"
    assert "暴跌8.98%" in fall["data-sk-tip"] and "Central News Agency" in fall["data-sk-tip"]
    sources = parsed(site_dir, "sources")
    row = sources.select_one("tr#fact-tencent_change_0727")
    assert "−8.98%" in row.get_text() and "plunged 8.98%" in row.get_text()


def test_sources_page_lists_every_fact_and_source(site_dir, story):
    soup = parsed(site_dir, "sources")
    assert {row["id"][5:] for row in soup.select("tr[id^=fact-]")} == set(story.facts)
    assert {item["id"][7:] for item in soup.select("li[id^=source-]")} == set(story.sources)
    derived = soup.select_one("tr#fact-mau_2019_from_article")
    assert "1,164.4 million" in derived.get_text() and "Worked out" in derived.get_text()


def test_downloads_hold_every_fact(site_dir, story):
    rows = list(csv.DictReader(io.StringIO((site_dir / "data" / "facts.csv").read_text())))
    assert [row["fact_id"] for row in rows] == list(story.facts)
    mau = next(row for row in rows if row["fact_id"] == "mau_2020")
    assert mau["value"] == "1225000000" and mau["shown_as"] == "1.225 billion"
    data = json.loads((site_dir / "data" / "facts.json").read_text())
    assert len(data["facts"]) == len(story.facts) and len(data["sources"]) == len(story.sources)
    assert next(f for f in data["facts"] if f["id"] == "plan_end")["value"] == "2021-09-21"


def test_glossary_terms_get_a_definition_wherever_they_appear(site_dir):
    soup = parsed(site_dir, "qingfeng-plan")
    cac = soup.find("abbr", string="CAC")
    assert cac is not None and "Cyberspace Administration of China" in cac["title"]
    about = parsed(site_dir, "about")
    assert about.select_one("dl.sk-glossary dt#term-mau") is not None


def test_fact_check_sets_each_claim_beside_the_sources(site_dir, story):
    """Each check says its point once: the verdict and its reason, the article's words, the evidence in a
    paragraph whose figures link to their records, and every fact it rests on folded away, with its source."""
    soup = parsed(site_dir, "fact-check")
    checks = soup.select(".sk-check")
    assert len(checks) == len(story.checks)
    wecom = soup.select_one("#check-wecom-users").find_next_sibling("div")
    assert "Wrong" in wecom.select_one(".sk-verdict").get_text()
    assert "total of active users, not an increase" in wecom.select_one(".sk-check__reason").get_text()
    assert "boosting the number of active users by 130 million" in wecom.select_one(".sk-check__claim").get_text()
    subject = wecom.select_one("a.sk-check__subject")
    assert subject.get_text() == "The article" and subject["href"] == "../sources/#source-article"
    assert parsed(site_dir, "sources").select_one("li#source-article") is not None
    finding = wecom.select_one(".sk-check__finding")
    assert "more than 130 million" in [link.get_text() for link in finding.select("a.sk-fact")]
    evidence = wecom.select_one("details.sk-check__evidence")
    assert evidence is not None and not evidence.has_attr("open"), "the full evidence is folded away"
    assert "more than 130 million" in evidence.get_text() and story.sources["iresearch"].outlet["en"] in \
        evidence.get_text(), "each fact with the outlets it comes from"
    for check in checks:
        assert len(check.select(".sk-check__reason")) == len(check.select(".sk-check__finding")) == 1


def test_the_articles_outlet_is_hedged_once_not_after_each_quote(site_dir):
    for edition, probably in (("", "probably"), ("zh/", "可能")):
        soup = parsed(site_dir, edition + "fact-check")
        intro = " ".join(p.get_text() for p in soup.select("article h1 ~ p")[:2])
        assert probably in intro and "Pandaily" in intro and "SEE ALSO" in intro, intro
        checks = " ".join(check.get_text() for check in soup.select(".sk-check"))
        assert "Pandaily" not in checks, f"{edition}: the outlet repeated after the article's quotes"


def quoted_words(soup: BeautifulSoup) -> list[str]:
    """Every source's words a page prints: its quotes, and the originals of the quotes it gives in translation
    (their link's tooltip), each as its letters and digits."""
    article = soup.select_one("article")
    for table in article.select("table, .sk-chart"):  # the data tables list every record's quote by design
        table.decompose()
    texts = [q.get_text() for q in article.select("q")]
    texts += [link["data-sk-tip"] for link in article.select("a.sk-cite[data-sk-tip]")]
    return [" ".join(re.findall(r"\w+", text.casefold())) for text in texts]


@pytest.mark.parametrize("page", ["", "suspension", "qingfeng-plan", "scale", "fact-check", "about"])
def test_no_quote_is_printed_twice_on_a_page(site_dir, page):
    for edition in ("", "zh/"):
        found = quoted_words(parsed(site_dir, edition + page if page else edition.rstrip("/")))
        for index, quote in enumerate(found):
            others = found[:index] + found[index + 1:]
            assert not any(f" {quote} " in f" {other} " for other in others), f"{edition}{page}: {quote!r} twice"


def test_the_quote_check_catches_a_quote_printed_twice():
    soup = BeautifulSoup('<article><p><q>WeChat has 1.225 billion monthly active users</q></p><ul><li><a '
                         'class="sk-cite" data-sk-tip="WeChat has 1.225 billion monthly active users, up 5.2%">'
                         'original</a></li></ul></article>', "html.parser")
    found = quoted_words(soup)
    assert found[0] in found[1]


def test_no_evidence_row_says_its_value_twice(site_dir):
    """(says_the_same's own cases: tests/storykit/test_pages.py.)"""
    for edition in ("", "zh/"):
        soup = parsed(site_dir, edition + "fact-check")
        assert soup.select(".sk-check__evidence li")
        assert evidence_said_twice(soup) == [], edition



PAGES = ["", "suspension/", "qingfeng-plan/", "scale/", "fact-check/", "sources/", "changes/", "about/"]


@pytest.mark.parametrize("path", PAGES + ["zh/" + path for path in PAGES])
def test_every_page_has_a_description_long_enough_to_say_something(site_dir, path):
    """(That every page of any story has one, with its sharing tags: storykit/test_reader.py.)"""
    description = parsed(site_dir, path).select_one("meta[name=description]")["content"]
    assert len(description) > (30 if path.startswith("zh/") else 60)


def test_404_page_points_to_the_story_in_each_edition(site_dir):
    soup = BeautifulSoup((site_dir / "404.html").read_text(), "html.parser")
    assert soup.find("h1").get_text() == "Page not found"
    links = {a.get_text() for a in soup.select("article a")}
    assert {"The suspension", "Fact-check", "Sources and data"} <= links
    chinese = BeautifulSoup((site_dir / "zh" / "404.html").read_text(), "html.parser")
    assert chinese.find("h1").get_text() == "页面未找到" and chinese.html["lang"] == "zh-Hans"
    assert {"暂停注册", "事实核查", "来源与数据"} <= {a.get_text() for a in chinese.select("article a")}


def test_publishing_workflow_builds_with_make_and_deploys_to_pages():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    runs = "\n".join(step.get("run", "") for step in steps)
    uses = {step.get("uses", "").split("@")[0] for step in steps}
    assert "make build" in runs and "make test" in runs
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert workflow["permissions"]["pages"] == "write"
