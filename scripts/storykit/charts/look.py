"""The charts' one look: a small Plotly template, a colour-blind-safe palette, and the page's scheme.

Data colours (Okabe and Ito) are fixed: they keep at least 3:1 contrast on Material's light and
dark backgrounds. Colours that follow the reader's scheme (text, lines, grid, background) are
written into every figure as placeholder colours, one per role. The browser swaps them for
Material's computed colours (charts.js), and a picture made at build time gets them from CSS
variables, or from the fixed light or dark values below for a file to download.
"""

from __future__ import annotations

import json
import re
from typing import Any

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

from ..writing.formats import PLAIN
from ..core.catalogue import Language
from ..core.linebreaks import pieces
from ..core.linebreaks import width as text_width
from ..data.units import UNITS
from ..writing.formats import value_text

ACCENT = "#D55E00"  # vermillion: the subject of a chart
BLUE = "#0072B2"
GREEN = "#009E73"
PURPLE = "#CC79A7"
SKY = "#56B4E9"
NEUTRAL = "#8C8C8C"  # context: everything that is not the point
TRANSPARENT = "rgba(0,0,0,0)"

# Material's font stack when `theme.font` is off: the reader's system font. A language's catalogue
# may name its own (`chart.font_family`), e.g. to put fonts with Simplified Chinese shapes first.
FONT_FAMILY = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"

# Colours that follow the page's scheme: role -> (placeholder written into figures, the CSS
# variable of Material that gives the role's colour, its value in Material's light and dark schemes).
SCHEME_ROLES: dict[str, tuple[str, str, str, str]] = {
    "text": ("#01020a", "--md-typeset-color", "rgba(0, 0, 0, 0.87)", "rgba(226, 228, 233, 0.82)"),
    "muted": ("#01020b", "--md-default-fg-color--light", "rgba(0, 0, 0, 0.54)", "rgba(226, 228, 233, 0.56)"),
    "line": ("#01020c", "--md-default-fg-color--lighter", "rgba(0, 0, 0, 0.32)", "rgba(226, 228, 233, 0.32)"),
    "grid": ("#01020d", "--md-default-fg-color--lightest", "rgba(0, 0, 0, 0.07)", "rgba(226, 228, 233, 0.12)"),
    "background": ("#01020e", "--md-default-bg-color", "rgb(255, 255, 255)", "rgb(30, 33, 41)"),
}
TEXT, MUTED, LINE, GRID, BACKGROUND = (SCHEME_ROLES[role][0] for role in
                                       ("text", "muted", "line", "grid", "background"))
BAND = GRID  # a shaded span of time: as faint as the grid, in either scheme

TEMPLATE = go.layout.Template(layout=go.Layout(
    font=dict(size=14, family=FONT_FAMILY, color=TEXT),
    colorway=[ACCENT, BLUE, GREEN, PURPLE, NEUTRAL],
    margin=dict(l=8, r=16, t=16, b=8),
    hovermode="closest",
    showlegend=False,
    legend=dict(orientation="h", x=0, xanchor="left", y=1.02, yanchor="bottom", title_text=""),
    xaxis=dict(automargin=True, showgrid=False, zeroline=False, ticks="", showline=False, fixedrange=True),
    yaxis=dict(automargin=True, showgrid=True, zeroline=False, ticks="", showline=False, fixedrange=True),
    bargap=0.35,
    hoverlabel=dict(font_size=14, align="left"),
))


def new_figure(screen: Any, **layout: object) -> go.Figure:
    """An empty figure in the site's look for `screen`; pass layout overrides for this chart."""
    figure = go.Figure(layout=go.Layout(template=TEMPLATE, font=dict(size=screen.font_size)))
    figure.update_layout(**layout)
    return figure


def font_family(language: Language) -> str:
    return str(language.words.get("chart", {}).get("font_family") or FONT_FAMILY)


def finish(figure: go.Figure, screen: Any, language: Language) -> dict[str, Any]:
    """The figure as the page draws it: its screen's size, the language's fonts, and the scheme's
    colours as placeholders."""
    family = font_family(language)
    data = json.loads(to_json_plotly(figure.to_plotly_json()))  # plain JSON types: dates as text, arrays as lists
    for number, trace in enumerate(data.get("data", [])):
        trace.setdefault("uid", f"trace-{number}")  # else Plotly draws a random one into pattern ids
    layout = data.setdefault("layout", {})
    layout.update(width=screen.width, height=screen.height, autosize=False, paper_bgcolor=BACKGROUND,
                  plot_bgcolor=BACKGROUND)
    # Axis figures grouped as the prose groups them (the language's marks, from CLDR): 1,000.5 or 1.000,5.
    layout.setdefault("separators", language.say("numbers.decimal") + language.say("numbers.group"))
    font = layout.setdefault("font", {})
    font.setdefault("family", family)
    font.setdefault("color", TEXT)
    font.setdefault("size", screen.font_size)
    hover = layout.setdefault("hoverlabel", {})
    hover.update(bgcolor=BACKGROUND, bordercolor=LINE)
    hover["font"] = {**hover.get("font", {}), "color": TEXT, "family": family,
                     "size": 13 if screen.phone else 14}
    for key in [key for key in layout if re.fullmatch(r"[xy]axis\d*", key)] or ["xaxis", "yaxis"]:
        axis = layout.setdefault(key, {})
        axis.update(gridcolor=GRID, linecolor=LINE, zerolinecolor=LINE, tickcolor=LINE)
    for note in layout.get("annotations", []):
        note.setdefault("arrowcolor", MUTED)
    for shape in layout.get("shapes", []):
        if "line" in shape:
            shape["line"].setdefault("color", LINE)
    return data


def count_axis(maximum: float, step: float, language: Language) -> dict[str, object]:
    """Tick positions and labels for an axis of counts, written as the prose writes them."""
    ticks = [step * index for index in range(int(maximum // step) + 1)]
    return dict(tickvals=ticks, ticktext=[value_text(UNITS["count"], tick, language, options=PLAIN) if tick else "0"
                                          for tick in ticks], range=[0, maximum])


def wrap(text: str, width: int = 28) -> str:
    """Break a long label into lines for Plotly (which does not wrap text itself): between words,
    and between the words of languages written without spaces. The lines are balanced: as many as
    `width` needs, each as narrow as that allows, so no line holds a lone word or character."""
    lines = _filled(text, width)
    narrowest = width
    while len(lines) > 1 and narrowest > 1 and len(_filled(text, narrowest - 1)) == len(lines):
        narrowest -= 1
    return "<br>".join(_filled(text, narrowest))


def _filled(text: str, width: int) -> list[str]:
    """Lines filled in turn up to `width` (a piece wider than that has a line of its own)."""
    lines: list[str] = []
    for joiner, piece in pieces(text):
        if lines and text_width(lines[-1]) + text_width(joiner) + text_width(piece) <= width:
            lines[-1] += joiner + piece
        else:
            lines.append(piece)
    return lines


def label_above_rows(figure: go.Figure, labels: list[str], gap: float = 0.25) -> None:
    """Put each row's label above its row, left-aligned, instead of beside it (a phone's layout).

    For charts whose rows are categories on a reversed y axis (the first row on top): the label of
    row i sits just above the position i - gap, which clears a bar `2 * gap` rows thick, so the
    bars and timelines get the whole width. Hide the axis' own tick labels with it.
    """
    for index, text in enumerate(labels):
        figure.add_annotation(x=0, xref="paper", xanchor="left", y=index - gap, yanchor="bottom", text=text,
                              align="left", showarrow=False)
