"""The charts' one look: a small Plotly template and a colour-blind-safe palette.

Colours that depend on the reader's scheme (text, grid, background) are left out here: the
browser fills them in from Material's computed colours, and again when the reader toggles the
palette. The palette below (Okabe and Ito) keeps at least 3:1 contrast on both Material's light
and dark backgrounds.
"""

from __future__ import annotations

import plotly.graph_objects as go

ACCENT = "#D55E00"  # vermillion: the subject of a chart
BLUE = "#0072B2"
GREEN = "#009E73"
PURPLE = "#CC79A7"
NEUTRAL = "#8C8C8C"  # context: everything that is not the point
TRANSPARENT = "rgba(0,0,0,0)"

TEMPLATE = go.layout.Template(layout=go.Layout(
    font=dict(size=14),
    colorway=[ACCENT, BLUE, GREEN, PURPLE, NEUTRAL],
    margin=dict(l=8, r=16, t=16, b=8),
    hovermode="closest",
    showlegend=False,
    legend=dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom", title_text=""),
    xaxis=dict(automargin=True, showgrid=False, zeroline=False, ticks="", showline=False, fixedrange=True),
    yaxis=dict(automargin=True, showgrid=True, zeroline=False, ticks="", showline=False, fixedrange=True),
    bargap=0.35,
    hoverlabel=dict(font_size=14, align="left"),
    separators=".,",
))


def new_figure(**layout: object) -> go.Figure:
    """An empty figure in the site's look; pass layout overrides for this chart."""
    figure = go.Figure(layout=go.Layout(template=TEMPLATE))
    figure.update_layout(**layout)
    return figure


def count_axis(maximum: float, step: float) -> dict[str, object]:
    """Tick positions and labels for an axis of counts, written as the prose writes them."""
    from .units import UNITS, format_value

    ticks = [step * index for index in range(int(maximum // step) + 1)]
    return dict(tickvals=ticks, ticktext=[format_value(UNITS["count"], tick) if tick else "0" for tick in ticks],
                range=[0, maximum])


def wrap(text: str, width: int = 28) -> str:
    """Break a long label into lines for Plotly (which does not wrap text itself)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)
