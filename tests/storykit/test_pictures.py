"""Each chart's pictures, made at build time: complete, the chart's own, reproducible and cached: for the story
`--story` names."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import (ROOT, StoryProject, Where, assert_failed_with_one_line, fact_file, mkdocs_build, needs,
                     set_fact_value, story_pages)

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


def test_every_chart_has_its_pictures_in_both_schemes_and_widths_with_its_own_labels(story_under_test, site_dir,
                                                                                    language):
    charts = chart_ids(site_dir)
    assert charts == sorted(story_under_test.charts)
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
                assert language.say("chart.sources", sources="").split("{")[0].strip(" .") in words
                assert not PLACEHOLDER.search(picture), "every colour is the scheme's own"
                background = root.find(f"{SVG}rect").get("fill")
                assert background == ("rgb(255, 255, 255)" if scheme == "light" else "rgb(30, 33, 41)")


def test_the_pages_pictures_are_inline_with_unique_ids_and_the_schemes_colours(site_dir, chart_page):
    page = (site_dir / chart_page / "index.html").read_text(encoding="utf-8")
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


def test_the_scheme_colours_written_into_files_are_materials(story_under_test, new_page, site_url):
    """The fixed light and dark values the files use are the ones Material's CSS gives."""
    from storykit.charts.look import SCHEME_ROLES

    needs(story_under_test.has_palette_toggle, "no dark scheme (theme.palette)")
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
def exporter(story_under_test):
    from storykit.charts.pictures import Exporter
    from storykit.site.assets import localized_bundle

    made = Exporter(localized_bundle(story_under_test.settings))
    yield made
    made.close()


def test_an_export_is_the_same_each_time_once_its_ids_are_the_charts_own(story_under_test, story, language, exporter):
    from storykit.charts.build import build_chart
    from storykit.charts.pictures import Exporter, own_ids

    needs(story_under_test.charts, "no chart")
    chart = next(iter(story_under_test.charts))
    figure = build_chart(story_under_test.charts[chart], story, language, str).figures["wide"]
    first = exporter.svg(figure)
    again = Exporter(exporter.bundle)  # a browser of its own: Plotly draws another random id
    try:
        second = again.svg(figure)
    finally:
        again.close()
    assert first != second, "Plotly's exports differ by their random ids"
    assert own_ids(first, f"{chart}-wide") == own_ids(second, f"{chart}-wide")
    assert f"clip{chart}-widexyplot" in own_ids(first, f"{chart}-wide")
    # (A pattern's references too: tests/story/test_charts.py, whose charts hatch their estimates.)


def test_a_browser_start_that_never_answers_is_tried_again(exporter, monkeypatch):
    """Now and then a browser's start never answers on a busy machine: the build tries once more rather than
    waiting for ever, and says so if no try answers."""
    from storykit.charts import pictures

    figure = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"width": 300, "height": 200}}
    monkeypatch.setattr(pictures, "START_TRIES", (0.001, 120))  # the first try given no time to answer
    second_try = pictures.Exporter(exporter.bundle)
    try:
        assert "<svg" in second_try.svg(figure)
    finally:
        second_try.close()
    monkeypatch.setattr(pictures, "START_TRIES", (0.001, 0.001))
    with pytest.raises(pictures.PictureProblem, match=r"the browser did not start \(no answer in 0.001 s; no answer"):
        pictures.Exporter(exporter.bundle).svg(figure)


def plotted(build, chart: str) -> set[str]:
    """The facts a built chart plots, from its figures' customdata."""
    return {name for figure in build.charts[chart].figures.values() for trace in figure["data"]
            for ids in trace.get("customdata") or [] for name in str(ids or "").split() if "@" not in name}


def test_a_data_save_exports_again_only_the_pictures_of_the_charts_it_changes(story_under_test, tmp_path, exporter):
    from storykit.site.record import make_build
    from storykit.writing.writer import FactWriter

    needs(len(story_under_test.charts) > 1, "fewer than two charts")
    project = story_under_test.copy(tmp_path / "project")
    settings = replace(project.settings, pictures_cache=tmp_path / "cache")
    first = make_build(settings, story_pages(project.root), exporter)
    charts = len(story_under_test.charts)
    assert len(list((tmp_path / "cache").glob("*.svg"))) == 2 * charts, "two pictures for each chart"
    # A reported fact that one chart plots and another does not.
    changed, kept, fact = next((chart, other, fact) for chart in first.charts for other in first.charts
                               if other != chart for fact in sorted(plotted(first, chart) - plotted(first, other))
                               if project.story.facts[fact].fact.kind != "derived"
                               and isinstance(project.story.facts[fact].value, (int, float)))
    old_text = FactWriter(project.story, project.language()).value(fact)
    value = project.story.facts[fact].value
    set_fact_value(fact_file(project, fact), fact, str(round(value * 9 / 10) if isinstance(value, int) else
                                                         round(value * 0.9, 2)))
    new_text = FactWriter(StoryProject(project.root).story, project.language()).value(fact)
    second = make_build(settings, story_pages(project.root), exporter)
    made = sorted(path for path in (tmp_path / "cache").glob("*.svg"))
    redrawn = [chart for chart in first.charts if fact in plotted(first, chart)]
    assert len(made) == 2 * (charts + len(redrawn)), f"only the pictures of {redrawn} were exported again"
    assert second.charts[kept].pictures == first.charts[kept].pictures
    assert second.charts[changed].pictures != first.charts[changed].pictures
    if old_text in first.charts[changed].pictures["wide"]:  # a chart that writes its values shows the new one
        assert new_text in second.charts[changed].pictures["wide"]


def test_a_failed_export_is_one_clear_error_naming_the_chart(story_under_test, tmp_path):
    needs(story_under_test.charts, "no chart")
    project = story_under_test.copy(tmp_path / "project")
    config = project.config_file
    lines = config.read_text(encoding="utf-8").split("\n")
    settings_line = next(index for index, line in enumerate(lines) if line.strip() in ("- storykit:", "- storykit"))
    lines.insert(settings_line + 1, f"      pictures_cache: {tmp_path / 'empty'}")
    config.write_text("\n".join(lines), encoding="utf-8")
    result = mkdocs_build(project.root, tmp_path / "site", "http://127.0.0.1:8000/",
                          {"BROWSER_PATH": str(tmp_path / "no-such-browser")})
    chart, spec = next(iter(story_under_test.charts.items()))
    shown, line = story_under_test.settings.as_written(spec.origin[0]), spec.origin[1]  # where it is registered
    assert_failed_with_one_line(result, Where(shown, range(line, line + 1), f"chart '{chart}'",
                                              ("phone picture", "no browser at BROWSER_PATH", "Chromium")))


@pytest.mark.parametrize("language, locales, months", [
    ("de", "plotly.js", ["1. Okt", "1. Dez"]),  # plotly.js's own German locale
    ("sv", None, ["1 okt.", "1 dec."]),  # no plotly.js locale named: one made from CLDR's Swedish
    ("en", "plotly.js", ["1 Oct", "1 Dec"]),  # English needs none
])
def test_a_pictures_dates_are_written_in_its_language(story_under_test, tmp_path, language, locales, months):
    """The bundle that draws an edition's pictures (and its live charts) carries the language's plotly.js locale."""
    from storykit.site.assets import localized_bundle
    from storykit.core.locales import cldr_words
    from storykit.charts.pictures import Exporter

    settings = replace(story_under_test.settings, language=language, editions=(), pictures_cache=tmp_path,
                       plotly_locales=ROOT / "node_modules" / "plotly.js" / "dist" if locales else None)
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
