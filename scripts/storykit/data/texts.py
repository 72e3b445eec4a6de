"""Every text a reader sees exists in each of the story's languages, and every quote can be read in each.

A text in the data is either plain (written in the story's first language) or a mapping of
language tags to texts. A story with more than one language must give every text in each of them;
a quote in a language other than the page's needs a gloss in the page's language (a quote in
Traditional Chinese reads on a Simplified Chinese page as it is).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from ..core.errors import StoryError
from .model import LocalText
from .story import Origin, Story


def is_local_text(annotation: Any) -> bool:
    """Whether a model field holds texts a reader sees (a LocalText, or a list or optional of them)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return any(isinstance(item, LocalText) for item in typing.get_args(annotation)[1:])
    return any(is_local_text(argument) for argument in typing.get_args(annotation))


def local_fields(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items()
            if is_local_text(info.annotation) or any(isinstance(item, LocalText) for item in info.metadata)]


def missing_languages(text: Any, languages: tuple[str, ...]) -> list[str]:
    """The story's languages a text is not written in (a plain text is in the first one)."""
    written = set(text) if isinstance(text, Mapping) else {languages[0]}
    return [tag for tag in languages if tag not in written]


def base_language(tag: str) -> str:
    return tag.split("-")[0].lower()


def check_texts(records: Iterable[tuple[str, str, BaseModel, Origin]], story: Story,
                languages: tuple[str, ...]) -> None:
    """`records`: (section, key, record, origin) for every record of the data."""
    for section, key, record, origin in records:
        record_id = None if section == "terms" else key
        needed = _term_languages(record, languages, origin) if section == "terms" else languages
        for name in local_fields(type(record)):
            if name == "gloss":
                continue  # a gloss is needed only in the languages its quote is not in (below)
            value = getattr(record, name)
            for text in (value if isinstance(value, list) else [value]):
                if text is not None:
                    _require_languages(text, needed, origin, record_id, name, languages)
        if section == "facts":
            fact = story.facts[key]
            if fact.unit.value_type == "text" and fact.value is not None:
                _require_languages(fact.value, languages, origin, record_id, "value")
            _require_glosses(fact.fact, languages, origin)
        if section == "series":
            _require_glosses(record, languages, origin)
    for title, fact_ids in story.groups:
        first = story.facts[fact_ids[0]].origin
        missing = missing_languages(title, languages)
        if missing:
            raise StoryError(f"the title has no text in {', '.join(missing)}; expected a text in each of the story's "
                             f"languages ({', '.join(languages)})", file=first.file,
                             line=first.document.line_of(("title",)), field="title")


def _term_languages(term: Any, languages: tuple[str, ...], origin: Origin) -> tuple[str, ...]:
    """The story's languages a glossary term is written for (its `languages`, all if it names none)."""
    for name in ("languages", "sort_as"):
        unknown = [tag for tag in getattr(term, name) if tag not in languages]
        if unknown:
            raise origin.error(name, f"'{unknown[0]}' is not one of the story's languages; expected "
                                     f"{', '.join(languages)}")
    return tuple(tag for tag in languages if term.in_language(tag))


def _require_languages(text: Any, languages: tuple[str, ...], origin: Origin, record_id: str | None,
                       name: str, story_languages: tuple[str, ...] = ()) -> None:
    """`languages`: those the text must be written in; `story_languages`: those it may be (the same if empty)."""
    allowed = story_languages or languages
    missing = [tag for tag in languages if tag in missing_languages(text, allowed)]
    extra = [tag for tag in text if tag not in allowed] if isinstance(text, Mapping) else []
    if missing:
        raise origin.error(name, f"no text in {', '.join(missing)}; expected a text in each of the story's "
                                 f"languages ({', '.join(languages)})", record_id)
    if extra:
        raise origin.error(name, f"a text in {extra[0]}, which is not one of the story's languages; expected "
                                 f"{', '.join(allowed)}", record_id)


def _require_glosses(fact: Any, languages: tuple[str, ...], origin: Origin) -> None:
    """A quote in another language than one of the site's needs a gloss in that one (not in its own)."""
    if fact.quote is None:
        return
    glossed = set() if fact.gloss is None else set(fact.gloss) if isinstance(fact.gloss, Mapping) \
        else {languages[0]}
    for tag in languages:
        if base_language(fact.quote_lang) != base_language(tag) and tag not in glossed:
            raise origin.error("gloss", f"a quote in {fact.quote_lang} needs a gloss in {tag}, a language the "
                                        "site is written in", fact.id)
