"""Social cards: one PNG per page (its title and description, and the site's name), drawn at build time
with Pillow, offline, and kept on disk so that a rebuild draws only the cards whose page changed."""

from __future__ import annotations

from ..core import paths
from ..site.cards import Card, FontProblem, cached_card
from ..core.errors import StoryError
from ..site.record import Build


def files(build: Build) -> dict[str, bytes]:
    font = build.language.words.get("cards", {})
    try:
        return {paths.card(page.url): cached_card(Card(build.site_name, page.title, page.description),
                                                  build.settings.cards_cache, font)
                for page in build.pages.values()}
    except FontProblem as problem:
        raise StoryError(f"the social cards in {build.language.tag} need their font ({problem}); expected the font the "
                         "language's words name under cards (`make setup` installs Debian's fonts-noto-cjk)",
                         file=f"storykit/words/{build.language.tag}.yaml", field="cards.file") from None
