"""The comparison: each chart page as it would be with Plotly embedded "the usual way".

The same built page (same text, CSS, Material JavaScript), with each chart's plot element, pictures
and all, replaced by `plotly.io.to_html` of the chart's wide figure, the first one carrying
plotly.py's full plotly.min.js inline, as `fig.to_html()` does by default, and without our chart
loader. Only the way of showing charts differs between the two pages.

The page's Content-Security-Policy (a <meta> listing the hashes of the site's inline scripts) is
left out of the usual page: it would refuse the inline plotly.js and Plotly.newPlot calls, which
the usual way needs a policy of its own for. Policies cost nothing to measure either way.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import Callable

import plotly.io

from storykit.charts.look import SCHEME_ROLES

from .config import FULL_PLOTLY
from .site import CHART_PLOT

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*')
CHART_LOADER = re.compile(r'<script src="[^"]*assets/storykit/charts\.[0-9a-f]+\.js"></script>\s*')
WIDE_FIGURE = re.compile(r'\bdata-sk-wide="([^"]*)"')
DIV = re.compile(r"<(/?)div\b[^>]*>")
# The figures' scheme colours are placeholders (charts.js fills them in from Material's CSS):
# the usual page gets Material's light values, which is what a reader with a light system sees.
LIGHT = {placeholder.lower(): light for placeholder, _, light, _ in SCHEME_ROLES.values()}
PLACEHOLDER = re.compile("|".join(re.escape(placeholder) for placeholder in LIGHT), re.IGNORECASE)


def usual_path(path: str) -> str:
    # Next to our page, so every relative link of the page still resolves.
    return path + "usual.html"


def usual_page(page_html: str, page_dir: Path) -> str:
    """Our built page with each chart embedded by `to_html` and the full plotly.js, no chart loader."""
    plotly_js_included = False

    def embed(match: re.Match[str]) -> str:
        nonlocal plotly_js_included
        href = WIDE_FIGURE.search(match.group(0))
        if href is None:
            raise RuntimeError(f"chart {match.group(1)} has no data-sk-wide figure")
        text = (page_dir / PurePosixPath(href.group(1))).read_text(encoding="utf-8")
        figure = json.loads(PLACEHOLDER.sub(lambda colour: LIGHT[colour.group(0).lower()], text))
        layout = figure["layout"]
        # As an author embeds a chart: its height set, its width following the column.
        height = layout.pop("height", None)
        layout.pop("width", None)
        layout["autosize"] = True
        embedded: str = plotly.io.to_html(figure, full_html=False, include_plotlyjs=not plotly_js_included,
                                     default_height=f"{height}px" if height else "100%", validate=False)
        plotly_js_included = True
        return embedded

    page = replace_elements(POLICY.sub("", CHART_LOADER.sub("", page_html)), CHART_PLOT, embed)
    if CHART_LOADER.search(page) or "sk-chart__picture" in page or len(page) < FULL_PLOTLY.stat().st_size:
        raise RuntimeError("the usual-way page still has our loader or pictures, or lacks the full plotly.js")
    return page


def replace_elements(page_html: str, opening: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> str:
    """Replace each element whose opening tag matches, up to its own closing tag (divs nest)."""
    parts, position = [], 0
    for match in opening.finditer(page_html):
        if match.start() < position:
            continue
        depth, cursor = 1, match.end()
        for tag in DIV.finditer(page_html, match.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                cursor = tag.end()
                break
        parts += [page_html[position:match.start()], replace(match)]
        position = cursor
    parts.append(page_html[position:])
    return "".join(parts)
