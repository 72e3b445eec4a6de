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
from ...charts.markup import pictures, shape
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
    sources = words.sources(lambda source: Markup('<a href="{}">{}</a>').format(
        context.link(paths.on_page(context.build.page_url("facts_page"), paths.source_anchor(source.id))),
        prose.outlet(source)))
    downloads = lang.html(
        "chart.downloads",
        csv=Markup('<a class="sk-chart__csv" href="{}" download>{}</a>').format(
            context.build.shared_link(paths.chart_csv(chart_id), context.page.url), lang.say("chart.csv_link")),
        light=Markup('<a class="sk-chart__svg sk-chart__svg--light" href="{}" download>{}</a>').format(
            context.link(paths.chart_picture(chart_id, "wide", "light")), lang.say("chart.light")),
        dark=Markup('<a class="sk-chart__svg sk-chart__svg--dark" href="{}" download>{}</a>').format(
            context.link(paths.chart_picture(chart_id, "wide", "dark")), lang.say("chart.dark")))
    own_page = Markup('<a href="{}">{}</a>').format(context.link(paths.embed_url(chart_id)),
                                                     lang.say("chart.own_page_link"))
    frame, frame_height = embed_frame(chart, context.build.settings.site_url, words)
    return Markup(
        '<figure class="sk-chart" id="chart-{id}" aria-labelledby="chart-{id}-title">'
        '<figcaption><span class="sk-chart__title" id="chart-{id}-title">{title}</span>'
        '<span class="sk-chart__takeaway">{takeaway}</span></figcaption>'
        '<div class="tabbed-set tabbed-alternate sk-chart__tabs">'
        '<input checked="checked" id="sk-{id}-chart" name="sk-{id}" type="radio">'
        '<input id="sk-{id}-data" name="sk-{id}" type="radio">'
        '<div class="tabbed-labels"><label for="sk-{id}-chart">{tab_chart}</label>'
        '<label for="sk-{id}-data">{tab_data}</label></div>'
        '<div class="tabbed-content">'
        '<div class="tabbed-block">'
        '<div class="sk-chart__plot" role="group" aria-labelledby="chart-{id}-title" '
        'aria-describedby="chart-{id}-description" style="{shape}" data-sk-chart="{id}" '
        'data-sk-phone="{phone}" data-sk-wide="{wide}">{pictures}</div>'
        '<p class="sk-chart__description" id="chart-{id}-description">{description}</p>'
        '</div>'
        '<div class="tabbed-block">{table}</div>'
        '</div></div>'
        '<p class="sk-chart__source">{sources} <span class="sk-chart__downloads">{downloads}</span></p>'
        '<details class="sk-chart__embed"><summary>{embed_summary}</summary><p>{embed_text}</p>'
        '<pre class="sk-chart__code" data-sk-frame="{frame}" data-sk-height="{frame_height}"></pre></details>'
        '</figure>').format(
        id=chart_id, title=words.html("title"), takeaway=words.html("takeaway"), shape=shape(chart),
        tab_chart=lang.say("chart.tab_chart"), tab_data=lang.say("chart.tab_data"),
        phone=context.link(paths.chart_figure(chart_id, "phone")), wide=context.link(paths.chart_figure(chart_id, "wide")),
        pictures=pictures(chart, lang.say("chart.picture_label")), description=words.html("description"),
        table=chart_table(context, chart), sources=sources, downloads=downloads,
        embed_summary=lang.say("chart.embed_summary"), embed_text=lang.html("chart.embed_text", own_page=own_page),
        frame=frame, frame_height=frame_height)
