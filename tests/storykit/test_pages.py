"""Pages name facts and charts; the built pages (parsed, not grepped) show them formatted, each linked to its
record with its quote and source: for the story `--story` names. (This site's own figures on its pages:
tests/story/test_story_pages.py.)"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from storykit.core.markers import find_markers
from storykit.pages.blocks.checks import says_the_same
from storykit.writing.writer import FactWriter

from helpers import evidence_said_twice, needs, soup_of, unlabelled_first_mentions


def parsed(site_dir: Path, page: str) -> BeautifulSoup:
    return soup_of(site_dir, page)


def link_between(page: str, target: str) -> str:
    """A link from one page of the site to another, as the generator writes it ("../sources/")."""
    return "../" * page.count("/") + target


def fact_of(link) -> str:
    return link["href"].rsplit("#fact-", 1)[1]


@pytest.fixture(scope="module")
def english():
    """The machinery's English, with no story's words."""
    from storykit.core.catalogue import load_language

    return load_language("en")


# Figures typed by hand, hedges and links are the generator's guarantees (storykit.storycheck): the build of
# each edition stops on them, and check_story finds them in every edition at once.


def test_the_story_passes_the_generators_checks_in_every_edition(story_under_test):
    from storykit.checks.storycheck import check_story

    assert [str(problem) for problem in check_story(story_under_test.settings)] == []


def test_the_typed_figure_check_catches_words_and_dates(english):
    from storykit.checks.typedfigures import typed_figures

    figures = [typed.figure for typed in typed_figures("A week earlier, in a January speech, six of them. Ten said "
                                                         "so in May; 3 did not.", english)]
    assert figures == ["week", "January", "six", "Ten", "May", "3"]
    assert typed_figures("Both statements; the two were linked; one of them may say so; <!-- fact:plan_duration -->"
                         " `2021` [link](page-2.md)", english) == []


def test_the_chinese_typed_figure_check_catches_numerals_but_not_words():
    from storykit.core.catalogue import load_language
    from storykit.checks.typedfigures import typed_figures

    chinese = load_language("zh-Hans", base="en")
    figures = [typed.figure for typed in typed_figures("为期两个月，暂停九天，7月27日，十一月，增长５％", chinese)]
    assert figures == ["两个月", "九天", "7", "27", "十一月", "５"]
    assert typed_figures("统一部署，唯一的一些说法，一个人，一起<!-- fact:plan_duration -->", chinese) == []


def test_every_fact_and_chart_a_page_names_exists(story_under_test, story, page):
    path = story_under_test.page_file(page)
    for marker in find_markers(path.read_text(encoding="utf-8")):
        if marker.name in ("fact", "quote"):
            assert marker.target in story.facts, f"{path.name}:{marker.line} {marker.target}"
        elif marker.name == "chart":
            assert marker.target in story_under_test.charts, f"{path.name}:{marker.line} {marker.target}"


def test_every_chart_is_placed_on_a_page(story_under_test):
    placed = [marker.target for page in story_under_test.pages()
              for marker in find_markers(story_under_test.page_file(page).read_text(encoding="utf-8"))
              if marker.name == "chart"]
    assert sorted(placed) == sorted(story_under_test.charts), "each chart should appear exactly once"


def test_facts_in_prose_link_to_their_record_with_quote_and_source(story_under_test, story, language, site_dir):
    """Each figure in a paragraph links to its row on the facts page, which shows its value; its tooltip holds its
    quote (or its label, for a worked-out one) and the outlets it comes from."""
    facts_page = story_under_test.page_of("facts_page")
    sources = parsed(site_dir, facts_page)
    checked = 0
    for page in story_under_test.pages():
        for link in parsed(site_dir, page).select("article p a.sk-fact"):
            fact = story.facts[fact_of(link)]
            assert link["href"] == f"{link_between(page, facts_page)}#fact-{fact.id}"
            if fact.fact.quote:
                outlets = {language.local(story.sources[name].outlet) for name in [fact.fact.source, *fact.fact.also]}
                assert fact.fact.quote in link["data-sk-tip"] and any(outlet in link["data-sk-tip"]
                                                                      for outlet in outlets), link
            row = sources.select_one(f"tr#fact-{fact.id}")
            assert row is not None and FactWriter(story, language).value(fact) in row.get_text(), fact.id
            checked += 1
    assert checked


def test_permalinks_are_named_and_leave_their_tooltip_to_the_light_one(story_under_test, site_dir, language):
    links = [link for page in story_under_test.pages() for link in parsed(site_dir, page).select("a.headerlink")]
    assert links
    for link in links:
        assert link.get("aria-label") == link.get("data-sk-tip") == language.say("theme.permalink"), link
        assert not link.has_attr("title"), "Material would set up a tooltip of its own for each"


def test_an_estimate_or_a_disputed_figure_says_so_where_it_first_appears(site_dir, language, first_edition_page):
    """The label follows a figure's first mention on a page, or the sentence says it in words; later
    mentions stay quiet, and every mention's tooltip carries the label for keyboards and screen readers."""
    page = first_edition_page
    assert unlabelled_first_mentions(parsed(site_dir, page), language, page) == []


