"""Charts read cleanly on a phone, a tablet and a desktop: no text on other text, nothing cut off; and each
chart's source line names each source once, telling a daily series from reported facts."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from helpers import TEXT_PROBLEMS, chart_text_problems, needs

WIDTHS = [375, 768, 1280]

@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_no_chart_text_overlaps_other_text_or_is_cut_off(new_page, site_url, chart_page, width):
    """In the picture a reader sees first, and in the live chart that replaces it."""
    page = new_page(width=width, height=900)
    page.goto(site_url + chart_page)
    assert chart_text_problems(page) == {}


def test_the_checker_finds_overlapping_and_cut_off_text(new_page, site_url):
    """The check above, against a page made to fail it."""
    page = new_page()
    page.set_content("""<div class="sk-chart__plot" data-sk-chart="bad" style="width:200px;height:100px;position:relative">
      <svg width="300" height="100"><text x="10" y="20">one label</text>
      <text x="20" y="22">another label</text><text x="170" y="60">far too long to fit</text>
      <text x="10" y="80" style="opacity:0">hidden</text><text x="10" y="95">fine</text></svg></div>""")
    problems = page.evaluate(TEXT_PROBLEMS)["bad"]["problems"]
    assert problems == ['cut off at the edge: "far too long to fit"', '"one label" on "another label"']


def test_each_source_is_named_once_in_a_chart_source_line(story_under_test, site_dir):
    lines = 0
    for path in story_under_test.pages():
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        for source in soup.select(".sk-chart__source"):
            outlets = [link.get_text() for link in source.select("a:not(.sk-chart__csv)")]
            assert outlets and len(outlets) == len(set(outlets)), outlets
            lines += 1
    assert lines == len(story_under_test.charts)


def test_a_source_line_tells_series_from_reported_facts_and_labels_estimates(story_under_test, site_dir, story,
                                                                              language):
    import json

    found = 0
    for path in story_under_test.pages():
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        for plot in soup.select(".sk-chart__plot[data-sk-chart]"):
            chart = plot["data-sk-chart"]
            figure = json.loads((site_dir / "charts" / f"{chart}.wide.json").read_text(encoding="utf-8"))
            days = {name.split("@")[0] for trace in figure["data"] for ids in trace.get("customdata") or []
                    for name in str(ids or "").split() if "@" in name}
            if not days:
                continue
            series = [story.series[name].series for name in sorted(days)]
            outlets = ", ".join(dict.fromkeys(language.local(story.sources[item.source].outlet) for item in series))
            estimates = language.say("chart.series_estimates") if any(item.confidence == "likely" for item in series) \
                else ""
            line = " ".join(soup.select_one(f"#chart-{chart} .sk-chart__source").get_text().split())
            assert language.say("chart.series_sources", outlets=outlets, estimates=estimates) in line, line
            found += 1
    needs(found, "no chart of a daily series")
