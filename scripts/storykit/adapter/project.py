"""A story's project as MkDocs configures it: its settings, its editions, and what an edition changes in
MkDocs' configuration. The plugin, the site's build and serve commands and the tests all read a project
through here; nothing else of the machinery knows MkDocs' configuration.

Editions are declared once, in the plugin's settings (`editions:`), and read by one function,
`editions_of`. Each edition after the first has a MkDocs configuration of its own (usually a file that
inherits mkdocs.yml and gives its pages, name and navigation); the plugin knows which edition it is
building from the configuration file MkDocs loaded.
"""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from ..core.errors import StoryError, suggest
from ..core.markers import front_matter
from ..core.templating import TEMPLATES, Templates
from ..core.catalogue import Language
from ..core.locales import material_language, search_language, uses_latin_script
from .plugin import SETTING_WORDS, EditionConfig, StoryKitConfig, StoryKitPlugin
from ..site.record import PageSource
from ..core.settings import Edition, Settings
from ..core.yamlfile import lines_of_config

PLUGIN = "storykit"  # the plugin's name in `plugins:` (its entry point)
SERVED_EDITIONS = "STORYKIT_EDITIONS"  # set by `storykit serve`: where each edition is served, side by side
SET_ASIDE = ".storykit-editions"  # other editions' output, kept while the first edition's build empties the site
SETTINGS = [name for name, _ in StoryKitConfig._schema]


# Settings


def settings_of(config: MkDocsConfig, options: StoryKitConfig, problems: list[tuple[str, str]],
                command: str = "build") -> Settings:
    """The story's settings for the edition `config` builds; a mistake names its line of the file holding them."""
    config_file = Path(config.config_file_path).resolve()
    declaring = declaring_file(config_file)
    root = config_file.parent
    lines = setting_lines(declaring)
    shown = _shown(declaring, root)

    def problem(key: str, message: str) -> StoryError:
        return StoryError(message, file=shown, line=lines.get(key, lines.get("")), field=f"plugins.{PLUGIN}.{key}")

    if problems:
        key, message = problems[0]
        if not message:
            message = f"unknown setting '{key}'{suggest(key, SETTINGS)}; expected one of: {', '.join(SETTINGS)}"
        raise problem(key, message)
    served = _served() if command == "serve" else {}
    editions = editions_of(options.editions, declaring, config, served, problem)
    edition = next((edition for edition in editions if edition.config_file == config_file), editions[0])

    def path(value: str | None) -> Path | None:
        return (root / value).resolve() if value else None

    site_url = config.site_url or ""
    if edition.path and command != "serve" and not site_url.endswith(edition.path):
        site_url += edition.path
    return Settings(
        project_root=root, docs_dir=Path(config.docs_dir), data=path(options.data_folder) or root,
        language=edition.language, editions=editions, words=path(options.words), charts=path(options.charts),
        facts_page=options.facts_page, changes_page=options.changes_page,
        plotly_bundle=path(options.plotly_bundle) or plotly_py_bundle(), plotly_locales=path(options.plotly_locales),
        pictures_cache=path(options.pictures_cache) or root, cards_cache=path(options.cards_cache) or root,
        citation=path(options.citation) or root, dataset=options.dataset, site_url=site_url,
        site_name=config.site_name, site_description=config.site_description or "", strict=bool(config.strict),
        setting_lines=lines, config_file=shown, settings_path=f"plugins.{PLUGIN}")


def load_settings(config_file: Path, command: str = "build", **overrides: Any) -> Settings:
    """The settings of the edition that `config_file` builds, read as the plugin reads them (for commands and
    tests); `overrides` are MkDocs settings given as on the command line (site_url, site_dir...)."""
    from mkdocs.config import load_config

    config = load_config(str(config_file), **overrides)
    plugin = config.plugins[PLUGIN]
    if not isinstance(plugin, StoryKitPlugin):
        raise StoryError(f"the plugin '{PLUGIN}' is not storykit's; expected storykit's", file=config_file.name)
    return settings_of(config, plugin.config, plugin.setting_problems, command)


