"""The story's data: it loads, it carries every figure of the article, and every quote is real."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from helpers import ROOT, SITE, SOURCES, check_against_its_schema
from storykit.writing.writer import FactWriter

ARTICLE = SOURCES / "article.txt"
DOSSIER = SOURCES / "dossier.md"
PRICES = SOURCES / "prices"
NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(%|billion|million)?")
SCALE = {"billion": 1e9, "million": 1e6, None: 1, "%": 1}
WORD_NUMBERS = {"two-month": 2}


def normalised(text: str) -> str:
    return " ".join(text.replace("|", " ").split())


@pytest.fixture(scope="module")
def article_text() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"{ARTICLE} is not beside the project")
    return ARTICLE.read_text(encoding="utf-8")


def subject_facts(story):
    return [f for f in story.facts.values() if f.fact.source and story.sources[f.fact.source].role == "subject"]


def test_the_data_loads_with_its_sources_facts_terms_and_checks(story, english):
    assert len(story.sources) >= 30
    assert len(story.facts) >= 100
    assert {english.local(term.term) for term in story.terms} >= {"MAU", "CAC", "Qinglang", "Qingfeng", "WeCom", "mini programs",
                                                    "official accounts", "Moments", "HKEX"}
    assert len(story.checks) >= 10
    assert [english.local(title) for title, _ in story.groups][0] == "What the article says"


def test_every_source_is_cited_by_something(story):
    cited = {f.fact.source for f in story.facts.values()} | {s for f in story.facts.values() for s in f.fact.also}
    cited |= {term.source for term in story.terms} | {item.series.source for item in story.series.values()}
    assert set(story.sources) - cited == set()


def test_every_figure_of_the_article_is_a_fact_with_its_quote(story, article_text):
    facts = subject_facts(story)
    tokens = [(m.group(0), float(m.group(1)) * SCALE[m.group(2)]) for m in NUMBER.finditer(article_text)]
    tokens += [(word, value) for word, value in WORD_NUMBERS.items() if word in article_text]
    assert len(tokens) >= 13
    for token, value in tokens:
        matches = []
        for fact in facts:
            if token not in (fact.fact.quote or ""):
                continue
            candidates = []
            if fact.unit.value_type == "number":
                candidates.append(abs(fact.value))
            for day in (fact.value if fact.unit.value_type == "date" else None, fact.fact.as_of):
                if day is not None:
                    candidates += [day.day, day.year]
            if any(abs(candidate - value) < 1e-9 * max(1, value) for candidate in candidates):
                matches.append(fact.id)
        assert matches, f"the article's figure {token!r} is in no fact of the data with that value and quote"


def test_the_article_facts_quote_the_article_word_for_word(story, article_text):
    for fact in subject_facts(story):
        assert fact.fact.quote in article_text, fact.id


def test_every_other_quote_is_in_the_dossier(story):
    if not DOSSIER.exists():
        pytest.skip(f"{DOSSIER} is not beside the project")
    dossier = normalised(DOSSIER.read_text(encoding="utf-8"))
    for fact in story.facts.values():
        if fact.fact.kind == "derived" or story.sources[fact.fact.source].role == "subject":
            continue
        assert normalised(fact.fact.quote) in dossier, f"{fact.id}: quote not found in the dossier"


@pytest.mark.parametrize("fact_id, expected", [
    ("mau_2019_from_article", 1_225_000_000 / 1.052),
    ("tencent_change_0727_computed", (446 / 490 - 1) * 100),
    ("share_moments", 120 / 1225 * 100),
    ("share_mini_programs", 400 / 1225 * 100),
    ("wecom_share_of_wechat", 130 / 1225 * 100),
    ("suspension_days", 9),
    ("mau_growth_2018_computed", (1097.6 / 988.6 - 1) * 100),
    ("tencent_vs_hsi", 8.98 / 4.22),
])
def test_derived_values_compute_right(story, fact_id, expected):
    assert story.fact(fact_id).value == pytest.approx(expected, rel=1e-9)
    assert story.fact(fact_id).fact.kind == "derived"


def test_the_plan_ends_two_months_after_it_began(story):
    assert story.fact("plan_end").value == dt.date(2021, 9, 21)
    assert story.fact("plan_end").confidence == "likely"


def test_derived_values_agree_with_the_reported_ones(story, english):
    assert FactWriter(story, english).value("tencent_change_0727_computed") == FactWriter(story, english).value("tencent_change_0727")
    assert round(story.fact("mau_growth_2017_computed").value, 1) == story.fact("mau_growth_2017").value
    assert round(story.fact("mau_growth_2020_computed").value, 1) == story.fact("mau_growth_2020").value
    assert round(story.fact("mau_growth_2021_computed").value, 1) == story.fact("mau_growth_2021").value
    assert abs(story.fact("mau_2019_from_article").value - story.fact("mau_2019").value) < 1e6


def test_likely_facts_are_estimates_and_disputed_ones_name_their_rival(story):
    for fact in story.facts.values():
        if fact.confidence == "likely":
            assert fact.fact.kind in ("estimate", "inferred", "derived"), fact.id
        if fact.fact.confidence == "disputed":
            assert fact.fact.related, fact.id


@pytest.mark.parametrize("claim", [
    "a_share_fall_cause", "a_notice_attribution", "a_plan_guidance", "a_plan_duration", "a_age_limit",
    "a_figures_source", "a_daily_moments", "a_wecom_users", "a_suspension_when", "a_netizens_link",
])
def test_each_correction_in_the_dossier_has_a_check(story, claim):
    """The dossier's list of where the article is wrong or imprecise, one check each."""
    assert any(claim in check.claims for check in story.checks)


