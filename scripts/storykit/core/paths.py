"""Every path and URL a build writes or links to, defined once.

Paths are site-relative (no leading slash): "data/facts.csv". Page URLs are MkDocs' own (a page's
`File.url`, with the home page as ""), and `relative` turns any of them into a link from a page.
"""

from __future__ import annotations

# Downloads: the dataset
DATA = "data/"
FACTS_CSV = DATA + "facts.csv"
FACTS_JSON = DATA + "facts.json"
SOURCES_CSV = DATA + "sources.csv"
CHANGES_CSV = DATA + "changes.csv"
DATA_PACKAGE = DATA + "datapackage.json"
FEED = "changes.xml"  # the Atom feed of changes

# Other files a build adds
ASSETS = "assets/storykit/"  # the site's own CSS and JavaScript, named by a hash of their content
CARDS = "assets/cards/"  # social cards, one per page
FAVICON = "assets/images/favicon.png"  # Material's, which every build copies
CHARTS = "charts/"  # each chart's figures (for the live chart) and pictures (to download)
EMBEDS = "embed/"  # each chart's page of its own, to sit in another site's <iframe>
SEARCH_INDEX = "search/search_index.json"  # written by the theme's search plugin


def dataset_zip(name: str) -> str:
    return f"{DATA}{name}.zip"


def series_csv(series_id: str) -> str:
    return f"{DATA}series/{series_id}.csv"


def chart_csv(chart_id: str) -> str:
    return f"{DATA}charts/{chart_id}.csv"


def chart_figure(chart_id: str, screen: str) -> str:
    return f"{CHARTS}{chart_id}.{screen}.json"


def chart_picture(chart_id: str, screen: str, scheme: str) -> str:
    return f"{CHARTS}{chart_id}.{screen}.{scheme}.svg"


def embed_url(chart_id: str) -> str:
    return f"{EMBEDS}{chart_id}/"


def embed_file(chart_id: str) -> str:
    return embed_url(chart_id) + "index.html"


def card(page_url: str) -> str:
    """Where a page's social card goes: assets/cards/<page>.png."""
    slug = page_url.strip("/").replace("/", "-").removesuffix(".html") or "index"
    return f"{CARDS}{slug}.png"


def asset(name: str, digest: str) -> str:
    """A content-hashed asset: assets/storykit/charts.3f2a….js, plotly.….min.js."""
    stem, _, suffix = name.rpartition(".")
    if stem.endswith(".min"):
        stem, suffix = stem[:-4], "min." + suffix
    return f"{ASSETS}{stem}.{digest}.{suffix}"


# Anchors: where a record, a chart or a check sits on its page


def fact_anchor(fact_id: str) -> str:
    return f"fact-{fact_id}"


def source_anchor(source_id: str) -> str:
    return f"source-{source_id}"


def series_anchor(series_id: str) -> str:
    return f"series-{series_id}"


def change_anchor(change_id: str) -> str:
    return f"change-{change_id}"


def chart_anchor(chart_id: str) -> str:
    return f"chart-{chart_id}"


def check_anchor(check_id: str) -> str:
    return "check-" + check_id.replace("_", "-")


def on_page(page_url: str, anchor: str) -> str:
    return f"{page_url}#{anchor}"


def shared(target: str, page_url: str, edition_path: str) -> str:
    """The link from a page of the edition in `edition_path` ("zh/") to a file that every edition shares,
    which the first edition (at the site's root) writes."""
    return relative(target, edition_path + page_url)


def relative(target: str, page_url: str) -> str:
    """The link to `target` (site-relative, may carry #fragment) from the page at `page_url`."""
    from mkdocs.utils import get_relative_url  # MkDocs' own rule; imported here so that headers.py needs only this

    path, _, fragment = target.partition("#")
    if fragment and path == page_url:
        return "#" + fragment
    link = get_relative_url(path or "./", page_url or "./")
    return link + (f"#{fragment}" if fragment else "")