def editions_of(declared: list[EditionConfig], declaring: Path, config: MkDocsConfig | None = None,
                served: dict[str, str] | None = None, problem: Any = None) -> tuple[Edition, ...]:
    """Every edition of the story, from its one declaration (the `editions` setting in `declaring`), the first
    first. Without one, the story has one edition, in the language of MkDocs' theme."""
    served = served or {}
    problem = problem or (lambda key, message: StoryError(message, file=declaring.name, field=f"plugins.{PLUGIN}.{key}"))
    if not declared:
        language = str((config.theme.get("language") if config else None) or "en")
        docs = Path(config.docs_dir) if config else declaring.parent / "docs"
        return (Edition(language, "", docs, declaring, served.get(language, "")),)
    editions: list[Edition] = []
    for number, entry in enumerate(declared):
        language, path, config_name = entry.language, entry.path or "", entry.config
        if number == 0 and path:
            raise problem("editions", f"the first edition ({language}) has the folder '{path}'; expected it at the "
                                      "site's root, with no path")
        if number > 0 and (not path.endswith("/") or path.startswith("/") or ".." in path.split("/")):
            raise problem("editions", f"the edition in {language} has the folder '{path}'; expected a folder of the "
                                      "site ending in / (de/)")
        if number > 0 and not config_name:
            raise problem("editions", f"the edition in {language} names no configuration; expected `config:` naming "
                                      "the MkDocs configuration that builds it (mkdocs.de.yml)")
        if any(edition.language == language for edition in editions):
            raise problem("editions", f"two editions in {language}; expected one edition per language")
        config_file = (declaring.parent / config_name).resolve() if config_name else declaring
        if not config_file.is_file():
            raise problem("editions", f"no file {config_name} for the edition in {language}; expected the MkDocs "
                                      "configuration that builds it")
        if config is not None and config_file == Path(config.config_file_path).resolve():
            docs = Path(config.docs_dir)
        else:
            docs = _docs_dir(config_file)
        editions.append(Edition(language, path, docs, config_file, served.get(language, "")))
    return tuple(editions)


def read_editions(config_file: Path) -> tuple[Edition, ...]:
    """Every edition of the story that `config_file` (mkdocs.yml) tells, read without building it: for the
    site's build and serve commands."""
    config_file = config_file.resolve()
    declaring = declaring_file(config_file)
    settings = plugin_options(_load(config_file))
    options = StoryKitConfig(config_file_path=str(declaring))
    options.load_dict(settings or {})
    errors, _ = options.validate()
    if errors:
        key, error = errors[0]
        lines = setting_lines(declaring)
        raise StoryError(str(error), file=declaring.name, line=lines.get(key, lines.get("")),
                         field=f"plugins.{PLUGIN}.{key}")
    theme = _load(config_file).get("theme") or {}
    language = theme.get("language", "en") if isinstance(theme, dict) else "en"
    if not options.editions:
        return (Edition(str(language), "", _docs_dir(config_file), config_file),)
    return editions_of(options.editions, declaring)


def plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The plugin's settings in a configuration read as YAML (None when the plugin is not listed)."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(item.items())) if isinstance(item, dict) else (item, {}) for item in plugins)
    for name, options in entries:
        if name == PLUGIN:
            return options or {}
    return None


def declaring_file(config_file: Path) -> Path:
    """The file whose `plugins:` holds the plugin's settings: `config_file`, or the file it inherits them from."""
    current = config_file.resolve()
    for _ in range(10):
        raw = _load(current, inherit=False)
        if plugin_options(raw) is not None or "INHERIT" not in raw:
            return current
        current = (current.parent / str(raw["INHERIT"])).resolve()
    return config_file


def setting_lines(config_file: Path) -> dict[str, int]:
    """The line of each setting in the file holding them, and ("") of the settings themselves."""
    return lines_of_config(config_file, ("plugins", PLUGIN))


