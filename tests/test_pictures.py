"""Each chart's pictures, made at build time: complete, the chart's own, reproducible and cached."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, mkdocs_build, set_fact_value, story_pages, story_settings

SVG = "{http://www.w3.org/2000/svg}"
SCREENS = ("phone", "wide")
SCHEMES = ("light", "dark")
PLACEHOLDER = re.compile(r"rgb\(1, 2, 1[0-4]\)|#01020[a-e]", re.I)


def chart_ids(site_dir: Path) -> list[str]:
    return sorted(path.name.split(".")[0] for path in (site_dir / "charts").glob("*.wide.json"))


def labels_of(figure: dict) -> list[str]:
    """The words a figure writes on its chart: its notes, legend names and bar labels (each line)."""
    texts = [note.get("text", "") for note in figure["layout"].get("annotations", [])]
    for trace in figure["data"]:
        if trace.get("showlegend", True) and figure["layout"].get("showlegend"):
            texts.append(trace.get("name", ""))
        if trace.get("textposition") not in (None, "none") and "text" in trace:
            texts += trace["text"] if isinstance(trace["text"], list) else [trace["text"]]
    lines = [html.unescape(line).strip() for text in texts for line in re.split(r"<br\s*/?>", text)]
    return [line for line in lines if line]


def texts_in(svg_text: str) -> str:
    root = ElementTree.fromstring(svg_text)
    return " ".join("".join(node.itertext()) for node in root.iter(f"{SVG}text"))


def test_every_chart_has_its_pictures_in_both_schemes_and_widths_with_its_own_labels(site_dir):
    charts = chart_ids(site_dir)
    assert len(charts) == 7
    for chart in charts:
        for screen in SCREENS:
            figure = json.loads((site_dir / "charts" / f"{chart}.{screen}.json").read_text(encoding="utf-8"))
            labels = labels_of(figure)
            assert labels, (chart, screen)
            for scheme in SCHEMES:
                picture = (site_dir / "charts" / f"{chart}.{screen}.{scheme}.svg").read_text(encoding="utf-8")
                root = ElementTree.fromstring(picture)  # well-formed XML, an SVG file of its own
                assert root.tag == f"{SVG}svg" and float(root.get("width")) == figure["layout"]["width"]
                assert root.find(f"{SVG}title").text, "a picture that leaves the page carries its title"
                words = texts_in(picture)
                missing = [label for label in labels if label not in words]
                assert not missing, (chart, screen, scheme, missing)
                assert "Sources:" in words
                assert not PLACEHOLDER.search(picture), "every colour is the scheme's own"
                background = root.find(f"{SVG}rect").get("fill")
                assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 41)")


@pytest.mark.parametrize("path", ["suspension/", "qingfeng-plan/", "scale/"])
def test_the_pages_pictures_are_inline_with_unique_ids_and_the_schemes_colours(site_dir, path):
    page = (site_dir / path / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    pictures = soup.select("svg.sk-chart__picture")
    assert len(pictures) == 2 * len(soup.select(".sk-chart"))
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), "two pictures on one page never share an id"
    for picture in pictures:
        assert picture.get("role") == "img" and picture.get("aria-label")
        assert not PLACEHOLDER.search(str(picture))
        assert "var(--md-typeset-color, rgba(0, 0, 0, 0.87))" in str(picture), "text follows the scheme"
        for reference in re.findall(r"url\(['\"]?#([^'\")]+)", str(picture)):
            assert soup.find(id=reference) is not None and reference in ids, reference
    # The phone's picture sits in a box marked hidden (valid HTML, unlike `hidden` on <svg>), which reader
    # modes leave out and the page's CSS shows in a narrow column.
    assert all(picture.parent.get("hidden") is not None and "sk-chart__phone" in picture.parent["class"]
               for picture in soup.select(".sk-chart__picture--phone"))


def test_the_scheme_colours_written_into_files_are_materials(new_page, site_url):
    """The fixed light and dark values the files use are the ones Material's CSS gives."""
    from storykit.charts.look import SCHEME_ROLES

    for scheme, index in (("light", 2), ("dark", 3)):
        page = new_page(scheme=scheme)
        page.goto(site_url)
        for role, (_, variable, *values) in SCHEME_ROLES.items():
            computed = page.evaluate("""(name) => { const probe = document.createElement('span');
                probe.style.color = getComputedStyle(document.body).getPropertyValue(name).trim();
                document.body.appendChild(probe); const colour = getComputedStyle(probe).color;
                probe.remove(); return colour; }""", variable)
            expected = SCHEME_ROLES[role][index]
            assert [round(float(n), 2) for n in re.findall(r"[\d.]+", computed)] == \
                [round(float(n), 2) for n in re.findall(r"[\d.]+", expected)], (scheme, role, computed)