def test_the_first_mention_rule_catches_an_unlabelled_estimate(english):
    from storykit.writing.writer import says_uncertain

    assert not says_uncertain("It ended on 21 September 2021.", english)
    assert says_uncertain("It ended on or about 21 September 2021, a date worked out from its length.", english)
    assert not says_uncertain("The undisputed leader.", english)
    link = '<a class="sk-fact sk-fact--likely" href="../sources/#fact-end" data-sk-tip="{tip}">21 September</a>'
    page = BeautifulSoup("<article><p>It ended on " + link.format(tip="An estimate. 21 September") +
                         ' <span class="sk-badge">estimate</span>.</p><p>Again on ' +
                         link.format(tip="21 September") + ' <span class="sk-badge">estimate</span>.</p><p>'
                         "Then on " + link.format(tip="An estimate. 21 September") + ".</p></article>", "html.parser")
    assert unlabelled_first_mentions(page, english, "made/") == [
        "made/: end's tooltip has no label", "made/: end's label again"]
    unlabelled = BeautifulSoup("<article><p>It ended on " + link.format(tip="An estimate. x") + ".</p></article>",
                               "html.parser")
    assert unlabelled_first_mentions(unlabelled, english, "made/") == ["made/: end unlabelled: It ended on 21 September."]


def test_sources_page_lists_every_fact_and_source(story_under_test, site_dir, story, language):
    soup = parsed(site_dir, story_under_test.page_of("facts_page"))
    assert {row["id"][5:] for row in soup.select("tr[id^=fact-]")} == set(story.facts)
    assert {item["id"][7:] for item in soup.select("li[id^=source-]")} == set(story.sources)
    derived = [fact for fact in story.facts.values() if fact.fact.kind == "derived"]
    needs(derived, "no fact worked out from others")
    row = soup.select_one(f"tr#fact-{derived[0].id}")
    assert FactWriter(story, language).value(derived[0]) in row.get_text()
    assert language.say("facts.worked_out", formula="", inputs="").split()[0] in row.get_text(), "Worked out"


def test_downloads_hold_every_fact(site_dir, story, language):
    rows = list(csv.DictReader(io.StringIO((site_dir / "data" / "facts.csv").read_text())))
    assert [row["fact_id"] for row in rows] == list(story.facts)
    writer = FactWriter(story, language)
    assert {row["fact_id"]: row["shown_as"] for row in rows} == {fact: writer.value(fact) for fact in story.facts}
    data = json.loads((site_dir / "data" / "facts.json").read_text())
    assert len(data["facts"]) == len(story.facts) and len(data["sources"]) == len(story.sources)
    dates = [fact for fact in story.facts.values() if fact.unit.value_type == "date"]
    if dates:
        assert next(f for f in data["facts"] if f["id"] == dates[0].id)["value"] == dates[0].value.isoformat()


