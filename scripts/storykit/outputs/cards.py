"""Social cards: one PNG per page (its title and description, and the site's name), drawn at build time
with Pillow, offline, and kept on disk so that a rebuild draws only the cards whose page changed."""

from __future__ import annotations

from .. import paths
from ..cards import Card, cached_card
from ..record import Build
from .download import Download


def files(build: Build) -> dict[str, bytes]:
    font = build.language.words.get("cards", {})
    return {paths.card(page.url): cached_card(Card(build.site_name, page.title, page.description),
                                              build.settings.cards_cache, font)
            for page in build.pages.values()}


def downloads(build: Build) -> list[Download]:
    return []
