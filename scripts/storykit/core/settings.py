"""What a story tells the machinery about itself: where its parts are, its editions, and what the site is called.

Made once per build by the MkDocs plugin (`plugin.py`, through `project.settings_of`) from the plugin's
settings in `mkdocs.yml`, checked there, then only read. Paths are absolute; `as_written` gives them as an
author wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import StoryError


@dataclass(frozen=True)
class Edition:
    """The story told in one language: a site of its own, inside the first edition's."""

    language: str  # a BCP 47 tag: en, zh-Hans, de
    path: str  # its folder in the site: "" for the first edition, "zh/" for another
    docs_dir: Path  # its pages
    config_file: Path  # the MkDocs configuration that builds it
    served_at: str = ""  # where `storykit serve` serves it, when each edition has a server of its own


@dataclass(frozen=True)
class Settings:
    project_root: Path  # the folder of mkdocs.yml: every setting's path is relative to it
    docs_dir: Path
    data: Path  # the data folder
    language: str  # the language of this edition (a BCP 47 tag: en, zh-Hans)
    editions: tuple[Edition, ...] = ()  # every edition of the story, the first (at the site's root) first
    words: Path | None = None  # the story's words, a <language>.yaml each (chart words, changed interface words)
    charts: Path | None = None  # the story's chart module (a Python file)
    facts_page: str = "sources.md"  # the page that holds the facts table (relative to docs_dir)
    changes_page: str = "changes.md"  # the page that lists the record of changes
    plotly_bundle: Path | None = None  # plotly.js
    plotly_locales: Path | None = None  # plotly.js's locale files (plotly-locale-<name>.js), for other languages
    pictures_cache: Path = Path(".cache/pictures")  # where exported chart pictures are kept
    cards_cache: Path = Path(".cache/cards")  # where drawn social cards are kept
    citation: Path = Path("CITATION.cff")  # who made the site and how to cite it
    dataset: str = "dataset"  # the name of the data package and its zip
    site_url: str = "http://127.0.0.1:8000/"  # where this edition is published (feeds, embeds and cards need it)
    site_name: str = ""
    site_description: str = ""
    strict: bool = False  # MkDocs' --strict: the checks every story needs also run
    setting_lines: dict[str, int] = field(default_factory=dict)  # setting -> its line in the config file ("": the
    # line of the settings themselves, for a setting left to its default), for errors
    config_file: str = "mkdocs.yml"  # the file that holds the settings, as shown to authors
    settings_path: str = "plugins.storykit"  # where the settings sit in it, for errors

    def __post_init__(self) -> None:
        if not self.editions:  # a story in one language: one edition, at the site's root
            object.__setattr__(self, "editions", (Edition(self.language, "", self.docs_dir,
                                                          self.project_root / self.config_file),))

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language the story is told in; plain texts in the data are in the first."""
        return tuple(edition.language for edition in self.editions)

    @property
    def edition(self) -> Edition:
        """This build's edition."""
        return next(edition for edition in self.editions if edition.language == self.language)

    @property
    def is_first_edition(self) -> bool:
        """Whether this is the story's first edition: the one that writes the files all editions share."""
        return self.edition is self.editions[0]

    @property
    def edition_path(self) -> str:
        return self.edition.path

    @property
    def edition_docs(self) -> dict[str, Path]:
        """Each edition's pages, by language."""
        return {edition.language: edition.docs_dir for edition in self.editions}

    def edition_roots(self) -> dict[str, str]:
        """The address of each edition's home page, by language."""
        here = self.edition_path
        base = self.site_url[: len(self.site_url) - len(here)] if here and self.site_url.endswith(here) \
            else self.site_url
        return {edition.language: edition.served_at or base + edition.path for edition in self.editions}

    def as_written(self, path: Path | str) -> str:
        """A path as an author sees it: relative to the project where it is inside it."""
        try:
            return Path(path).resolve().relative_to(self.project_root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def problem(self, setting: str, message: str) -> StoryError:
        """An error about one of the settings, at its line of the config file."""
        return StoryError(message, file=self.config_file,
                          line=self.setting_lines.get(setting, self.setting_lines.get("")),
                          field=f"{self.settings_path}.{setting}")
