"""What the site's templates read from the build (paths and words, so no template repeats them), and
compiled templates kept from one build to the next under `mkdocs serve`."""

from __future__ import annotations

from typing import Any

import jinja2
import jinja2.bccache

from ..core import paths
from ..core.catalogue import Language
from ..core.settings import Settings
from ..core.templating import TEMPLATES
from ..site.record import Build

__all__ = ["TEMPLATES", "TemplateCache", "template_globals"]


def template_globals(settings: Settings | None, language: Language | None, build: Build | None) -> dict[str, Any]:
    """`storykit` in the templates: paths (`feed`, `facts_page`, `default_card`, `editions`: each
    edition's home page by language) and words (`words`, the language's catalogue; `feed_title`), also
    while a mistake in the data leaves no build to show."""
    words = language.words if language is not None else {}
    return {"storykit": {
        "feed": paths.FEED,
        "feed_title": language.say("feed.title", site=settings.site_name) if language and settings else "",
        "facts_page": build.page_url("facts_page") if build is not None else "",
        "default_card": paths.card(""),
        "words": words,
        "lang": language.html_lang if language is not None else "",
        "editions": settings.edition_roots() if settings is not None and len(settings.editions) > 1 else {},
    }}


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept from one build to the next, in `store` (a dict the caller keeps).

    MkDocs makes a new template environment for every build, and compiling Material's templates
    again was a third of each rebuild under `mkdocs serve`. Jinja checks each entry against its
    template's source; the key also holds the environment's extensions, which shape compiled code.
    Kept in memory only, so an upgraded package never meets code compiled by its predecessor.
    """

    def __init__(self, store: dict[str, bytes], env: jinja2.Environment) -> None:
        self.store = store
        self.flavour = repr(sorted(env.extensions))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.flavour}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
