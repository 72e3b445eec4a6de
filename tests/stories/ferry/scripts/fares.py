"""The ferry story's one chart."""

from __future__ import annotations

import plotly.graph_objects as go

from storykit.charts import ACCENT, ChartRegistry, Facts, Screen, new_figure

charts = ChartRegistry()


@charts.chart("fares", height=300, phone_height=320)
def fares(facts: Facts, screen: Screen) -> go.Figure:
    figure = new_figure(screen)
    figure.add_trace(go.Bar(
        name=facts.say("single"), x=[facts.say("single"), facts.say("return")],
        y=[facts.value("single_fare"), facts.value("return_fare")], customdata=["single_fare", "return_fare"],
        text=[facts.text("single_fare"), facts.text("return_fare")], textposition="outside",
        marker=dict(color=ACCENT)))
    return figure
