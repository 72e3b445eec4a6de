"""The ferry story's charts: its fares, and its daily takings."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from storykit.charts import ACCENT, ChartRegistry, Facts, Screen, new_figure

charts = ChartRegistry()
DAY = 86_400_000  # a day in plotly.js's milliseconds


@charts.chart("fares", height=300, phone_height=320)
def fares(facts: Facts, screen: Screen) -> go.Figure:
    figure = new_figure(screen)
    figure.add_trace(go.Bar(
        name=facts.say("single"), x=[facts.say("single"), facts.say("return")],
        y=[facts.value("single_fare"), facts.value("return_fare")], customdata=["single_fare", "return_fare"],
        text=[facts.text("single_fare"), facts.text("return_fare")], textposition="outside",
        marker=dict(color=ACCENT)))
    return figure


@charts.chart("takings", height=320, phone_height=360)
def takings(facts: Facts, screen: Screen) -> go.Figure:
    """A daily series, with the days a source reported drawn as they were reported."""
    days = facts.daily("takings_daily")
    first, last = days[0].day, days[-1].day
    figure = new_figure(
        screen, showlegend=True,
        legend=dict(orientation="h", x=0, xanchor="left", y=1.0, yanchor="bottom"),
        xaxis=dict(type="date", showgrid=False, tickformat=facts.date_format("tick"),
                   hoverformat=facts.date_format("hover"), tick0=first.isoformat(), dtick=DAY * 7,
                   range=[(first - dt.timedelta(days=2)).isoformat(), (last + dt.timedelta(days=1)).isoformat()]),
        yaxis=dict(showgrid=True, rangemode="tozero"))
    figure.add_trace(go.Scatter(
        name=facts.series_name("takings_daily"), mode="lines+markers", x=[d.day.isoformat() for d in days],
        y=[d.value for d in days], customdata=[d.ids for d in days],
        text=[facts.series_text("takings_daily", d.value) for d in days],
        hovertemplate="%{text}<extra></extra>", line=dict(color=ACCENT), marker=dict(size=5)))
    return figure