# Daily series


def test_each_series_file_is_the_published_file_byte_for_byte(story):
    if not PRICES.is_dir():
        pytest.skip(f"{PRICES} is not beside the project")
    assert len(story.series) == 4
    for item in story.series.values():
        copied = ROOT / "docs" / "data" / item.series.file
        assert copied.read_bytes() == (PRICES / copied.name).read_bytes(), item.id
        assert len(item.days) == 64 and item.days[0] == dt.date(2021, 6, 1) and item.days[-1] == dt.date(2021, 8, 31)


def test_each_series_quotes_the_price_notes_and_is_shown_as_an_estimate(story):
    if not PRICES.is_dir():
        pytest.skip(f"{PRICES} is not beside the project")
    notes = (PRICES / "README.md").read_text(encoding="utf-8").replace("`", "")
    for item in story.series.values():
        assert item.series.quote in notes, item.id
        assert item.confidence == "likely", "the price notes label the series LIKELY as a whole"
        assert story.sources[item.series.source].url.startswith("https://github.com/"), item.id


def test_the_series_and_the_reported_closes_differ_only_where_the_price_notes_say(story):
    differences = {(item.id, d.day.isoformat(), d.reported, d.in_series)
                   for item in story.series.values() for d in item.differences}
    assert differences == {("tencent_daily", "2021-07-29", 491.8, 492.0)}
    checked = sum(len(item.series.reported) for item in story.series.values())
    assert checked == 9, "every reported close of a day in the series is checked against it"


@pytest.mark.parametrize("fact_id, expected, vendor", [
    ("tencent_change_to_resumption", (439.0 / 531.0 - 1) * 100, "Yahoo Finance"),
    ("hstech_change_to_resumption", (6715.33 / 7268.14 - 1) * 100, "Investing.com"),
    ("tencent_change_to_august_end", (481.20001220703125 / 531.0 - 1) * 100, "Yahoo Finance"),
])
def test_facts_worked_out_from_a_series_start_before_the_first_regulatory_order(story, english, fact_id, expected,
                                                                              vendor):
    fact = story.fact(fact_id)
    assert fact.value == pytest.approx(expected, rel=1e-9)
    assert fact.confidence == "likely", "a figure worked out from vendor data is an estimate too"
    assert story.fact("market_base_day").value == dt.date(2021, 7, 23)
    assert vendor in {english.local(source.outlet) for source in story.sources_of(fact_id)}, "the series' source is credited"


# Bounds carried through formulas


def test_a_lower_bound_stays_a_lower_bound_through_every_formula(story, english):
    """Every worked-out figure whose input is "more than" (or "up to", or "about") says so too."""
    from storykit.data.units import QUALIFIER_KINDS

    checked = 0
    for fact in story.facts.values():
        if fact.fact.kind != "derived":
            continue
        qualified = [story.facts[name] for name in fact.inputs if name in story.facts and story.facts[name].qualifier]
        if qualified:
            checked += 1
            assert fact.qualifier, f"{fact.id} loses the qualifier of {qualified[0].id}"
            assert FactWriter(story, english).value(fact).startswith(fact.qualifier)
        if fact.qualifier:
            assert QUALIFIER_KINDS[fact.qualifier]
    assert checked >= 1
    assert FactWriter(story, english).value("wecom_share_of_wechat") == "more than 10.6%"


@pytest.mark.parametrize("path", sorted(SITE.settings.data.rglob("*.yaml")), ids=lambda path: path.name)
def test_every_data_file_names_its_schema_and_passes_it(path):
    """As an editor with the YAML language server checks it (any story's: storykit/test_schema.py)."""
    check_against_its_schema(path)
