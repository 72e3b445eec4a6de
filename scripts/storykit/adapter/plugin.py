"""The MkDocs plugin: `plugins: [storykit: {...}]` in mkdocs.yml (installed as the `storykit` entry point).

This module is the one MkDocs loads and keeps: its settings (`StoryKitConfig`, checked by MkDocs' own
config options) and the plugin, whose instance lives as long as `mkdocs serve` does (it has
`on_startup`, so MkDocs keeps it from build to build) and holds what is worth keeping between builds:
compiled templates and the browser that exports chart pictures.

It imports nothing else of storykit. Everything the plugin does is in the machinery, imported afresh for
every build (`storykit.adapter.facade`, and what it imports), so that an edit to the machinery or to the
story's chart module shows at the next rebuild, and no module anywhere keeps a copy of one that was
replaced.
"""

from __future__ import annotations

import importlib
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
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Settings


class PackageName(c.Type[str]):
    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", value):
            raise base.ValidationError(f"expected a name of lowercase letters, digits and . _ - for the data package, "
                                       f"got {value!r:.60}")
        return value


class EditionConfig(base.Config):
    """One edition: the story in one language."""

    language = c.Type(str)  # a BCP 47 tag
    path = c.Type(str, default="")  # its folder in the site: "" for the first edition
    config = c.Optional(c.Type(str))  # the MkDocs configuration that builds it (the first: this file)


class StoryKitConfig(base.Config):
    """The plugin's settings in mkdocs.yml; paths are relative to mkdocs.yml."""

    data_folder = c.Type(str, default="docs/data")
    words = c.Optional(c.Type(str))
    charts = c.Optional(c.Type(str))
    editions = c.ListOfItems(c.SubConfig(EditionConfig), default=[])
    facts_page = c.Type(str, default="sources.md")
    changes_page = c.Type(str, default="changes.md")
    plotly_bundle = c.Optional(c.Type(str))
    plotly_locales = c.Optional(c.Type(str))
    pictures_cache = c.Type(str, default=".cache/pictures")
    cards_cache = c.Type(str, default=".cache/cards")
    citation = c.Type(str, default="CITATION.cff")
    dataset = PackageName(default="dataset")


# What each setting is, in the README's words (`python -m storykit.adapter.project` makes its table of settings from these
# and StoryKitConfig's defaults; a test checks that every setting has them): (what it is, its default in words).
SETTING_WORDS: dict[str, tuple[str, str]] = {
    "data_folder": ("The story's data: every `*.yaml` there is read", ""),
    "words": ("The story's own words, a `<language>.yaml` each (chart words, interface words it changes)", ""),
    "charts": ("The chart module: a Python file defining `charts = ChartRegistry()`", ""),
    "editions": ("The story in each language: `language` (a BCP 47 tag), and for each edition after the first its "
                 "folder in the site (`path: de/`) and the MkDocs configuration that builds it "
                 "(`config: mkdocs.de.yml`)", "one edition, in `theme.language`"),
    "facts_page": ("The page holding the `facts-table` marker (every fact links to it)", ""),
    "changes_page": ("The page holding the `changes` marker", ""),
    "plotly_bundle": ("plotly.js, for the live charts and the pictures", "plotly.py's own `plotly.min.js`"),
    "plotly_locales": ("A folder of plotly.js's locale files (`plotly-locale-<name>.js`), for the charts' month "
                       "names and plotly.js's words in a language other than English",
                       "none: a locale made from CLDR's month and weekday names"),
    "pictures_cache": ("Where exported chart pictures are kept", ""),
    "cards_cache": ("Where drawn social cards are kept", ""),
    "citation": ("Who made the site and how to cite it", ""),
    "dataset": ("The data package's name (and its zip's)", ""),
}


# The plugin


