"""Hostile strings in every field a reader sees: in Chromium, no script runs and the text shows as text.

The fields are the ferry's records (tests/stories/ferry), so these tests run on it whatever `--story` names."""

from __future__ import annotations

import csv
import io

import pytest
import yaml

from helpers import (FERRY, StaticServer, StoryProject, bring_charts_to_life, build_every_edition, free_port,
                     scroll_through)

pytestmark = pytest.mark.browser

# Each payload would set window.__pwned if it ever ran; the ids tell which field leaked.
PAYLOADS = {
    "tag": "<script>window.__pwned='{where}'</script>",
    "attribute": "\"><img src=x onerror=\"window.__pwned='{where}'\">",
    "svg": "<svg onload=\"window.__pwned='{where}'\"></svg>",
    "plotly": "<a href=\"javascript:window.__pwned='{where}'\">link</a>",
}
# (file, record id or None for the file's own title, field). Records are ones that reach pages and charts.
FIELDS = [
    ("docs/data/fares.yaml", None, "title"),                                 # a table of facts' heading
    ("docs/data/fares.yaml", "single_fare", "label"),                        # a chart's table, its tooltips
    ("docs/data/fares.yaml", "leaflet_sailings", "value"),                   # a text fact in prose
    ("docs/data/season.yaml", "season_days", "label"),                       # a worked-out fact's tooltip
    ("docs/data/fares.yaml", "single_fare", "quote"),                        # a tooltip
    ("docs/data/fares.yaml", "single_fare", "gloss"),
    ("docs/data/fares.yaml", "single_fare", "note"),
    ("docs/data/fares.yaml", "takings_at_single_fare", "label"),             # key figures
    ("docs/data/sources.yaml", "board", "outlet"),                           # chart source lines
    ("docs/data/sources.yaml", "board", "title"),
    ("docs/data/glossary.yaml", "pier", "definition"),                       # abbreviation tooltips
    ("docs/data/checks.yaml", "leaflet_price", "title"),
    ("docs/data/checks.yaml", "leaflet_price", "finding"),
    ("docs/data/takings/series.yaml", "takings_daily", "name"),              # a chart's legend, a table heading
    ("docs/data/takings/series.yaml", "takings_daily", "label"),             # the series table, the CSV
    ("docs/data/changes.yaml", "return_fare_corrected", "summary"),          # the Changes page, the feed
    ("docs/data/changes.yaml", "return_fare_corrected", "details"),
]
TICK = len(FIELDS)  # and a chart's own words: the fares chart's tick labels (the story's words file)
LANGUAGES = StoryProject(FERRY).languages
CSV_FORMULA = "=HYPERLINK(\"https://example.com\",\"click\")"


def visible(number: int) -> str:
    """A word that shows a field's text reached the page: letters only (visible-bd for 13, visible-ab for 1), as a
    finding or a change that typed a digit would be refused as a figure typed by hand."""
    return "visible-" + "".join(chr(ord("a") + int(digit)) for digit in f"{number:02d}")


def payload(kind: str, where: str) -> str:
    return PAYLOADS[kind].format(where=where)