# Made by the exporter, kept in the cache


@pytest.fixture(scope="module")
def exporter():
    from storykit.charts.pictures import Exporter

    made = Exporter(ROOT / ".cache" / "plotly" / "plotly-story.min.js")
    yield made
    made.close()


def test_an_export_is_the_same_each_time_once_its_ids_are_the_charts_own(story, english, exporter):
    import story_charts
    from storykit.charts.build import build_chart
    from storykit.charts.pictures import Exporter, own_ids

    figure = build_chart(story_charts.charts.specs["mau-growth"], story, english, str).figures["wide"]
    first = exporter.svg(figure)
    again = Exporter(exporter.bundle)  # a browser of its own: Plotly draws another random id
    try:
        second = again.svg(figure)
    finally:
        again.close()
    assert first != second, "Plotly's exports differ by their random ids"
    assert own_ids(first, "mau-growth-wide") == own_ids(second, "mau-growth-wide")
    assert "clipmau-growth-widexyplot" in own_ids(first, "mau-growth-wide")
    assert "url('#pmau-growth-wide-" in own_ids(first, "mau-growth-wide"), "patterns' references too"


def test_a_data_save_exports_again_only_the_pictures_of_the_charts_it_changes(tmp_path, exporter):
    from storykit.site.record import make_build

    project = copy_project(tmp_path / "project")
    settings = story_settings(project, pictures_cache=tmp_path / "cache")
    first = make_build(settings, story_pages(project), exporter)
    assert len(list((tmp_path / "cache").glob("*.svg"))) == 14, "two pictures for each of seven charts"
    set_fact_value(project / "docs/data/facts/5-scale.yaml", "wecom_active_users", "140000000")
    second = make_build(settings, story_pages(project), exporter)
    made = sorted(path for path in (tmp_path / "cache").glob("*.svg"))
    assert len(made) == 16, "only the WeCom chart's two pictures were exported again"
    assert second.charts["mau-growth"].pictures == first.charts["mau-growth"].pictures
    assert second.charts["wecom-scale"].pictures != first.charts["wecom-scale"].pictures
    assert "140 million" in second.charts["wecom-scale"].pictures["wide"]


def test_a_failed_export_is_one_clear_error_naming_the_chart(tmp_path):
    from test_bad_input import assert_failed_with_one_line, Where

    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      charts: scripts/story_charts.py\n",
        f"      charts: scripts/story_charts.py\n      pictures_cache: {tmp_path / 'empty'}\n"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", "http://127.0.0.1:8000/",
                          {"BROWSER_PATH": str(tmp_path / "no-such-browser")})
    import story_charts

    line = story_charts.charts.specs["timeline"].origin[1]  # where the chart is registered
    assert_failed_with_one_line(result, Where("scripts/story_charts.py", range(line, line + 1), "chart 'timeline'",
                                              ("phone picture", "no browser at BROWSER_PATH", "Chromium")))


@pytest.mark.parametrize("language, locales, months", [
    ("de", "plotly.js", ["1. Okt", "1. Dez"]),  # plotly.js's own German locale
    ("sv", None, ["1 okt.", "1 dec."]),  # no plotly.js locale named: one made from CLDR's Swedish
    ("en", "plotly.js", ["1 Oct", "1 Dec"]),  # English needs none
])
def test_a_pictures_dates_are_written_in_its_language(tmp_path, language, locales, months):
    """The bundle that draws an edition's pictures (and its live charts) carries the language's plotly.js locale."""
    from dataclasses import replace

    from storykit.site.assets import localized_bundle
    from storykit.core.locales import cldr_words
    from storykit.charts.pictures import Exporter

    settings = story_settings(ROOT)
    settings = replace(settings, language=language, editions=(), pictures_cache=tmp_path,
                       plotly_locales=settings.plotly_locales if locales else None)
    bundle = localized_bundle(settings)
    tick = cldr_words(language, "en_GB" if language == "en" else "")["chart"]["date_formats"]["tick"]
    figure = {"data": [{"type": "scatter", "x": ["2024-10-01", "2024-12-01"], "y": [1, 2]}],
              "layout": {"width": 400, "height": 200, "xaxis": {"tickformat": tick, "tickvals": ["2024-10-01",
                                                                                                  "2024-12-01"]}}}
    exporter = Exporter(bundle)
    try:
        svg = exporter.svg(figure)
    finally:
        exporter.close()
    ticks = re.findall(r'class="xtick"[^>]*>.*?>([^<]+)</text>', svg)
    assert ticks == months, ticks
