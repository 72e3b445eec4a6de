"""MkDocs, in one place: a plugin that hands each build to the machinery and MkDocs the results.

Shaped as a plugin (a typed config of `config_options`, its state on the instance, `on_shutdown`)
and made by `scripts/hooks.py`, which forwards MkDocs' events to it. The machinery (`storykit.api`
and all below it) knows nothing of MkDocs' objects: this module turns MkDocs' files and pages
into the machinery's records, and its results into MkDocs' files and page text.

Under `mkdocs serve` one plugin lives for the whole session: the machinery and the story's chart
module are imported afresh for every build (so a saved edit shows at once), while compiled
templates and the browser that exports chart pictures are kept from build to build.
"""

from __future__ import annotations

import importlib
import logging
import os
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from .linebreaks import word_splitter
from .yamlfile import lines_of_config

log = logging.getLogger("mkdocs.storykit")
SETTINGS_KEY = "storykit"  # the settings live in mkdocs.yml under extra.storykit


class DatasetName(c.Type):
    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", value):
            raise base.ValidationError(f"expected a name of lowercase letters, digits and . _ - for the data package, "
                                       f"got {value!r:.60}")
        return value


class StoryKitConfig(base.Config):
    """`extra.storykit` in mkdocs.yml; paths are relative to mkdocs.yml."""

    data_folder = c.Type(str, default="docs/data")  # the story's data (`data` is taken by MkDocs' Config)
    words = c.Optional(c.Type(str))  # the story's words, a <language>.yaml each
    charts = c.Optional(c.Type(str))  # the story's chart module (a Python file)
    language = c.Type(str, default="en")  # this edition's language
    languages = c.ListOfItems(c.Type(str), default=[])  # every language of the story (default: this one)
    facts_page = c.Type(str, default="sources.md")
    changes_page = c.Type(str, default="changes.md")
    plotly_bundle = c.Optional(c.Type(str))
    pictures_cache = c.Type(str, default=".cache/pictures")
    cards_cache = c.Type(str, default=".cache/cards")
    citation = c.Type(str, default="CITATION.cff")
    dataset = DatasetName(default="dataset")
    # One edition per language: language -> {path: its folder in the site ("", "zh/"), docs: its docs folder,
    # config: the config file that builds it (make build reads it)}.
    editions = c.Type(dict, default={})


# Where each edition is served when `mkdocs serve` runs one per edition, side by side
# ("en=http://127.0.0.1:8000/,zh-Hans=http://127.0.0.1:8001/"): set by `make serve`.
SERVED_EDITIONS = "STORYKIT_EDITIONS"

SETTINGS = sorted(name for name, value in vars(StoryKitConfig).items() if isinstance(value, c.BaseConfigOption))


