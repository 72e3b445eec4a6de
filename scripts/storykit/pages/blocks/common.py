"""What every block renderer is given, and the wrapper of every data table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

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


def data_table(table: Markup, *, rows_to_reserve: int | None = None) -> Markup:
    """A data table (facts, series, a chart's data) in its wrapper: it scrolls sideways on its own on a
    narrow screen, and it is left out of the search index (Material's `data-search-exclude`; its rows repeat
    what the pages say and what the downloads hold, and were a third of the index every page fetches).
    `rows_to_reserve` lays the table out only as it nears the screen, with about the right height reserved
    for that many rows until then."""
    if rows_to_reserve is None:
        return Markup('<div class="sk-table-wrap" data-search-exclude>{}</div>').format(table)
    return Markup('<div class="sk-table-wrap sk-deferred" data-search-exclude style="--sk-rows: {}">{}</div>').format(
        rows_to_reserve, table)
