"""Each chart function: facts in, a figure out that plots exactly those facts, drawn as intended."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go
import pytest

import story_charts
from storykit.charts import Facts, build_chart
from storykit.theme import ACCENT, NEUTRAL


@pytest.fixture(scope="module")
def facts(story) -> Facts:
    return Facts(story)


def draw(chart_id: str, facts: Facts) -> go.Figure:
    return story_charts.charts.specs[chart_id].function(facts)


def points(trace) -> list[tuple[object, object, str]]:
    return [(x, y, ids) for x, y, ids in zip(trace.x, trace.y, trace.customdata)]


@pytest.mark.parametrize("chart_id", sorted(story_charts.charts.specs))
def test_every_chart_plots_only_facts_and_their_values(chart_id, story, facts):
    figure = draw(chart_id, facts)
    assert isinstance(figure, go.Figure) and figure.data
    built = build_chart(story_charts.charts.specs[chart_id], story, str)
    assert built.plotted, "a chart with no facts"
    for trace in figure.data:
        for x, y, ids in zip(trace.x or [], trace.y or [], trace.customdata or []):
            ids = str(ids).split()
            if len(ids) != 1:
                continue
            fact = story.fact(ids[0])
            # A point sits at the fact's value, or (for an event) at its date or the date it describes.
            allowed = {fact.value.isoformat() if isinstance(fact.value, dt.date) else fact.value}
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
    assert changes == {"Meituan": -17.65, "Tencent": -8.98, "Hang Seng Tech Index": -7.97, "Hang Seng Index": -4.22}
    colours = dict(zip(bars.y, bars.marker.color))
    assert colours["Tencent"] == ACCENT and colours["Meituan"] == NEUTRAL
    assert list(bars.text) == ["−17.65%", "−8.98%", "−7.97%", "−4.22%"], "formatted as in the prose"
    day_before = figure.data[1]
    assert dict(zip(day_before.y, day_before.x)) == {"Meituan": -13.76, "Tencent": -7.72}


def test_tencent_closes_draw_no_line_through_missing_days(facts):
    figure = draw("tencent-closes", facts)
    line, closes = figure.data
    assert list(closes.x) == ["2021-07-26", "2021-07-27", "2021-07-29", "2021-07-30", "2021-08-03", "2021-08-05"]
    assert closes.mode == "markers+text" and list(closes.text)[0] == "HK$490.00"
    assert line.connectgaps is False
    # The line breaks (None) between days that are not consecutive confirmed trading days.
    segments = "".join("|" if y is None else "o" for y in line.y)
    assert segments == "oo|oo|o|o"


def test_user_growth_marks_the_estimate_and_the_articles_figure(facts):
    figure = draw("mau-growth", facts)
    bars = figure.data[0]
    assert list(bars.x) == ["2016", "2017", "2018", "2019", "2020", "2021"]
    assert list(bars.marker.pattern.shape) == ["/", "", "", "", "", ""]
    assert "(estimate)" in bars.text[0] and "+28%" in bars.text[0]
    assert bars.marker.color[4] == ACCENT
    growth = [float(text.split("+")[1].split("%")[0]) for text in bars.text]
    assert growth == sorted(growth, reverse=True), "the title says growth slowed every year"


def test_daily_use_labels_its_shares_as_derived(facts):
    bars = draw("daily-use", facts).data[0]
    assert bars.x[0] == 1_225_000_000
    assert all("(derived)" in text for text in bars.text[1:])
    assert "32.7%" in bars.text[1]


def test_wecom_chart_carries_organisations_and_users(facts):
    bars = draw("wecom-scale", facts).data[0]
    assert bars.customdata[1].split() == ["wecom_active_users", "wecom_share_of_wechat", "wecom_orgs"]
    assert "more than 5.5 million organisations" in bars.text[1]


def test_qingfeng_chart_shows_what_the_article_leaves_out(facts):
    figure = draw("qingfeng-targets", facts)
    article = {t.name: len(t.y) for t in figure.data if t.x[0] == "The article"}
    assert article == {"Mentioned": 1, "Mentioned in different words": 3, "Left out": 5}
    symbols = {t.name: t.marker.symbol for t in figure.data}
    assert len(set(symbols.values())) == 3, "coverage is told by shape, not colour alone"