class StoryKitPlugin(BasePlugin[StoryKitConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.api: ModuleType | None = None  # the machinery, imported afresh for each build
        self.settings: Any = None
        self.language: Any = None
        self.record: Any = None  # this build's record, once made
        self.error: Exception | None = None  # the mistake that stopped this build (under serve)
        self.page_error: Exception | None = None  # the first page's mistake, raised once pages are done
        self.templates: dict[str, bytes] = {}  # compiled templates, from build to build
        self.exporter: Any = None  # the browser that exports pictures, from build to build under serve
        self.page_url = ""  # the page being rendered, for the links to the same page in other editions

    # Events

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        word_splitter()  # quiet and cached before the search plugin uses it

    @event_priority(50)  # before the theme's own plugins read templates (the search plugin reads its words)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.api = fresh_machinery()
        self.record = self.error = self.page_error = self.settings = self.language = None
        try:
            self.settings = settings_from(self, config)
            self.language = self.api.language_of(self.settings)
        except self.api.StoryError as error:
            self._fail(error)
            return config
        templates = str(self.api.TEMPLATES)
        if templates not in config.theme.dirs:
            # After the story's own overrides, before the theme's: a story may still override ours.
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
        place_edition(self, config)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.language is None or self.error is not None:
            return files
        pages = [page_source(self.api, file) for file in files.documentation_pages()]
        try:
            if self.command == "serve" and self.exporter is None:
                self.exporter = self.api.new_exporter(self.settings)
            self.record = self.api.make_build(self.settings, pages, self.exporter, self.language)
            generated = self.api.site_files(self.record)
        except self.api.StoryError as error:
            self._fail(error)
            return files
        for path, content in generated.items():
            # Included explicitly: `exclude_docs` leaves out the data's YAML, not the downloads made from it.
            files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.INCLUDED))
        assets = self.record.assets
        config.extra_css.append(assets["css"].path)
        config.extra_javascript.extend([assets["search"].path, assets["js"].path, assets["tips"].path])
        if len(self.settings.editions) > 1:
            config.extra_javascript.append(assets["editions"].path)
        return files

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.page_url = page.url
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.page_url = ""
        return self._fixed(output)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.error is not None:
            return self.api.error_page(self.error)
        if self.record is None:
            return markdown
        try:
            page.meta.update(self.api.page_meta(self.record, page.file.src_uri))
            return self.api.render_page(self.record, page.file.src_uri, markdown)
        except self.api.StoryError as error:
            if self.command != "serve":
                self.page_error = self.page_error or error  # raised from on_env: MkDocs would log it twice here
                return markdown
            log.error("%s", error)  # only this page shows the mistake; the others stay readable
            return self.api.error_page(error)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.page_error is not None:
            raise PluginError(str(self.page_error))
        env.bytecode_cache = self.api.TemplateCache(self.templates, env)
        env.globals.update(self.api.template_globals(self.settings, self.language, self.record))
        return env

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self._fixed(output_content)

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.record is not None and self.error is None:
            self.api.compact_search_index(Path(config.site_dir))
        # Every page carries its security policy, whatever the host. Not under `mkdocs serve`, whose
        # live reload injects an inline script of its own into each page it serves.
        if self.record is not None and self.error is None and self.command != "serve":
            self.api.add_meta_policy(Path(config.site_dir))

    def on_shutdown(self) -> None:
        if self.exporter is not None:
            self.exporter.close()
            self.exporter = None

    # Helpers

    def _fixed(self, html: str) -> str:
        if self.language is None:
            return html
        first = [self.record.assets["search"].path] if self.record is not None else []
        return self.api.fix_theme_markup(html, self.language, first)

    def _fail(self, error: Exception) -> None:
        """Stop a build with one line; under `mkdocs serve`, keep serving and show the error instead."""
        if self.command == "serve":
            self.error = error
            log.error("%s", error)
            return
        raise PluginError(str(error))


# Helpers


def place_edition(plugin: StoryKitPlugin, config: MkDocsConfig) -> None:
    """An edition's address is the site's plus its folder; with several editions, Material's language
    switcher names this page in each. (The page's hreflang alternates are in the sitemaps:
    templates/main.html says why not in the head.)"""
    path = plugin.settings.edition_path
    if path and plugin.command != "serve" and not config.site_url.endswith(path):
        config.site_url += path
        plugin.settings = settings_from(plugin, config)
    if len(plugin.settings.editions) > 1:
        config.extra["alternate"] = [EditionLink(plugin, language, plugin.language.words)
                                     for language in plugin.settings.editions]


