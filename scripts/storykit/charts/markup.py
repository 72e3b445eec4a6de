"""Markup a chart has wherever it is shown (its block on a page, its page of its own): the box that
keeps its layouts' proportions, and its pictures inside it."""

from __future__ import annotations

from markupsafe import Markup

from .build import BuiltChart
from .pictures import page_svg


def shape(chart: BuiltChart) -> str:
    """The proportions of each layout, from which the page's CSS sizes the chart's box."""
    return "; ".join(f"--sk-{screen.name}-width: {screen.width}; --sk-{screen.name}-height: {screen.height}"
                     for screen in chart.spec.screens())


def pictures(chart: BuiltChart, label: str) -> Markup:
    """The phone's picture and the wide one; the page's CSS shows the one that fits the column."""
    return Markup("").join(page_svg(chart.pictures[name], name, label) for name in ("phone", "wide")
                           if name in chart.pictures)
