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
from .locales import cldr_words, language_name, own_name
from .yamlfile import YamlDocument, read_yaml

CATALOGUES = Path(__file__).parents[1] / "words"
REFERENCE = "en"  # the catalogue every other language's must match, key for key
# Entries whose keys are the language's own choice (names of languages, licences, Material's words), or which
# a language may leave out (whole counts in words), so that another language's catalogue need not repeat them.
OPEN_ENTRIES = {"language_names", "editions", "licences", "theme.material", "numbers.small", "hedges",
                "cldr_locale"}


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
        return self.tag

    def language_name(self, tag: str) -> str:
        """Another language's name in this one ("Chinese (Traditional)"), from CLDR unless the words name it."""
        names = self.words.get("language_names") or {}
        return str(names[tag]) if tag in names else language_name(tag, self.tag)

    def edition_name(self, tag: str) -> str:
        """An edition's name in its own language, for the language switcher ("Deutsch", "中文 (简体)")."""
        names = (self.words.get("editions") or {}).get("names") or {}
        return str(names[tag]) if tag in names else own_name(tag)


def upper_first(text: str) -> str:
    """The text with its first letter a capital, the rest as written (str.capitalize would lower-case them:
    "Sekundärquelle" is a noun in German)."""
    return text[:1].upper() + text[1:]


def load_language(tag: str, story_words: Path | None = None, shown: str = "", base: str = "") -> Language:
    """The words of the language `tag`: what CLDR knows of it, under the machinery's catalogue for it, under
    the story's own words for it. A language the machinery has no catalogue for is the story's to write,
    with every entry the machinery's English one has."""
    documents: list[YamlDocument] = []
    shipped = CATALOGUES / f"{tag}.yaml"
    if shipped.is_file():
        documents.append(read_yaml(shipped, f"storykit/words/{tag}.yaml"))
    story_file = story_words / f"{tag}.yaml" if story_words is not None else None
    if story_file is not None and story_file.is_file():
        documents.append(read_yaml(story_file, f"{shown}/{tag}.yaml" if shown else story_file.name))
    if not documents:
        raise StoryError(f"no catalogue of words for the language '{tag}'; expected storykit/words/{tag}.yaml or "
                         f"a {tag}.yaml in the story's words folder (see the README: Add a language)",
                         file=shown or None)
    merged: dict[str, Any] = {}
    for document in documents:
        _reject_nulls(document, document.data, ())
        merged = _merged(merged, document.data)
    merged = _merged(cldr_words(tag, str(merged.get("cldr_locale") or "")), merged)
    if tag != REFERENCE and (CATALOGUES / f"{REFERENCE}.yaml").is_file():
        reference = read_yaml(CATALOGUES / f"{REFERENCE}.yaml", f"storykit/words/{REFERENCE}.yaml").data
        missing = list(_missing(reference, merged, ()))
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise StoryError(f"no words for '{missing[0]}' in {tag}{more}; expected every entry of "
                             f"storykit/words/{REFERENCE}.yaml in the language's own words",
                             file=documents[-1].path)
    return Language(tag, merged, base or tag, tuple(document.path for document in documents))


def _reject_nulls(document: YamlDocument, node: Any, where: tuple[str, ...]) -> None:
    if node is None:
        raise StoryError("no words here; expected a text (or the entry left out)", file=document.path,
                         line=document.line_of(where), field=".".join(where))
    if isinstance(node, Mapping):
        for key, value in node.items():
            _reject_nulls(document, value, (*where, str(key)))
    elif isinstance(node, list):
        for value in node:
            _reject_nulls(document, value, where)


def _missing(reference: Mapping[str, Any], words: Mapping[str, Any], where: tuple[str, ...]) -> Any:
    """The dotted keys of `reference` that `words` lacks, but for the open entries."""
    for key, value in reference.items():
        path = (*where, str(key))
        dotted = ".".join(path)
        if dotted in OPEN_ENTRIES:
            continue
        if key not in words:
            yield dotted
        elif isinstance(value, Mapping) and isinstance(words[key], Mapping):
            yield from _missing(value, words[key], path)


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged
