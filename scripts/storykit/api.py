"""What the MkDocs adapter calls, in one place. The adapter imports this module afresh for every
build, so that an edit to the machinery or to the story's chart module shows without a restart."""

from __future__ import annotations

from collections.abc import Iterable

from . import outputs
from .accessibility import name_theme_parts
from .errors import StoryError
from .language import load_language
from .page import error_page, page_meta, render_page
from .pictures import Exporter
from .record import Build, PageSource, language_of, make_build
from .scriptload import load_after_paint
from .settings import Settings
from .templates import TEMPLATES, TemplateCache, template_globals
from .headers import add_meta_policy
from .searchindex import compact_search_index
from .whitespace import without_indentation

site_files = outputs.files


def fix_theme_markup(html: str, language: object, first_scripts: Iterable[str] = ()) -> str:
    """Material's markup as the site serves it: named where axe asks, its scripts loaded after the page
    (`first_scripts`, site paths, before Material's bundle), without the indentation between its tags."""
    return without_indentation(load_after_paint(name_theme_parts(html, language), first_scripts))  # type: ignore[arg-type]


def new_exporter(settings: Settings) -> Exporter | None:
    """An exporter of chart pictures for builds made one after another (it starts its browser on first use)."""
    return Exporter(settings.plotly_bundle) if settings.plotly_bundle is not None else None

__all__ = ["Build", "Exporter", "PageSource", "Settings", "StoryError", "TEMPLATES", "TemplateCache", "add_meta_policy",
           "compact_search_index",
           "error_page", "fix_theme_markup", "language_of", "load_language", "make_build", "new_exporter", "page_meta", "render_page",
           "site_files",
           "template_globals"]
