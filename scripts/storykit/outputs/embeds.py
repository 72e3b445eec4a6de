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
from ..charts.markup import figure_values
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
    markup = build.templates.macros("inline.html")
    site = Markup(markup.link(link(anchor), build.settings.site_name))
    return str(build.templates.render(
        "embed.html", embedded=True, **figure_values(chart, link, lang.say("embed.picture_label")),
        lang=lang.html_lang, title_text=words.plain("title"), site_name=build.settings.site_name,
        canonical=build.settings.site_url + anchor, icon=link(paths.FAVICON),
        css=link(build.assets[assets.PAGE_CSS].path), embed_css=link(build.assets[assets.EMBED_CSS].path),
        title=words.html("title"), takeaway=words.html("takeaway"), description=words.html("description"),
        sources=words.sources(lambda source: escape(writer.outlet(source))),
        downloads=Markup(markup.link(build.shared_link(paths.chart_csv(chart.id), here), lang.say("embed.csv_link"),
                                     download=True)),
        back=lang.html("embed.from", site=site), js=link(build.assets[assets.CHARTS_JS].path),
        tips=link(build.assets[assets.TIPS_JS].path), fit=link(build.assets[assets.EMBED_JS].path)))