def set_field(path, record: str | None, field: str, text: str) -> None:
    """Set one field of one record (or of the file itself) in a copy of a data file; a text written in
    each language is set in each."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if record is None:
        target = data
    else:
        records = [item for section in ("sources", "facts", "terms", "checks", "series", "changes")
                   for item in data.get(section, [])]
        target = next(item for item in records
                      if record in (item.get("id"), item.get("term"), (item.get("term") or {}).get("en")))
    old = target.get(field, {language: "" for language in LANGUAGES})  # a field to add: a text every language has
    target[field] = {language: text for language in old} if isinstance(old, dict) else text
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = StoryProject(FERRY).copy(tmp_path_factory.mktemp("hostile") / "project").root
    kinds = list(PAYLOADS)
    for number, (file, record, field) in enumerate(FIELDS):
        where = f"{record or 'file'}.{field}"
        text = payload(kinds[number % len(kinds)], where) + f" {visible(number)}"
        if field == "finding":
            text += " <!-- fact:single_fare -->"  # markers still work beside hostile text
        set_field(project / file, record, field, text)
    words = project / "docs" / "data" / "words" / "en.yaml"
    tick = payload("svg", "charts.fares.single") + f" {visible(TICK)}"
    data = yaml.safe_load(words.read_text(encoding="utf-8"))
    data["charts"]["fares"]["single"] = tick
    words.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    set_field(project / "docs/data/fares.yaml", "return_fare", "label", CSV_FORMULA)
    port = free_port()
    site_dir = project / "site"
    result = build_every_edition(project, site_dir, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr
    server = StaticServer(site_dir, port)
    yield site_dir, server.url
    server.close()


@pytest.mark.parametrize("path", ["", "sources/", "changes/", "embed/takings/", "de/", "de/sources/"])
def test_no_hostile_string_runs_and_each_shows_as_text(new_page, hostile_site, path):
    site_dir, url = hostile_site
    page = new_page(origin=url)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(url + path)
    scroll_through(page)
    if page.locator(".sk-chart").count():
        bring_charts_to_life(page)
    for link in page.locator("a.sk-fact").all()[:5]:
        link.hover()  # shows the quote and source as a tooltip, as text
        assert page.locator("#sk-tip").text_content() == link.get_attribute("data-sk-tip")
        assert page.locator("#sk-tip *").count() == 0, "the tooltip holds text, never markup"
    quoted = page.locator("a.sk-fact[href$='#fact-single_fare']")
    if quoted.count():
        quoted.first.hover()
        shown = page.locator("#sk-tip").text_content()
        assert payload("tag", "single_fare.quote") + f" {visible(4)}" in shown, "the hostile quote shows as text"
    for term in page.locator("abbr").all()[:3]:
        term.hover()
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("img[src=x], svg[onload], [onerror]").count() == 0
    assert page.locator(".sk-chart__plot svg a").count() == 0, "no link from the data inside a chart"
    text = page.evaluate("document.body.innerText") + " ".join(
        page.locator(".main-svg text").all_text_contents())
    for block in page.locator(".sk-deferred").all():  # laid out only near the screen: read each there
        block.scroll_into_view_if_needed()
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        text += " " + block.inner_text()
    shown = [number for number in range(len(FIELDS)) if visible(number) in text]
    if path == "sources/":
        assert len(shown) >= 8, "the sources page shows the hostile labels, quotes and outlets as text"
        assert "<script>window.__pwned" in text
    if path == "":
        ticks = " ".join(page.locator("[data-sk-chart=fares] .xtick text").all_text_contents())
        assert "<svg onload=" in ticks and visible(TICK) in ticks, ticks
    if path in ("", "embed/takings/"):
        legend = " ".join(page.locator("[data-sk-chart=takings] .legendtext").all_text_contents())
        assert visible(13) in legend and "<" in legend, "a series' name shows as text in the legend"
    if path == "changes/":
        assert {15, 16} <= set(shown), "a change's summary and details show as text"


def test_the_feed_carries_hostile_text_as_text(hostile_site):
    import feedparser

    site_dir, _ = hostile_site
    raw = (site_dir / "changes.xml").read_text(encoding="utf-8")
    assert "<script>" not in raw and "<svg" not in raw and "<img" not in raw
    feed = feedparser.parse(raw)
    assert not feed.bozo and visible(15) in feed.entries[0].title


def test_chart_csv_neutralises_formulas(hostile_site):
    site_dir, _ = hostile_site
    rows = list(csv.DictReader(io.StringIO((site_dir / "data" / "charts" / "fares.csv").read_text())))
    label = next(row["label"] for row in rows if row["fact_id"] == "return_fare")
    assert label == "'" + CSV_FORMULA
    assert next(r["value"] for r in rows if r["fact_id"] == "single_fare") == "4.5", "numbers stay numbers"
