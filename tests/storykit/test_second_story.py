"""The generator tells other stories: a second, tiny one (tests/stories/ferry) builds with the same
machinery, in its own words and its own currency, in English and in German. Its German edition holds no
English word of the interface: not the machinery's, nor Material's, nor plotly.js's. (That nothing of this
site's story is in the machinery, or reaches the ferry's site, is checked by tests/story/test_story_stays_its_own.)

These tests read the ferry's own figures and words: they run on it whatever `--story` names."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import FERRY, StoryProject, english_interface_words, ferry_build, mkdocs_build


@pytest.fixture(scope="module")
def ferry_site(tmp_path_factory) -> Path:
    """Both editions, as `storykit build` builds them."""
    return ferry_build(tmp_path_factory.mktemp("ferry") / "site")


def test_a_second_story_builds_in_its_own_words_and_currency(ferry_site):
    soup = BeautifulSoup((ferry_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    text = " ".join(article.get_text().split())
    assert "A single crossing on the lake ferry cost €4.50 in July 2024, and a return €8.00." in text
    assert soup.select_one("#chart-fares-title").get_text() == "A return cost less than a single each way", \
        "chart words from the story's own words file"
    crossings = soup.select_one("a.sk-fact[href$='#fact-crossings']")
    assert crossings.get_text() == "about 12,000"
    assert crossings.find_next_sibling("span").get_text() == "rough figure", "a machinery word the story changed"
    assert soup.select_one(".sk-check__claim").get_text().startswith("The leaflet: "), "the subject in its own words"
    assert soup.select_one(".sk-check__reason").get_text() == "The fares notice gives a higher single fare than the leaflet."
    assert soup.html["lang"] == "en"


def test_a_key_figure_card_names_each_outlet_once_and_labels_an_estimate(ferry_site):
    """The takings are worked out from two reports of the same outlet, and from an estimate: the card names
    the outlet once and shows the story's label for an estimate, as every mention of the fact does."""
    soup = BeautifulSoup((ferry_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    cards = {card.a["href"].rsplit("#fact-", 1)[1]: card for card in soup.select("ul.sk-figures > li.sk-figure")}
    assert list(cards) == ["single_fare", "takings_at_single_fare"]
    takings = cards["takings_at_single_fare"]
    assert takings.select_one(".sk-figure__value").get_text() == "about €54,000.00"
    assert takings.select_one(".sk-figure__source").get_text() == "Lake Ferry Board"
    assert [badge.get_text() for badge in takings.select(".sk-badge")] == ["rough figure"]
    assert cards["single_fare"].select(".sk-badge") == [], "a confirmed figure carries no label"


def test_the_second_story_passes_the_generators_checks(ferry_site):
    """Its pages, words and built site: no figure typed by hand, no hedge unsaid, no link to nowhere."""
    from storykit.checks.storycheck import check_story

    assert [str(problem) for problem in check_story(StoryProject(FERRY).settings, ferry_site)] == []


def test_the_second_storys_data_names_its_own_currency(ferry_site):
    facts = (ferry_site / "data" / "facts.csv").read_text(encoding="utf-8")
    assert "single_fare,A single crossing,4.5,,eur,€4.50" in facts
    package = (ferry_site / "data" / "datapackage.json").read_text(encoding="utf-8")
    assert "count, percent, share, points, age, days, months, ratio, date, month, text or eur" in package


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> subprocess.CompletedProcess[str]:
    """Build a copy of the second story with one text replaced in one of its files."""
    copy = StoryProject(FERRY).copy(tmp_path / "stories" / "ferry").root
    path = copy / file
    assert old in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return mkdocs_build(copy, tmp_path / "site", "http://127.0.0.1:8000/")


def test_a_mistake_in_the_second_story_names_its_own_file(tmp_path):
    result = broken_copy(tmp_path, "docs/data/fares.yaml", "    value: 4.5\n", "    value: cheap\n")
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert result.returncode != 0 and len(errors) == 1, result.stderr
    assert "docs/data/fares.yaml, line" in errors[0] and "facts.single_fare.value: expected an amount in euros" \
        in errors[0], errors[0]


def test_a_link_to_no_id_stops_a_story_built_with_mkdocs_defaults(tmp_path):
    """MkDocs only notes a Markdown link to a missing id unless a story's mkdocs.yml says otherwise: the
    generator stops the strict build, at the page and line."""
    result = broken_copy(tmp_path, "docs/index.md", "## The claims\n", "## The claims\n\nSee [the fares](#fares-x).\n")
    problems = [line for line in result.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
    assert result.returncode != 0 and len(problems) == 1, result.stderr
    line = (FERRY / "docs" / "index.md").read_text(encoding="utf-8").split("\n").index("## The claims") + 3
    assert problems[0].endswith(f"docs/index.md, line {line}: the link '#fares-x' leads nowhere: there is no "
                                "#fares-x in index.html; expected a page, a file or an id the site has"), problems[0]


# The German edition


# Names every language keeps (a standard's), and the story's quotes, which stay in their source's language.
KEPT_NAMES = ("Data Package",)


def german_texts(site: Path) -> dict[str, str]:
    """What a reader of the German edition reads, file by file: pages (text and the attributes read aloud or
    shown on hover), pictures, the feed and the search index, without the English quotes of the sources."""
    import json

    story = StoryProject(FERRY).story
    quotes = sorted({fact.fact.quote for fact in story.facts.values() if getattr(fact.fact, "quote", None)} |
                    {item.series.quote for item in story.series.values()}, key=len, reverse=True)
    texts = {}
    for path in sorted((site / "de").rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
            foreign = [tag for tag in soup.select("[lang]:not(html)") if not tag["lang"].startswith("de")]
            # The palette toggle's names are the story's own (mkdocs.yml's theme.palette, which every edition
            # inherits), not words of the interface.
            foreign += soup.select("[data-md-component=palette]")
            for tag in soup(["script", "style", "code", "pre"]) + foreign:
                if not tag.decomposed:
                    tag.decompose()
            attributes = [str(tag.get(attribute)) for tag in soup.find_all(True)
                          for attribute in ("title", "aria-label", "alt", "placeholder", "data-sk-tip")
                          if tag.get(attribute)]
            texts[name] = " ".join([soup.get_text(" "), *attributes])
        elif path.suffix in (".svg", ".xml"):
            texts[name] = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
        elif path.name == "search_index.json":
            texts[name] = " ".join(doc["title"] + " " + doc["text"]
                                   for doc in json.loads(path.read_text(encoding="utf-8"))["docs"])
    for name, text in texts.items():
        for kept in (*quotes, *KEPT_NAMES):
            text = text.replace(kept, " ")
        texts[name] = text
    return texts


def test_the_german_edition_holds_no_english_interface_word(ferry_site):
    texts = german_texts(ferry_site)
    assert {"de/index.html", "de/changes.xml", "de/search/search_index.json"} <= set(texts)
    assert any(name.endswith(".svg") for name in texts), "the pictures are read too"
    words = english_interface_words()
    found = {name: sorted(set(words.findall(text))) for name, text in texts.items() if words.search(text)}
    assert found == {}


def test_the_check_for_english_words_catches_them():
    words = english_interface_words()
    for english in ("Cite this page", "Download", "Permanent link", "27 July 2021", "Search", "Sources: the board."):
        assert words.search(english), english
    assert not words.search("Zitieren Sie diese Seite. 27. Juli 2021, Quellen: die Verwaltung.")


def test_the_german_edition_writes_figures_dates_and_its_interface_in_german(ferry_site):
    soup = BeautifulSoup((ferry_site / "de" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "de"
    text = " ".join(soup.select_one("article").get_text(" ").split())
    assert "kostete im Juli 2024 4,50 €" in text, "CLDR's month, the currency's German form"
    assert soup.select_one("a.sk-fact[href$='#fact-crossings']").get_text() == "rund 12.000", "German grouping and qualifier"
    assert soup.select_one(".md-search__input")["placeholder"] == "Suche", "Material's own German"
    switcher = {link["hreflang"]: link.get_text(strip=True) for link in soup.select(".md-select__link")}
    assert switcher == {"en": "English", "de": "Deutsch"}, "each edition by its own name, from CLDR"
    assert soup.select_one(".headerlink")["aria-label"] != "Permanent link"
    picture = (ferry_site / "de" / "charts" / "fares.wide.light.svg").read_text(encoding="utf-8")
    assert "4,50 €" in picture
