"""What every block renderer is given, and the wrapper of every data table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup

from ...core.errors import StoryError
from ...site.record import Build, PageInfo
from ...writing.page_writer import PageWriter


@dataclass(frozen=True)
class Context:
    """The build, the page a block renders into, and where its marker is."""

    build: Build
    page: PageInfo
    writer: PageWriter  # writes facts into this page
    where: Callable[[int, str], StoryError]  # an error at a line of the page

    def link(self, target: str) -> str:
        return self.writer.link(target)

    @property
    def markup(self) -> Any:
        """The macros of running text (templates/storykit/inline.html): link, span, code, strong..."""
        return self.build.templates.macros("inline.html")


def data_table(context: Context, table: Markup, *, rows_to_reserve: int | None = None) -> Markup:
    """A data table (facts, series, a chart's data) in its wrapper (templates/storykit/data_table.html): it
    scrolls sideways on its own on a narrow screen, and it is left out of the search index (Material's
    `data-search-exclude`; its rows repeat what the pages say and what the downloads hold, and were a third
    of the index every page fetches). `rows_to_reserve` lays the table out only as it nears the screen,
    with about the right height reserved for that many rows until then."""
    return context.build.templates.render("data_table.html", table=table, reserve=rows_to_reserve)
