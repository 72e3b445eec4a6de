"""Each chart function: facts in, a figure out that plots exactly those facts, drawn as intended."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest
from bs4 import BeautifulSoup

import story_charts
from storykit.charts.build import build_chart
from storykit.charts.registry import Facts
from storykit.charts.look import ACCENT, NEUTRAL

SCREENS = ("phone", "wide")


@pytest.fixture(scope="module")
def facts(story, english) -> Facts:
    return Facts(story, english)


def draw(chart_id: str, facts: Facts, screen: str = "wide") -> go.Figure:
    spec = story_charts.charts.specs[chart_id]
    return spec.function(Facts(facts._story, facts.language, chart_id), next(s for s in spec.screens()
                                                                             if s.name == screen))


def points(trace) -> list[tuple[object, object, str]]:
    return [(x, y, ids) for x, y, ids in zip(trace.x, trace.y, trace.customdata)]


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("chart_id", sorted(story_charts.charts.specs))
def test_every_chart_plots_only_facts_and_their_values(chart_id, screen, story, facts):
    figure = draw(chart_id, facts, screen)
    assert isinstance(figure, go.Figure) and figure.data
    built = build_chart(story_charts.charts.specs[chart_id], story, facts.language, str)
    assert built.plotted, "a chart with no facts"
    for trace in figure.data:
        for x, y, ids in zip(trace.x or [], trace.y or [], trace.customdata or []):
            ids = str(ids).split()
            if len(ids) != 1 or "@" in ids[0]:
                continue
            fact = story.fact(ids[0])
            # A point sits at the fact's value, or (for an event) at its date or the date it describes.
            value = facts.language.local(fact.value) if isinstance(fact.value, dict) else fact.value
            allowed = {value.isoformat() if isinstance(value, dt.date) else value}
            if fact.fact.as_of:
                allowed.add(fact.fact.as_of.isoformat())
            if fact.unit.value_type != "text":
                assert allowed & {x, y}, f"{trace.name}: {fact.id} is {fact.value}, plotted at ({x}, {y})"


def test_timeline_spans_the_plan_and_the_suspension(facts):
    figure = draw("timeline", facts)
    plan = next(t for t in figure.data if t.name == "Qingfeng Plan")
    assert plan.base[0] == "2021-07-21"
    assert dt.date.fromisoformat(plan.base[0]) + dt.timedelta(milliseconds=plan.x[0]) == dt.date(2021, 9, 21)
    assert plan.marker.pattern.shape == "/", "the estimated end is shown hatched"
    suspension = next(t for t in figure.data if t.name == "Sign-ups suspended")
    assert suspension.base[0] == "2021-07-27" and suspension.x[0] == 9 * 86_400_000
    regulators = next(t for t in figure.data if t.name == "Regulators' moves")
    assert list(regulators.x) == ["2021-07-21", "2021-07-24", "2021-07-26"]
    assert any("early August" in note.text for note in figure.layout.annotations)


def test_market_chart_sets_tencent_against_the_market(facts):
    figure = draw("market-27-july", facts)
    bars = figure.data[0]
    changes = dict(zip(bars.y, bars.x))
    assert changes == {"Meituan": -17.65, "Tencent": -8.98, "Hang Seng TECH Index": -7.97, "Hang Seng Index": -4.22}
    colours = dict(zip(bars.y, bars.marker.color))
    assert colours["Tencent"] == ACCENT and colours["Meituan"] == NEUTRAL
    assert list(bars.text) == ["−17.65%", "−8.98%", "−7.97%", "−4.22%"], "formatted as in the prose"
    day_before = figure.data[1]
    assert dict(zip(day_before.y, day_before.x)) == {"Meituan": -13.76, "Tencent": -7.72}


def test_the_daily_market_chart_sets_every_series_to_one_hundred_before_the_first_order(facts):
    figure = draw("market-daily", facts)
    lines = {trace.name: trace for trace in figure.data}
    assert list(lines) == ["Hang Seng Index", "Hang Seng TECH", "Meituan", "Tencent"], "Tencent is drawn on top"
    for trace in lines.values():
        assert len(trace.x) == 64 and trace.y[list(trace.x).index("2021-07-23")] == 100
    tencent = lines["Tencent"]
    on_29_july = list(tencent.x).index("2021-07-29")
    assert tencent.customdata[on_29_july] == "tencent_close_0729 tencent_daily@2021-07-29", "what is drawn first"
    assert tencent.y[on_29_july] == round(491.8 / 531 * 100, 2), "the reported close, not the vendor's"
    assert "HK$491.80 reported" in tencent.text[on_29_july] and "HK$492.00" in tencent.text[on_29_july]
    assert tencent.customdata[0] == "tencent_daily@2021-06-01"


@pytest.mark.parametrize("chart_id", sorted(story_charts.charts.specs))
def test_the_phone_layout_plots_what_the_wide_one_does_in_its_own_size(chart_id, story, facts):
    built = build_chart(story_charts.charts.specs[chart_id], story, facts.language, str)
    phone, wide = built.figures["phone"], built.figures["wide"]
    assert phone["layout"]["width"] < wide["layout"]["width"]
    assert phone["layout"]["font"]["size"] == 12 and wide["layout"]["font"]["size"] == 14
    assert [t.get("customdata") for t in phone["data"]] == [t.get("customdata") for t in wide["data"]]


@pytest.mark.parametrize("chart_id", sorted(story_charts.charts.specs))
def test_estimates_are_marked_where_a_chart_shows_them(chart_id, story, facts):
    """A point that plots a LIKELY fact says "estimate" on the chart (a series' days are labelled in the
    chart's source line: see test_chart_layout)."""
    for screen in SCREENS:
        figure = draw(chart_id, facts, screen)
        notes = " ".join(str(note.text) for note in figure.layout.annotations)
        for trace in figure.data:
            for index, ids in enumerate(trace.customdata or []):
                names = str(ids or "").split()
                likely = [n for n in names if "@" not in n and story.facts[n].confidence == "likely"]
                if not likely:
                    continue
                text = trace.text[index] if isinstance(trace.text, (tuple, list)) else str(trace.text or "")
                said = f"{text} {notes} {trace.name}".lower()
                assert "estimate" in said, (chart_id, screen, trace.name, likely)


def test_user_growth_marks_the_estimate_and_the_articles_figure(facts):
    figure = draw("mau-growth", facts)
    bars = figure.data[0]
    assert list(bars.x) == ["2016", "2017", "2018", "2019", "2020", "2021"]
    assert list(bars.marker.pattern.shape) == ["/", "", "", "", "", ""]
    assert "(estimate)" in bars.text[0] and "+28%" in bars.text[0]
    assert not any("estimate" in text for text in bars.text[1:]), "later years rest on confirmed figures"
    assert bars.marker.color[4] == ACCENT
    growth = [float(text.split("+")[1].split("%")[0]) for text in bars.text]
    assert growth == sorted(growth, reverse=True), "the title says growth slowed every year"


def test_daily_use_labels_its_shares_as_derived_and_counts_users(facts):
    bars = draw("daily-use", facts).data[0]
    assert bars.x[0] == 1_225_000_000
    assert all("(derived)" in text for text in bars.text[1:])
    assert "32.7%" in bars.text[1]
    assert list(bars.y)[1:] == ["Mini-program users, daily", "Official-account readers, daily",
                                "Moments posters, daily"], "each bar counts users, not posts"


def test_wecom_chart_carries_organisations_and_users(facts):
    bars = draw("wecom-scale", facts).data[0]
    assert bars.customdata[1].split() == ["wecom_active_users", "wecom_share_of_wechat", "wecom_orgs"]
    assert "more than 5.5 million organisations" in bars.text[1]
    assert "more than 10.6% of WeChat's monthly active users" in bars.text[1], "a lower bound stays one"


def test_qingfeng_chart_shows_what_the_article_leaves_out(facts):
    figure = draw("qingfeng-targets", facts)
    article = {t.name: len(t.y) for t in figure.data if t.x[0] == "The article"}
    assert article == {"Mentioned": 1, "Mentioned in different words": 3, "Left out": 5}
    symbols = {t.name: t.marker.symbol for t in figure.data}
    assert len(set(symbols.values())) == 3, "coverage is told by shape, not colour alone"


# Shown on the site (how any story's charts are laid out and credited: storykit/test_chart_layout.py)


def test_each_chart_names_its_sources_once(site_dir):
    lines = 0
    for path in ["", "suspension/", "qingfeng-plan/", "scale/"]:
        soup = BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")
        lines += len(soup.select(".sk-chart__source"))
    assert lines == 7
    timeline = BeautifulSoup((site_dir / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert timeline.select_one("#chart-timeline .sk-chart__source").get_text().count("Central News Agency") == 1


def test_the_daily_market_charts_source_line_tells_series_from_reported_facts_and_labels_estimates(site_dir):
    daily = BeautifulSoup((site_dir / "suspension" / "index.html").read_text(encoding="utf-8"), "html.parser")
    line = " ".join(daily.select_one("#chart-market-daily .sk-chart__source").get_text().split())
    assert line.startswith("Sources: Yahoo Finance, Investing.com (daily series, shown as estimates); "
                           "Business Standard."), line


def test_an_export_keeps_a_patterns_references_to_the_charts_own_ids(story, english):
    """The hatched estimate of the growth chart is a pattern, referred to by the chart's own id (any story's
    charts: storykit/test_pictures.py)."""
    from storykit.charts.pictures import Exporter, own_ids

    from helpers import ROOT

    figure = build_chart(story_charts.charts.specs["mau-growth"], story, english, str).figures["wide"]
    exporter = Exporter(ROOT / ".cache" / "plotly" / "plotly-story.min.js")
    try:
        first = exporter.svg(figure)
    finally:
        exporter.close()
    assert "clipmau-growth-widexyplot" in own_ids(first, "mau-growth-wide")
    assert "url('#pmau-growth-wide-" in own_ids(first, "mau-growth-wide"), "patterns' references too"
