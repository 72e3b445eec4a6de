"""What the MkDocs plugin calls, in one place. The plugin imports this module afresh for every build, so
that an edit to the machinery or to the story's chart module shows without a restart."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..charts.pictures import Exporter
from ..checks.storycheck import check_links, check_story
from ..core.catalogue import Language
from ..core.errors import StoryError
from ..core.linebreaks import word_splitter
from ..core.settings import Settings
from ..pages.render import error_page, page_context, render_page
from ..pages.templates import TemplateCache, template_globals
from ..site.assets import localized_bundle
from ..site.headers import add_meta_policy
from ..site.material import compact_search_index, load_after_paint, name_theme_parts, without_indentation
from ..site.record import Build, PageSource, language_of, make_build
from .project import (add_site_files, fit_config, link_checks, page_sources, set_aside_other_editions, settings_of,
                      site_templates, story_files, watched)

log = logging.getLogger("mkdocs.plugins.storykit")
word_splitter()  # quiet, and its dictionary cached in the project, before the search plugin uses it


def fix_theme_markup(html: str, language: Language | None, build: Build | None) -> str:
    """Material's markup as the site serves it: named where axe asks, its scripts loaded after the page (the
    site's search holder before Material's bundle), without the indentation between its tags (as it is
    while a mistake in the settings leaves no language)."""
    if language is None:
        return html
    first = [build.assets["search"].path] if build is not None else []
    return without_indentation(load_after_paint(name_theme_parts(html, language), first))


def new_exporter(settings: Settings) -> Exporter | None:
    """An exporter of chart pictures for builds made one after another (it starts its browser on first use)."""
    bundle = localized_bundle(settings)
    return Exporter(bundle) if bundle is not None else None


def page_markdown(build: Build | None, error: Exception | None, page: Any, markdown: str,
                  command: str) -> tuple[str, StoryError | None]:
    """A page's Markdown with its markers replaced; with a mistake: under `mkdocs serve`, the page showing it (the other pages stay readable), else the mistake,
    for the plugin to stop the build with once every page has been read."""
    if error is not None:
        return error_page(error), None
    if build is None:
        return markdown, None
    try:
        return render_page(build, page.file.src_uri, markdown), None
    except StoryError as mistake:
        if command != "serve":
            return markdown, mistake
        log.error("%s", mistake)
        return error_page(mistake), None


def finish_site(build: Build, config: Any, command: str) -> list[StoryError]:
    """Once an edition is written: its search index made compact; in a strict build, its links that lead
    nowhere (but those MkDocs reports itself); and every page's security policy (not under `mkdocs serve`,
    whose live reload injects an inline script of its own into each page it serves)."""
    site_dir = Path(config.site_dir)
    compact_search_index(site_dir)
    strict, left_to_mkdocs = link_checks(config)
    broken = check_links(build.settings, {source: page.url for source, page in build.pages.items()}, site_dir,
                         left_to_mkdocs) if strict else []
    if command != "serve":
        add_meta_policy(site_dir)
    return broken


__all__ = ["Build", "PageSource", "Settings", "StoryError", "TemplateCache", "add_site_files", "check_story",
           "error_page", "finish_site", "fit_config", "fix_theme_markup", "language_of", "log", "make_build",
           "new_exporter", "page_context", "page_markdown", "page_sources", "render_page", "set_aside_other_editions",
           "settings_of", "site_templates", "story_files", "template_globals", "watched"]