class StoryKitPlugin(BasePlugin[StoryKitConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.api: ModuleType = importlib.import_module("storykit.adapter.facade")  # the machinery, afresh for each build
        self.setting_problems: list[tuple[str, str]] = []  # this build's mistakes in the settings
        self.settings: Any = None  # this build's settings and language, once read
        self.language: Any = None
        self.record: Any = None  # this build's record, once made
        self.error: Exception | None = None  # the mistake that stopped this build (under serve)
        self.page_error: Exception | None = None  # the first page's mistake, raised once pages are done
        self.templates: dict[str, bytes] = {}  # compiled templates, from build to build
        self.exporter: Any = None  # the browser that exports pictures, from build to build under serve
        self.page_url = ""  # the page being rendered, for the links to the same page in other editions
        self.set_aside: Any = None  # other editions' output, kept while this one's build empties the site

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """The settings, checked; mistakes (an unknown setting among them) are reported by `on_config`, at their line."""
        errors, warnings = super().load_config(options, config_file_path)
        known = {name for name, _ in StoryKitConfig._schema}
        unknown = [(key, message) for key, message in warnings if key not in known]
        self.setting_problems = [(key, str(error)) for key, error in errors] + [(key, "") for key, _ in unknown]
        return [], [warning for warning in warnings if warning not in unknown]

    # Events

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    @event_priority(50)  # before the theme's own plugins read its language and templates
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.api = fresh_machinery()
        self.record = self.error = self.page_error = self.settings = self.language = None
        try:
            self.settings = self.api.settings_of(config, self.config, self.setting_problems, self.command)
            self.language = self.api.language_of(self.settings)
        except self.api.StoryError as error:
            self._fail(error)
            return config
        self.api.fit_config(config, self.settings, self.language, self)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.settings is not None and self.command == "build":
            self.set_aside = self.api.set_aside_other_editions(self.settings, Path(config.site_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.language is None or self.error is not None:
            return files
        files = self.api.story_files(files, self.settings)
        try:
            if self.command == "serve" and self.exporter is None:
                self.exporter = self.api.new_exporter(self.settings)
            self.record = self.api.make_build(self.settings, self.api.page_sources(files), self.exporter,
                                              self.language, self.api.site_templates(config))
        except self.api.StoryError as error:
            self._fail(error)
            return files
        return self.api.add_site_files(files, config, self.record)

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        self.page_url = page.url
        if self.record is not None and page.file.src_uri in self.record.pages:
            context["storykit_page"] = self.api.page_context(self.record, page.file.src_uri)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.page_url = ""
        return self.api.fix_theme_markup(output, self.language, self.record)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        markdown, error = self.api.page_markdown(self.record, self.error, page, markdown, self.command)
        self.page_error = self.page_error or error  # raised from on_env: MkDocs would log it twice here
        return markdown

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.page_error is not None:
            raise PluginError(str(self.page_error))
        env.bytecode_cache = self.api.TemplateCache(self.templates, env)
        env.globals.update(self.api.template_globals(self.settings, self.language, self.record))
        return env

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        return self.api.fix_theme_markup(output_content, self.language, self.record)

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        broken = self.api.finish_site(self.record, config, self.command) if self.record and not self.error else []
        self._put_back()
        for problem in broken[:1]:
            self._fail(problem)  # a link to nowhere, found in a --strict build

    def on_build_error(self, *, error: Exception) -> None:
        self._put_back()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.settings is not None:
            for path in self.api.watched(self.settings):
                server.watch(str(path))
        return server

    def on_shutdown(self) -> None:
        if self.exporter is not None:
            self.exporter.close()
            self.exporter = None

    # Helpers

    def _put_back(self) -> None:
        if self.set_aside is not None:
            self.set_aside.put_back()
            self.set_aside = None

    def _fail(self, error: Exception) -> None:
        """Stop a build with one line; under `mkdocs serve`, keep serving and show the error instead."""
        if self.command == "serve":
            self.error = error
            self.api.log.error("%s", error)
            return
        raise PluginError(str(error))


def fresh_machinery() -> ModuleType:
    """The machinery imported anew (all of storykit but this module), so edits show without a restart."""
    for name in list(sys.modules):
        if (name == "storykit" or name.startswith("storykit.")) and name != __name__:
            del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("storykit.adapter.facade")
