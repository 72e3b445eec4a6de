"""A page of its own for each chart, light enough to sit in another site's <iframe>.

The page holds the chart's picture (live on intent, as on the site), its title, takeaway,
description and sources, and a link back to the story. It loads none of Material: only the
site's chart stylesheet, a few lines of its own for colours (light or dark, as the reader's
system prefers) and the chart loader.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from ..site import assets
from ..core import paths
from ..charts.build import BuiltChart
from ..charts.markup import pictures, shape
from ..charts.words import ChartWords
from ..site.record import Build


# Nothing in the Downloads block: each chart's block links its own page.
def files(build: Build) -> dict[str, bytes]:
    return {paths.embed_file(chart.id): embed_page(build, chart).encode() for chart in build.charts.values()}


def embed_page(build: Build, chart: BuiltChart) -> str:
    here = paths.embed_url(chart.id)
    lang = build.language
    writer = build.page_writer(here)
    words = ChartWords(chart, writer)
    story_page = build.chart_pages.get(chart.id, "")
    anchor = paths.on_page(story_page, paths.chart_anchor(chart.id))
    link = writer.link
    site = Markup('<a href="{}">{}</a>').format(link(anchor), build.settings.site_name)
    return str(Markup(
        '<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>{title} — {site_name}</title><meta name="description" content="{title}">'
        '<meta name="robots" content="noindex"><link rel="canonical" href="{canonical}">'
        '<base target="_blank"><link rel="icon" href="{icon}">'
        '<link rel="stylesheet" href="{css}"><link rel="stylesheet" href="{embed_css}">'
        '</head><body class="md-typeset sk-embed"><main>'
        '<figure class="sk-chart" id="chart-{id}" aria-labelledby="chart-{id}-title">'
        '<figcaption><h1 class="sk-chart__title" id="chart-{id}-title">{title_html}</h1>'
        '<span class="sk-chart__takeaway">{takeaway}</span></figcaption>'
        '<div class="sk-chart__plot" role="group" aria-labelledby="chart-{id}-title" '
        'aria-describedby="chart-{id}-description" style="{shape}" data-sk-chart="{id}" data-sk-phone="{phone}" '
        'data-sk-wide="{wide}">{pictures}</div>'
        '<p class="sk-chart__description" id="chart-{id}-description">{description}</p>'
        '<p class="sk-chart__source">{sources} <span class="sk-chart__downloads"><a href="{csv}" download>'
        '{csv_link}</a></span></p>'
        '<p class="sk-embed__from">{back}</p>'
        '</figure></main><script src="{js}"></script><script src="{tips}"></script><script src="{fit}"></script>'
        '</body></html>\n').format(
        lang=lang.html_lang, title=words.plain("title"), site_name=build.settings.site_name,
        canonical=build.settings.site_url + anchor, icon=link(paths.FAVICON),
        css=link(build.assets[assets.PAGE_CSS].path), embed_css=link(build.assets[assets.EMBED_CSS].path),
        id=chart.id, title_html=words.html("title"), takeaway=words.html("takeaway"), shape=shape(chart),
        phone=link(paths.chart_figure(chart.id, "phone")), wide=link(paths.chart_figure(chart.id, "wide")),
        pictures=pictures(chart, lang.say("embed.picture_label")), description=words.html("description"),
        sources=words.sources(lambda source: escape(writer.outlet(source))),
        csv=build.shared_link(paths.chart_csv(chart.id), here),
        csv_link=lang.say("embed.csv_link"), back=lang.html("embed.from", site=site),
        js=link(build.assets[assets.CHARTS_JS].path), tips=link(build.assets[assets.TIPS_JS].path),
        fit=link(build.assets[assets.EMBED_JS].path)))
