"""MkDocs hooks: adapt MkDocs' build events to the storykit machinery (kept thin on purpose).

`mkdocs serve` loads this file once, so on every build the machinery and the story's chart
module are imported afresh: saving a chart function or a data file shows on the open page.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

SCRIPTS = Path(__file__).resolve().parent
log = logging.getLogger("mkdocs.storykit")
# Kept from one build to the next under `mkdocs serve`, where this module is loaded only once.
state: dict[str, Any] = {"command": "build", "site": None, "error": None, "machinery": None, "cards": {},
                         "templates": {}, "exporter": None}


# Hooks


def on_startup(command: str, dirty: bool) -> None:
    state["command"] = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    machinery = _fresh_machinery(config)
    state["machinery"], state["site"], state["error"] = machinery, None, None
    state.pop("page_error", None)
    settings = config.extra.get("storykit") or {}
    try:
        settings = machinery.site.Settings.from_mapping(
            dict(settings), project_root=Path(config.config_file_path).resolve().parent,
            docs_dir=Path(config.docs_dir), use_directory_urls=config.use_directory_urls,
            site_url=config.site_url or "", site_name=config.site_name)
        site = machinery.site.build_site(settings, _exporter(machinery, settings))
    except machinery.errors.StoryError as error:
        _fail(error)
        return config
    state["site"] = site
    config.extra_css.append(site.assets["css"].path)
    config.extra_javascript.extend([site.assets["js"].path, site.assets["tips"].path])
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = state["site"]
    if site is not None:
        pages = {file.src_uri: file.content_string for file in files.documentation_pages()}
        try:
            site.check_pages(set(pages))
        except state["machinery"].errors.StoryError as error:
            _fail(error)
            return files
        site.place_charts(pages)
        for path, content in site.generated_files().items():
            # Included explicitly: `exclude_docs` leaves out the YAML under docs/data, not the
            # downloads generated from it into the same folder.
            files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.INCLUDED))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    machinery = state["machinery"]
    if state["error"] is not None:
        return machinery.site.error_page(state["error"])
    shown = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    try:
        page.meta.update(state["site"].page_meta(page.meta, shown, page.url, config.site_name,
                                                 config.site_description or ""))
        page.meta["storykit_cite"] = state["site"].cite(str(page.meta.get("title") or page.title or config.site_name),
                                                        page.canonical_url or config.site_url or "", page.url)
        return state["site"].render_page(markdown, shown, page.url, _front_matter_lines(page, markdown))
    except machinery.errors.StoryError as error:
        if state["command"] != "serve":
            # Raised from on_env: raising here would make MkDocs log a second line of its own.
            state.setdefault("page_error", error)
            return markdown
        log.error("%s", error)  # only this page shows the mistake; the others stay readable
        return machinery.site.error_page(error)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    error = state.pop("page_error", None)
    if error is not None:
        raise PluginError(str(error))
    env.bytecode_cache = state["machinery"].site.TemplateCache(state["templates"], env)
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return state["machinery"].accessibility.fix_theme_markup(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return state["machinery"].accessibility.fix_theme_markup(output_content)


def on_post_build(config: MkDocsConfig) -> None:
    # Cards are drawn once every page's title and description are known.
    site = state["site"]
    if site is None or state["error"] is not None:
        return
    for path, content in site.card_files(state["cards"]).items():
        target = Path(config.site_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    # Every page carries its security policy, whatever the host. Not under `mkdocs serve`, whose
    # live reload injects an inline script of its own into each page it serves.
    if state["command"] != "serve":
        state["machinery"].headers.add_meta_policy(Path(config.site_dir))


# Helpers


def _fresh_machinery(config: MkDocsConfig) -> Any:
    """Import storykit (and the story's chart module) anew, so edits show without a restart."""
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    charts_module = (config.extra.get("storykit") or {}).get("charts_module")
    for name in list(sys.modules):
        if name == "storykit" or name.startswith("storykit.") or name == charts_module:
            del sys.modules[name]
    importlib.import_module("storykit.site")
    importlib.import_module("storykit.accessibility")
    importlib.import_module("storykit.headers")
    return sys.modules["storykit"]


def _exporter(machinery: Any, settings: Any) -> Any:
    """Under `mkdocs serve`, one browser exports chart pictures from build to build (started only when
    a picture is not in the cache); a single build starts and closes its own."""
    if state["command"] != "serve":
        return None
    if state["exporter"] is None:
        state["exporter"] = machinery.site.exporter_for(settings)
        atexit.register(state["exporter"].close)
    return state["exporter"]


def _fail(error: Exception) -> None:
    """Stop a build with one line; under `mkdocs serve`, keep serving and show the error instead."""
    if state["command"] == "serve":
        state["error"] = error
        log.error("%s", error)
        return
    raise PluginError(str(error))


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines of the source file precede `markdown` (the front matter MkDocs removed)."""
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8") if page.file.abs_src_path else markdown
    position = source.rfind(markdown.strip("\n"))
    return source[:position].count("\n") if position > 0 else 0
