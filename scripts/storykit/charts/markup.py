"""What a chart has wherever it is shown (its block on a page, its page of its own), for the template they
share (templates/storykit/chart.html): the box that keeps its layouts' proportions, its pictures inside it,
and the addresses of its figures."""

from __future__ import annotations

from typing import Any, Callable

from markupsafe import Markup

from ..core import paths
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


def figure_values(chart: BuiltChart, link: Callable[[str], str], picture_label: str) -> dict[str, Any]:
    """The values chart.html needs of every chart, from the page at which `link` makes its links."""
    return {"id": chart.id, "shape": shape(chart), "pictures": pictures(chart, picture_label),
            "phone": link(paths.chart_figure(chart.id, "phone")), "wide": link(paths.chart_figure(chart.id, "wide"))}
