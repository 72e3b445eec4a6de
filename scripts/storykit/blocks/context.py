"""What a block renderer is given: the build, the page it renders into, and where its marker is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import StoryError
from ..prose import Prose
from ..record import Build, PageInfo


@dataclass(frozen=True)
class Context:
    build: Build
    page: PageInfo
    prose: Prose  # writes facts into this page
    where: Callable[[int, str], StoryError]  # an error at a line of the page

    def link(self, target: str) -> str:
        return self.prose.link(target)
