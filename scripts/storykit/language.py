"""A language a site is written in: the machinery's words for readers, and how figures read in it.

No word a reader sees is written in the machinery's code. Each language has a catalogue,
`storykit/words/<tag>.yaml` (English is `en.yaml`): the interface's words, with `{name}` where a
value goes, and the forms of numbers and dates (month names, scale words, the minus sign). A
story may change any of them in its own words file for that language (the `words` setting), and
may add a language the machinery does not ship by writing a whole catalogue there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from .errors import StoryError
from .yamlfile import read_yaml

CATALOGUES = Path(__file__).parent / "words"


@dataclass(frozen=True)
class Language:
    """One language's catalogue of words, read from YAML (a mapping of sections and keys)."""

    tag: str  # a BCP 47 tag: en, zh-Hans
    words: Mapping[str, Any]
    base: str = ""  # the story's first language, the one its plain texts are written in (this one if empty)
    files: tuple[str, ...] = ()  # the catalogues read, as shown to authors (the story's last)

    def text(self, key: str) -> Any:
        """The entry at a dotted key ("chart.download"): a text, or a list or mapping of them."""
        node: Any = self.words
        for part in key.split("."):
            if not isinstance(node, Mapping) or part not in node:
                where = self.files[-1] if self.files else f"storykit/words/{self.tag}.yaml"
                raise StoryError(f"no words for '{key}' in {self.tag}; expected an entry '{key}' (as in the English "
                                 "words)", file=where)
            node = node[part]
        return node

    def say(self, key: str, **values: Any) -> str:
        """Plain text: the catalogue's words with the values put in."""
        return str(self.text(key)).format(**values)

    def html(self, key: str, **values: Any) -> Markup:
        """Markup: the words escaped, the values escaped unless they are Markup already."""
        return Markup(escape(str(self.text(key)))).format(**values)

    def join(self, items: list[Any], kind: str = "comma") -> Any:
        """Items joined as this language lists them (kinds: comma, semicolon, or); Markup stays Markup.
        A kind is one separator, or `between` and `last` ("a, b or c")."""
        entry = self.text(f"lists.{kind}")
        between, last = (entry["between"], entry["last"]) if isinstance(entry, Mapping) else (entry, entry)
        markup = any(isinstance(item, Markup) for item in items)
        glue = (lambda text: Markup(text)) if markup else str  # noqa: E731
        items = items if markup else [str(item) for item in items]
        if len(items) < 2:
            return glue("").join(items)
        return glue(between).join(items[:-1]) + glue(last) + items[-1]

    def local(self, text: Any) -> str:
        """A text from the data in this language: a plain text (in the story's first language), or the
        entry for this language of a text given in several."""
        if isinstance(text, Mapping):
            return str(text[self.tag])
        return str(text)

    def has(self, text: Any) -> bool:
        """Whether a text from the data is written in this language."""
        if isinstance(text, Mapping):
            return self.tag in text
        return text is not None and self.tag == (self.base or self.tag)

    @property
    def html_lang(self) -> str:
        return str(self.words.get("html_lang", self.tag))


def load_language(tag: str, story_words: Path | None = None, shown: str = "", base: str = "") -> Language:
    """The machinery's catalogue for `tag`, with the story's own words for it laid over it."""
    merged: dict[str, Any] = {}
    files: list[str] = []
    shipped = CATALOGUES / f"{tag}.yaml"
    if shipped.is_file():
        files.append(f"storykit/words/{tag}.yaml")
        merged = dict(read_yaml(shipped, files[-1]).data)
    story_file = story_words / f"{tag}.yaml" if story_words is not None else None
    if story_file is not None and story_file.is_file():
        files.append(f"{shown}/{tag}.yaml" if shown else story_file.name)
        merged = _merged(merged, read_yaml(story_file, files[-1]).data)
    elif not merged:
        raise StoryError(f"no catalogue of words for the language '{tag}'; expected storykit/words/{tag}.yaml or "
                         f"a {tag}.yaml in the story's words folder", file="mkdocs.yml",
                         field="extra.storykit.language")
    return Language(tag, merged, base or tag, tuple(files))


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
