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
from .pictures import page_svg
from .render import relative_url

if TYPE_CHECKING:
    from .site import StorySite

FAVICON = "assets/images/favicon.png"  # Material's, which every build copies
CAPTION_HEIGHT = 260  # px an embed adds to its chart for the title, description and sources, on a wide column


def embed_url(chart_id: str) -> str:
    return f"embed/{chart_id}/"


def embed_path(chart_id: str) -> str:
    return embed_url(chart_id) + "index.html"


def embed_snippet(chart: BuiltChart, site_url: str, title: str) -> str:
    """The <iframe> an author pastes into another page."""
    height = chart.spec.height + CAPTION_HEIGHT
    return (f'<iframe src="{escape(site_url + embed_url(chart.spec.id))}" title="{escape(title)}" width="100%" '
            f'height="{height}" style="border: 0; max-width: 100%;" loading="lazy"></iframe>')


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
    outlets = ", ".join(source.outlet for source in site.chart_sources(chart))
    lead = f"{spec.source_note} " if spec.source_note else ""
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
        '<p class="sk-chart__source">Sources: {lead}{outlets}. <a href="{csv}" download>The data (CSV)</a></p>'
        '<p class="sk-embed__from">From <a href="{back}">{site}</a>, where every figure links to its source.</p>'
        '</figure></main><script src="{js}"></script></body></html>\n').format(
        title=title, site=site.settings.site_name, canonical=site.settings.site_url + f"{story_page}#chart-{spec.id}",
        css=relative_url(assets["css"].path, here), embed_css=relative_url(assets["embed_css"].path, here),
        icon=relative_url(FAVICON, here),
        id=spec.id, title_html=inline(spec.title), takeaway=inline(spec.takeaway), shape=shape,
        phone=relative_url(chart.figure_path("phone"), here), wide=relative_url(chart.figure_path("wide"), here),
        pictures=Markup("").join(page_svg(chart.pictures[name], name) for name in ("phone", "wide")
                                 if name in chart.pictures),
        description=inline(spec.description), lead=lead, outlets=outlets, csv=relative_url(chart.csv_path, here),
        back=back, js=relative_url(assets["js"].path, here)))
