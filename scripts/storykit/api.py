"""What the MkDocs adapter calls, in one place. The adapter imports this module afresh for every
build, so that an edit to the machinery or to the story's chart module shows without a restart."""

from __future__ import annotations

from pathlib import Path
from typing import Collection

from . import outputs
from .accessibility import name_theme_parts
from .errors import StoryError
from .language import load_language
from .page import error_page, page_meta, render_page
from .pictures import Exporter
from .record import Build, PageSource, language_of, make_build
from .scriptload import load_after_paint
from .settings import Settings
from .storycheck import check_story
from .storycheck import check_links as links_of_edition
from .templates import TEMPLATES, TemplateCache, template_globals
from .headers import add_meta_policy
from .searchindex import compact_search_index

site_files = outputs.files


def fix_theme_markup(html: str, language: object) -> str:
    """Material's markup as the site serves it: named where axe asks, its scripts loaded after the page."""
    return load_after_paint(name_theme_parts(html, language))  # type: ignore[arg-type]


def check_links(build: Build, site_dir: Path) -> list[StoryError]:
    """The links of a built edition that lead nowhere, each at the page and line that makes it (none: [])."""
    return links_of_edition(build.settings, {source: page.url for source, page in build.pages.items()}, site_dir)


def finish_site(build: Build, site_dir: Path, strict: bool, left_to_mkdocs: Collection[str] = ()) -> list[StoryError]:
    """Once an edition is written: its search index made compact, and in a strict build its links checked
    (a page that shows its mistake under `mkdocs serve` has lost the ids other pages link to), but for what
    MkDocs reports itself (`storycheck.check_links`)."""
    compact_search_index(site_dir)
    if not strict:
        return []
    return links_of_edition(build.settings, {source: page.url for source, page in build.pages.items()}, site_dir,
                            left_to_mkdocs)


def new_exporter(settings: Settings) -> Exporter | None:
    """An exporter of chart pictures for builds made one after another (it starts its browser on first use)."""
    return Exporter(settings.plotly_bundle) if settings.plotly_bundle is not None else None

__all__ = ["Build", "Exporter", "PageSource", "Settings", "StoryError", "TEMPLATES", "TemplateCache", "add_meta_policy",
           "check_links", "check_story", "compact_search_index", "finish_site",
           "error_page", "fix_theme_markup", "language_of", "load_language", "make_build", "new_exporter", "page_meta", "render_page",
           "site_files",
           "template_globals"]
