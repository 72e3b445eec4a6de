"""The chart block: a chart's title and takeaway, its picture (live on intent), its data as a table,
its description, its sources, its downloads and the code to embed it elsewhere.

The embed code is not in the page: the loader (charts.js) writes it when the reader opens "Embed this
chart", from the frame's address and height the block carries. A reader who only reads fetches a
few dozen bytes for it instead of half a kilobyte, and Material has no code block to measure in a
closed <details> when it starts (each such measure laid out the folded content)."""

from __future__ import annotations

from markupsafe import Markup

from ...core import paths
from ...charts.build import BuiltChart
from ...charts.markup import figure_values
from ...charts.words import ChartWords
from ...core.markers import Marker
from ...writing.writer import unknown
from .chart_table import chart_table
from .common import Context

def render(context: Context, marker: Marker) -> str:
    build = context.build
    chart_id = marker.target or ""
    if chart_id not in build.charts:
        raise context.where(marker.line, unknown("chart", chart_id, build.charts, "the chart module"))
    return str(chart_html(context, build.charts[chart_id]))


def embed_frame(chart: BuiltChart, site_url: str, words: ChartWords) -> tuple[str, int]:
    """The address and height of the <iframe> an author pastes into another page (charts.js writes the
    code, with the script that fits the frame to its content).

    The set height is the page's on a wide column, worked out from the chart's height and the
    length of its words (title, takeaway, description, sources); the script corrects it anywhere.
    """
    texts = words.words_for_readers()
    lines = sum(-(-len(text) // per_line) * height for text, per_line, height in
                zip(texts, (60, 75, 95, 95), (24, 24, 20, 20)))
    return site_url + paths.embed_url(chart.id), chart.spec.height + lines + 90  # margins, the link back


def chart_html(context: Context, chart: BuiltChart) -> Markup:
    lang, prose = context.build.language, context.writer
    words = ChartWords(chart, prose)
    chart_id = chart.id
    markup = context.markup
    sources = words.sources(lambda source: Markup(markup.link(
        context.link(paths.on_page(context.build.page_url("facts_page"), paths.source_anchor(source.id))),
        prose.outlet(source))))
    downloads = lang.html(
        "chart.downloads",
        csv=Markup(markup.link(context.build.shared_link(paths.chart_csv(chart_id), context.page.url),
                               lang.say("chart.csv_link"), class_="sk-chart__csv", download=True)),
        light=Markup(markup.link(context.link(paths.chart_picture(chart_id, "wide", "light")), lang.say("chart.light"),
                                 class_="sk-chart__svg sk-chart__svg--light", download=True)),
        dark=Markup(markup.link(context.link(paths.chart_picture(chart_id, "wide", "dark")), lang.say("chart.dark"),
                                class_="sk-chart__svg sk-chart__svg--dark", download=True)))
    own_page = Markup(markup.link(context.link(paths.embed_url(chart_id)), lang.say("chart.own_page_link")))
    frame, frame_height = embed_frame(chart, context.build.settings.site_url, words)
    return context.build.templates.render(
        "chart.html", embedded=False, **figure_values(chart, context.link, lang.say("chart.picture_label")),
        title=words.html("title"), takeaway=words.html("takeaway"), description=words.html("description"),
        tab_chart=lang.say("chart.tab_chart"), tab_data=lang.say("chart.tab_data"), table=chart_table(context, chart),
        sources=sources, downloads=downloads, embed_summary=lang.say("chart.embed_summary"),
        embed_text=lang.html("chart.embed_text", own_page=own_page), frame=frame, frame_height=frame_height)