def test_glossary_terms_get_a_definition_wherever_they_appear(story_under_test, site_dir, story, language):
    terms = [term for term in story.terms if term.in_language(story_under_test.languages[0])]
    needs(terms, "no glossary")
    shown = {abbr.get_text(): abbr["title"] for page in story_under_test.pages()
             for abbr in parsed(site_dir, page).select("article abbr[title]")}
    found = [term for term in terms if language.local(term.term) in shown]
    assert found, "a term of the glossary is explained where a page uses it"
    for term in found:
        assert language.local(term.definition) in shown[language.local(term.term)]
    glossary = [soup.select("dl.sk-glossary dt") for soup in (parsed(site_dir, page) for page in story_under_test.pages())]
    listed = {" ".join(dt.contents[0].split()) for found in glossary for dt in found}
    assert {language.local(term.term) for term in terms} <= listed, "the glossary lists every term"


def test_fact_check_sets_each_claim_beside_the_sources(story_under_test, site_dir, story, language):
    """Each check says its point once: the verdict and its reason, the subject's words, the evidence in a
    paragraph whose figures link to their records, and every fact it rests on folded away, with its source."""
    needs(story.checks, "no fact-check")
    page = next(page for page in story_under_test.pages() if parsed(site_dir, page).select(".sk-check"))
    facts_page = story_under_test.page_of("facts_page")
    soup = parsed(site_dir, page)
    checks = soup.select(".sk-check")
    assert len(checks) == len(story.checks)
    for check, record in zip(checks, story.checks):
        assert language.say(f"verdicts.{record.verdict}") in check.select_one(".sk-verdict").get_text()
        reason = " ".join(check.select_one(".sk-check__reason").get_text().split())
        written = [" ".join(part.split()) for part in re.split(r"<!--.*?-->", language.local(record.reason))]
        assert re.fullmatch(".+?".join(map(re.escape, written)), reason), (reason, written)  # its facts filled in
        claim = story.facts[record.claims[0]]
        subject = check.select_one("a.sk-check__subject")
        assert subject.get_text() == language.say("checks.subject")  # as the story names its subject
        assert subject["href"] == f"{link_between(page, facts_page)}#source-{claim.fact.source}"
        assert parsed(site_dir, facts_page).select_one(f"li#source-{claim.fact.source}") is not None
        assert check.select_one(".sk-check__finding a.sk-fact") is not None, "the finding's figures link"
        evidence = check.select_one("details.sk-check__evidence")
        assert evidence is not None and not evidence.has_attr("open"), "the full evidence is folded away"
        for name in record.evidence:
            fact = story.facts[name]
            label, value = fact.label(language), FactWriter(story, language).value(fact)
            assert label in evidence.get_text() and (value in evidence.get_text() or says_the_same(label, value))
            source = story.sources.get(fact.fact.source or "")
            if fact.fact.kind != "derived" and source is not None and source.role != "compilation":
                assert language.local(source.outlet) in evidence.get_text(), "each fact with the outlets it comes from"
        assert len(check.select(".sk-check__reason")) == len(check.select(".sk-check__finding")) == 1


def test_no_evidence_row_says_its_value_twice(story_under_test, site_dir):
    assert says_the_same("Target: inducing minors to tip", "inducing minors to tip")
    assert says_the_same("整治对象：诱导未成年人打赏", "诱导未成年人打赏")
    assert not says_the_same("Reason the leaflet gave for the new fare", "higher fuel costs")
    made = BeautifulSoup('<details class="sk-check__evidence"><ul><li>Target: Fares rose: <a class="sk-fact">fares rose</a></li>'
                         '<li><a class="sk-fact">Fares rose</a></li></ul></details>', "html.parser")
    assert evidence_said_twice(made) == ["Target: Fares rose: fares rose"]
    pages = [page for page in story_under_test.every_page() if parsed(site_dir, page).select(".sk-check__evidence li")]
    needs(pages, "no fact-check")
    for page in pages:
        assert evidence_said_twice(parsed(site_dir, page)) == [], page