def settings_from(plugin: StoryKitPlugin, config: MkDocsConfig) -> Any:
    """The story's settings, checked like a plugin's; a mistake names its line of mkdocs.yml."""
    root = Path(config.config_file_path).resolve().parent
    lines = lines_of_config(Path(config.config_file_path), ("extra", SETTINGS_KEY))
    shown = Path(config.config_file_path).name
    options = config.extra.get(SETTINGS_KEY) or {}
    if not isinstance(options, dict):
        raise plugin.api.StoryError("expected a mapping of settings", file=shown, line=lines.get(""),
                                    field=f"extra.{SETTINGS_KEY}")
    errors, warnings = plugin.load_config(options, config.config_file_path)
    unknown = [(key, f"unknown setting '{key}'; expected one of: {', '.join(SETTINGS)}") for key, _ in warnings
               if key not in SETTINGS]
    if errors or unknown:
        key, problem = (unknown + errors)[0]
        message = str(problem)
        raise plugin.api.StoryError(message, file=shown, line=lines.get(key, lines.get("")),
                                    field=f"extra.{SETTINGS_KEY}.{key}")
    settings = plugin.config

    def path(value: str | None) -> Path | None:
        return (root / value).resolve() if value else None

    languages = tuple(settings.languages) or (settings.language,)
    if settings.language not in languages:
        raise plugin.api.StoryError(f"the language '{settings.language}' is not one of the story's languages; "
                                    f"expected one of {', '.join(languages)}", file=shown,
                                    line=lines.get("language", lines.get("")), field=f"extra.{SETTINGS_KEY}.language")
    editions, edition_docs = {}, {}
    for language, edition in (settings.editions or {settings.language: {"path": "", "docs": str(config.docs_dir)}}).items():
        if not isinstance(edition, dict) or not isinstance(edition.get("path", ""), str) \
                or not isinstance(edition.get("docs"), str) or (edition.get("path") and not edition["path"].endswith("/")):
            raise plugin.api.StoryError(f"expected {{path: a folder ending in / (or empty), docs: a docs folder}} for "
                                        f"the edition in {language}", file=shown,
                                        line=lines.get("editions", lines.get("")), field=f"extra.{SETTINGS_KEY}.editions")
        editions[language], edition_docs[language] = edition.get("path", ""), root / edition["docs"]
    served = dict(part.split("=", 1) for part in os.environ.get(SERVED_EDITIONS, "").split(",") if "=" in part)
    return plugin.api.Settings(
        project_root=root, docs_dir=Path(config.docs_dir), data=path(settings.data_folder), language=settings.language,
        languages=languages, words=path(settings.words), charts=path(settings.charts),
        facts_page=settings.facts_page, changes_page=settings.changes_page,
        plotly_bundle=path(settings.plotly_bundle), pictures_cache=path(settings.pictures_cache),
        cards_cache=path(settings.cards_cache), citation=path(settings.citation), dataset=settings.dataset,
        site_url=config.site_url or "", site_name=config.site_name,
        site_description=config.site_description or "", setting_lines=lines, editions=editions,
        edition_docs=edition_docs, edition_urls=served if plugin.command == "serve" else {},
        config_file=shown)


class EditionLink:
    """One entry of Material's `extra.alternate`: an edition's name and language, and a link to the page being
    rendered in that edition (Material writes it into its language switcher)."""

    def __init__(self, plugin: StoryKitPlugin, language: str, words: Any) -> None:
        self.plugin, self.lang = plugin, language
        self.name = (words.get("editions", {}).get("names", {}) or {}).get(language, language)

    @property
    def link(self) -> str:
        return self.plugin.settings.edition_roots()[self.lang] + self.plugin.page_url


def page_source(api: ModuleType, file: File) -> Any:
    """A page as the machinery reads it: its URL as MkDocs gives its Page ("" for the home page, not "./"),
    and its front matter read as MkDocs reads it."""
    text = file.content_string
    markdown, meta = get_data(text)
    position = text.rfind(markdown.strip("\n")) if markdown.strip() else -1
    return api.PageSource(file.src_uri, "" if file.url in (".", "./") else file.url, text, meta,
                          text[:position].count("\n") if position > 0 else 0)


def fresh_machinery() -> ModuleType:
    """Import the machinery anew (all of storykit but this module), so edits show without a restart."""
    root = str(Path(__file__).resolve().parent.parent)  # the one import root (MkDocs restores sys.path after hooks)
    if root not in sys.path:
        sys.path.insert(0, root)
    for name in list(sys.modules):
        if (name == "storykit" or name.startswith("storykit.")) and name != __name__:
            del sys.modules[name]
    return importlib.import_module("storykit.api")