def plotly_py_bundle() -> Path:
    """plotly.js as plotly.py ships it: the whole library, for a story that names no smaller bundle."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


# What an edition changes in MkDocs' configuration


def fit_config(config: MkDocsConfig, settings: Settings, language: Language, plugin: Any) -> None:
    """MkDocs' configuration for this edition: its address and folder, Material's words and search in its
    language, the headings' permalinks named in it, the language switcher, and the machinery's templates."""
    config.site_url = settings.site_url
    if settings.edition_path and plugin.command == "build" and not settings.is_first_edition:
        config.site_dir = str(Path(config.site_dir) / settings.edition_path)
    tag = settings.language
    config.theme["language"] = material_language(tag)
    config.theme["storykit_words"] = {"language": tag, **dict(language.words.get("theme", {}).get("material", {}))}
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = language.say("theme.permalink")
    if "slugify" not in toc and not uses_latin_script(tag):
        from pymdownx.slugs import slugify  # ids in the language's own letters, not _1, _2

        toc["slugify"] = slugify(case="lower")
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and not search.config.get("lang"):
        found = search_language(tag)
        if found:
            search.config["lang"] = [found]
    if not settings.is_first_edition:
        name_palette_toggles(config, language)
    templates = str(TEMPLATES)
    if templates not in config.theme.dirs:
        # After the story's own overrides, before the theme's: a story may still override ours.
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, templates)
    if len(settings.editions) > 1:
        config.extra["alternate"] = [EditionLink(plugin, settings, edition.language, language)
                                     for edition in settings.editions]


def name_palette_toggles(config: MkDocsConfig, language: Language) -> None:
    """The palette toggle's names in this edition's language: mkdocs.yml names them in the first edition's.
    Each toggle is named for the scheme it switches to, the next in the palette's list."""
    palette = config.theme.get("palette")
    if not isinstance(palette, list):
        return
    for number, entry in enumerate(palette):
        following = palette[(number + 1) % len(palette)]
        scheme = {"default": "light", "slate": "dark"}.get(str(following.get("scheme")), "system")
        if isinstance(entry.get("toggle"), dict) and entry["toggle"].get("name"):
            entry["toggle"]["name"] = language.say(f"theme.palette.{scheme}")


class EditionLink:
    """One entry of Material's `extra.alternate`: an edition's name and language, and a link to the page being
    rendered in that edition (Material writes it into its language switcher)."""

    def __init__(self, plugin: Any, settings: Settings, tag: str, language: Language) -> None:
        self.plugin, self.settings, self.lang = plugin, settings, tag
        self.name = language.edition_name(tag)

    @property
    def link(self) -> str:
        return self.settings.edition_roots()[self.lang] + self.plugin.page_url


def link_checks(config: MkDocsConfig) -> tuple[bool, set[str]]:
    """Whether links are checked (in a strict build), and what MkDocs reports itself about links written in
    Markdown at a level a strict build counts (left to it, so that a mistake is named once)."""
    levels = config.validation.links
    return bool(config.strict), {kind for kind, level in (
        ("pages", levels.not_found), ("anchors", levels.anchors), ("absolute", levels.absolute_links),
        ("unrecognized", levels.unrecognized_links)) if isinstance(level, int) and level >= logging.WARNING}


# The story's files


def story_files(files: Files, settings: Settings) -> Files:
    """MkDocs' files without the story's data and other editions' pages (read by the machinery, not published
    as they are)."""
    here = settings.edition.docs_dir
    left_out = [settings.data] + [edition.docs_dir for edition in settings.editions
                                  if edition != settings.edition and not _inside(here, edition.docs_dir)]
    for file in list(files):
        if file.abs_src_path and any(_inside(Path(file.abs_src_path), folder) for folder in left_out):
            files.remove(file)
    return files


def site_templates(config: MkDocsConfig) -> Templates:
    """The site's markup, found as MkDocs finds the theme's templates: the story's own first."""
    return Templates(config.theme.get_env())


