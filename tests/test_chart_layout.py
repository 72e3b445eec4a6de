"""Charts read cleanly on a phone, a tablet and a desktop: no text on other text, nothing cut off."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from conftest import bring_charts_to_life

CHART_PAGES = ["", "suspension/", "qingfeng-plan/", "scale/"]
WIDTHS = [375, 768, 1280]

# Every text a reader can see in each chart, as boxes on the screen; then every pair that overlaps
# (by more than a pixel each way) and every box that crosses the chart's edge.
TEXT_PROBLEMS = """() => {
  const found = {};
  for (const plot of document.querySelectorAll('.sk-chart__plot')) {
    const edge = plot.getBoundingClientRect();
    const boxes = [];
    for (const text of plot.querySelectorAll('svg text')) {
      if (!text.textContent.trim()) continue;
      let shown = true;
      for (let node = text; node && node !== plot; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) shown = false;
      }
      const box = text.getBoundingClientRect();
      if (shown && box.width && box.height) boxes.push({text: text.textContent.trim(), box});
    }
    const problems = [];
    for (const {text, box} of boxes) {
      if (box.left < edge.left - 1 || box.right > edge.right + 1 || box.top < edge.top - 1 || box.bottom > edge.bottom + 1)
        problems.push(`cut off at the edge: "${text}"`);
    }
    boxes.forEach((one, i) => boxes.slice(i + 1).forEach(other => {
      const wide = Math.min(one.box.right, other.box.right) - Math.max(one.box.left, other.box.left);
      const high = Math.min(one.box.bottom, other.box.bottom) - Math.max(one.box.top, other.box.top);
      if (wide > 1 && high > 1) problems.push(`"${one.text}" on "${other.text}"`);
    }));
    found[plot.dataset.skChart] = {texts: boxes.length, problems};
  }
  return found;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", CHART_PAGES)
def test_no_chart_text_overlaps_other_text_or_is_cut_off(new_page, site_url, path, width):
    """In the picture a reader sees first, and in the live chart that replaces it."""
    page = new_page(width=width, height=900)
    page.goto(site_url + path)
    for state in ("picture", "live"):
        if state == "live":
            bring_charts_to_life(page)
        found = page.evaluate(TEXT_PROBLEMS)
        assert found and all(chart["texts"] >= 2 for chart in found.values()), found  # the texts were found
        assert {chart: result["problems"] for chart, result in found.items() if result["problems"]} == {}, state


def test_the_checker_finds_overlapping_and_cut_off_text(new_page, site_url):
    """The check above, against a page made to fail it."""
    page = new_page()
    page.set_content("""<div class="sk-chart__plot" data-sk-chart="bad" style="width:200px;height:100px;position:relative">
      <svg width="300" height="100"><text x="10" y="20">one label</text>
      <text x="20" y="22">another label</text><text x="170" y="60">far too long to fit</text>
      <text x="10" y="80" style="opacity:0">hidden</text><text x="10" y="95">fine</text></svg></div>""")
    problems = page.evaluate(TEXT_PROBLEMS)["bad"]["problems"]
    assert problems == ['cut off at the edge: "far too long to fit"', '"one label" on "another label"']


def test_each_source_is_named_once_in_a_chart_source_line(site_dir):
    lines = 0
    for path in CHART_PAGES:
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        for source in soup.select(".sk-chart__source"):
            outlets = [link.get_text() for link in source.select("a:not(.sk-chart__csv)")]
            assert outlets and len(outlets) == len(set(outlets)), outlets
            lines += 1
    assert lines == 7
    timeline = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert timeline.select_one("#chart-timeline .sk-chart__source").get_text().count("Central News Agency") == 1


def test_a_source_line_tells_series_from_reported_facts_and_labels_estimates(site_dir):
    daily = BeautifulSoup((site_dir / "suspension" / "index.html").read_text(encoding="utf-8"), "html.parser")
    line = " ".join(daily.select_one("#chart-market-daily .sk-chart__source").get_text().split())
    assert line.startswith("Sources: Yahoo Finance, Investing.com (daily series, shown as estimates); "
                           "Business Standard."), line
