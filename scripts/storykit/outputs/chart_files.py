"""Each chart's figures (what the live chart draws, fetched on intent) and its pictures to download,
in the light and the dark scheme, with the title and sources a picture needs when it leaves the page."""

from __future__ import annotations

from ..core import paths
from ..charts.words import ChartWords
from ..charts.pictures import standalone_svg
from ..site.record import Build
from ..charts.look import font_family

SCHEMES = ("light", "dark")


# Nothing in the Downloads block: each chart's block links its own pictures.
def files(build: Build) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    family = font_family(build.language)
    for chart in build.charts.values():
        for screen in chart.figures:
            found[paths.chart_figure(chart.id, screen)] = chart.figure_json(screen).encode()
        words = ChartWords(chart, build.writer)
        title, sources = words.plain("title"), words.sources_plain()
        for screen, svg in chart.pictures.items():
            for scheme in SCHEMES:
                found[paths.chart_picture(chart.id, screen, scheme)] = standalone_svg(
                    svg, scheme, title, sources, family).encode()
    return found