def page_sources(files: Files) -> list[PageSource]:
    """Each page as the machinery reads it: its URL as MkDocs gives its Page ("" for the home page, not "./"),
    its front matter, and the lines that takes."""
    sources = []
    for file in files.documentation_pages():
        text = file.content_string
        meta, lines = front_matter(text)
        sources.append(PageSource(file.src_uri, "" if file.url in (".", "./") else file.url, text, meta, lines))
    return sources


def add_site_files(files: Files, config: MkDocsConfig, build: Any) -> Files:
    """The files the build makes (downloads, pictures, assets...) added to MkDocs' files, and the site's own
    stylesheet and scripts to every page."""
    from .. import outputs

    for path, content in outputs.files(build).items():
        # Included explicitly: the data folder is left out, not the downloads made from it.
        files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.INCLUDED))
    assets = build.assets
    config.extra_css.append(assets["css"].path)
    config.extra_javascript.extend([assets["search"].path, assets["js"].path, assets["tips"].path])
    if len(build.settings.editions) > 1:
        config.extra_javascript.append(assets["editions"].path)
    return files


def watched(settings: Settings) -> list[Path]:
    """What `mkdocs serve` rebuilds on, besides the pages: the story's data, words, charts and citation, the
    other editions' pages and configurations (their pages must name the same facts), and the machinery."""
    found = [settings.data, settings.words, settings.charts, settings.citation, Path(__file__).parents[1]]
    for edition in settings.editions:
        found += [edition.docs_dir, edition.config_file]
    return [path for path in dict.fromkeys(found) if path is not None and path.exists()]


# Other editions' output, kept through the first edition's build


@dataclass
class SetAside:
    """Other editions' folders in the site, moved where MkDocs' emptying of the site leaves them (a hidden
    folder) while the first edition builds, and put back after it, whether it succeeded or not."""

    site_dir: Path
    folders: list[str]

    def put_back(self) -> None:
        kept = self.site_dir / SET_ASIDE
        for folder in self.folders:
            target = self.site_dir / folder
            if (kept / folder).exists() and not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                (kept / folder).rename(target)
        shutil.rmtree(kept, ignore_errors=True)


def set_aside_other_editions(settings: Settings, site_dir: Path) -> SetAside | None:
    """Before the first edition's build empties `site_dir`: the other editions' folders in it, kept."""
    if not settings.is_first_edition:
        return None
    folders = [edition.path.strip("/") for edition in settings.editions[1:]]
    aside = SetAside(site_dir, folders)
    aside.put_back()  # left set aside by a build that was stopped
    kept = site_dir / SET_ASIDE
    for folder in folders:
        if (site_dir / folder).is_dir():
            (kept / folder).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / folder).rename(kept / folder)
    return aside


# Helpers


def _load(config_file: Path, inherit: bool = True) -> dict[str, Any]:
    """A configuration as MkDocs reads it (its tags: !ENV, !relative), with what it inherits or without."""
    with config_file.open("rb") as file:
        if inherit:
            return yaml_load(file) or {}
        return yaml.load(file, Loader=get_yaml_loader()) or {}


def _docs_dir(config_file: Path) -> Path:
    return (config_file.parent / str(_load(config_file).get("docs_dir") or "docs")).resolve()


def _served() -> dict[str, str]:
    text = os.environ.get(SERVED_EDITIONS, "")
    return dict(part.split("=", 1) for part in text.split(",") if "=" in part)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def settings_table() -> str:
    """The README's table of the plugin's settings, made from their one definition (`StoryKitConfig`, and the
    words `SETTING_WORDS` gives each)."""
    rows = ["| Setting | Default | What it is |", "|---|---|---|"]
    for name, option in StoryKitConfig._schema:
        what, default = SETTING_WORDS[name]
        default = default or (f"`{option.default}`" if option.default not in (None, [], "") else "none")
        rows.append(f"| `{name}` | {default} | {what} |")
    return "\n".join(rows)


if __name__ == "__main__":  # the README's table of settings: python -m storykit.adapter.project
    print(settings_table())
