"""What a story tells the machinery about itself: where its parts are, and what the site is called.

Made once per build by the MkDocs adapter from `mkdocs.yml` (its `extra.storykit` settings,
checked there), then only read. Paths are absolute; `shown` gives them as an author wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import StoryError


@dataclass(frozen=True)
class Settings:
    project_root: Path  # the folder of mkdocs.yml: every setting's path is relative to it
    docs_dir: Path
    data: Path  # the data folder
    language: str  # the language of this edition (a BCP 47 tag: en, zh-Hans)
    languages: tuple[str, ...] = ("en",)  # every language the story is told in; plain texts are in the first
    words: Path | None = None  # the story's words, a <language>.yaml each (chart words, changed interface words)
    charts: Path | None = None  # the story's chart module (a Python file)
    facts_page: str = "sources.md"  # the page that holds the facts table (relative to docs_dir)
    changes_page: str = "changes.md"  # the page that lists the record of changes
    plotly_bundle: Path | None = None  # plotly.js, built by `make`
    pictures_cache: Path = Path(".cache/pictures")  # where exported chart pictures are kept
    cards_cache: Path = Path(".cache/cards")  # where drawn social cards are kept
    citation: Path = Path("CITATION.cff")  # who made the site and how to cite it
    dataset: str = "dataset"  # the name of the data package and its zip
    site_url: str = "http://127.0.0.1:8000/"  # where the site is published (feeds, embeds and cards need it)
    site_name: str = ""
    site_description: str = ""
    editions: dict[str, str] = field(default_factory=dict)  # language -> its edition's folder in the site ("", "zh/")
    edition_docs: dict[str, Path] = field(default_factory=dict)  # language -> its edition's docs folder
    edition_urls: dict[str, str] = field(default_factory=dict)  # language -> where its edition is served, if not
    # under the same address (two `mkdocs serve` side by side)
    setting_lines: dict[str, int] = field(default_factory=dict)  # setting -> its line in mkdocs.yml ("": the
    # line of the settings themselves, for a setting left to its default), for errors
    config_file: str = "mkdocs.yml"

    @property
    def primary(self) -> bool:
        """Whether this is the story's first edition: the one that writes the files all editions share."""
        return self.language == self.languages[0]

    @property
    def edition_path(self) -> str:
        return self.editions.get(self.language, "")

    def edition_roots(self) -> dict[str, str]:
        """The address of each edition's home page."""
        here = self.edition_path
        base = self.site_url[: len(self.site_url) - len(here)] if here and self.site_url.endswith(here) \
            else self.site_url
        roots = {language: base + path for language, path in self.editions.items()}
        return {**roots, **self.edition_urls} or {self.language: self.site_url}

    def shown(self, path: Path | str) -> str:
        """A path as an author sees it: relative to the project where it is inside it."""
        try:
            return Path(path).resolve().relative_to(self.project_root.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def problem(self, setting: str, message: str) -> StoryError:
        """An error about one of the settings, at its line of mkdocs.yml."""
        return StoryError(message, file=self.config_file,
                          line=self.setting_lines.get(setting, self.setting_lines.get("")),
                          field=f"extra.storykit.{setting}")
