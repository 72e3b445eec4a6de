"""What a built site holds, read from its files: its pages, and the charts on each.

Shared by the scenarios (which pages to load, how many charts to wait for), the usual-way pages
(which charts to replace) and the rebuild timing (which page shows a chart or a label).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

# Our chart's plot element, as scripts/storykit/templates/storykit/chart.html writes it.
CHART_PLOT = re.compile(r'<div class="sk-chart__plot"[^>]*\bdata-sk-chart="([^"]*)"[^>]*>')


def site_pages(site_dir: Path, site_url: str) -> list[str]:
    """The pages of the site (paths such as '/', '/scale/' and '/zh/scale/'), in sitemap order, each
    edition's sitemap after the first's."""
    paths = []
    for sitemap in [site_dir / "sitemap.xml", *sorted(site_dir.glob("*/sitemap.xml"))]:
        for element in ElementTree.parse(sitemap).iter():
            if element.tag.endswith("loc") and element.text:
                paths.append("/" + element.text.strip()[len(site_url):])
    return paths


def edition_of(site_dir: Path, path: str) -> str:
    """The edition a page belongs to: the folder of the nearest sitemap above it ("/" or "/zh/")."""
    parts = path.strip("/").split("/")
    for depth in range(len(parts) - 1, 0, -1):
        folder = "/".join(parts[:depth])
        if (site_dir / folder / "sitemap.xml").is_file():
            return f"/{folder}/"
    return "/"


def page_file(site_dir: Path, path: str) -> Path:
    return site_dir / path.lstrip("/") / "index.html"


def chart_ids(page_html: str) -> list[str]:
    """The ids of the page's charts, in page order."""
    return CHART_PLOT.findall(page_html)


def chart_block(page_html: str, chart_id: str) -> str:
    """The chart's whole <figure> (picture, data table, sources); empty if the page lacks it."""
    start = page_html.find(f'<figure class="sk-chart" id="chart-{chart_id}"')
    end = page_html.find("</figure>", start)
    return page_html[start:end] if start >= 0 and end >= 0 else ""
