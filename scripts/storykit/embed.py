"""A page of its own for each chart, light enough to sit in another site's <iframe>.

The page holds the chart's picture (live on intent, as on the site), its title, takeaway,
description and sources, and a link back to the story. It loads none of Material: only the
site's chart stylesheet, a few lines of its own for colours (light or dark, as the reader's
system prefers) and the chart loader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .charts import BuiltChart
from .headers import EMBED_FOLDER
from .pictures import page_svg
from .render import relative_url

if TYPE_CHECKING:
    from .site import StorySite

FAVICON = "assets/images/favicon.png"  # Material's, which every build copies
PICTURE_LABEL = "The chart as a picture; its data is in the CSV file linked below"
# Fits each frame to its page's height, as the page reports it (embed.js); a page that does not run
# it keeps the frame's set height, and the page scrolls inside it.
RESIZE = ('<script>addEventListener("message", function (event) {{ var frames = document.querySelectorAll('
          '"iframe[data-sk-embed]"); for (var i = 0; i < frames.length; i++) if (frames[i].contentWindow === '
          'event.source && event.data && event.data.skEmbedHeight > 0) frames[i].style.height = '
          'event.data.skEmbedHeight + "px"; }});</script>')


def embed_url(chart_id: str) -> str:
    return f"{EMBED_FOLDER}{chart_id}/"


def embed_path(chart_id: str) -> str:
    return embed_url(chart_id) + "index.html"


def embed_snippet(chart: BuiltChart, site_url: str, title: str, words: list[str]) -> str:
    """The <iframe> an author pastes into another page, and the script that fits it to its content.

    The set height is the page's on a wide column, worked out from the chart's height and the
    length of its words (title, takeaway, description, sources); the script corrects it anywhere.
    """
    lines = sum(-(-len(text) // per_line) * height for text, per_line, height in
                zip(words, (60, 75, 95, 95), (24, 24, 20, 20)))
    height = chart.spec.height + lines + 90  # margins, the link back
    return (f'<iframe src="{escape(site_url + embed_url(chart.spec.id))}" title="{escape(title)}" width="100%" '
            f'height="{height}" style="border: 0; max-width: 100%;" loading="lazy" data-sk-embed></iframe>\n'
            + RESIZE.format())


def embed_page(site: StorySite, chart: BuiltChart) -> str:
    here = embed_url(chart.spec.id)
    spec = chart.spec
    where = site._chart_where(chart)
    inline = lambda text: site.renderer.inline_text(text, here, where)  # noqa: E731
    title = site.renderer.plain_text(spec.title, where)
    story_page = site.chart_pages.get(spec.id, "")
    back = relative_url(f"{story_page}#chart-{spec.id}", here)
    assets = site.assets
    shape = "; ".join(f"--sk-{screen.name}-width: {screen.width}; --sk-{screen.name}-height: {screen.height}"
                      for screen in spec.screens())
    sources = site.source_line(chart, lambda source: escape(source.outlet))
    return str(Markup(
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>{title} — {site}</title><meta name="description" content="{title}">'
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
        'The data (CSV)</a></span></p>'
        '<p class="sk-embed__from">From <a href="{back}">{site}</a>, where every figure links to its source.</p>'
        '</figure></main><script src="{js}"></script><script src="{tips}"></script><script src="{fit}"></script>'
        '</body></html>\n').format(
        title=title, site=site.settings.site_name, canonical=site.settings.site_url + f"{story_page}#chart-{spec.id}",
        css=relative_url(assets["css"].path, here), embed_css=relative_url(assets["embed_css"].path, here),
        icon=relative_url(FAVICON, here),
        id=spec.id, title_html=inline(spec.title), takeaway=inline(spec.takeaway), shape=shape,
        phone=relative_url(chart.figure_path("phone"), here), wide=relative_url(chart.figure_path("wide"), here),
        pictures=Markup("").join(page_svg(chart.pictures[name], name, PICTURE_LABEL) for name in ("phone", "wide")
                                 if name in chart.pictures),
        description=inline(spec.description), sources=sources, csv=relative_url(chart.csv_path, here),
        back=back, js=relative_url(assets["js"].path, here), tips=relative_url(assets["tips"].path, here),
        fit=relative_url(assets["embed_js"].path, here)))
