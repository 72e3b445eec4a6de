"""The wrapper of every data table (facts, series, a chart's data): it scrolls sideways on its own on a
narrow screen, and it is left out of the search index (Material's `data-search-exclude`). Its rows
repeat what the pages say and what the downloads hold; indexed, they were a third of the index that
every page fetches when it starts, and they crowded the results of a search with table rows."""

from __future__ import annotations

from markupsafe import Markup


def data_table(table: Markup, *, rows_to_reserve: int | None = None) -> Markup:
    """`table` in its wrapper; `rows_to_reserve` lays the table out only as it nears the screen, with
    about the right height reserved for that many rows until then."""
    if rows_to_reserve is None:
        return Markup('<div class="sk-table-wrap" data-search-exclude>{}</div>').format(table)
    return Markup('<div class="sk-table-wrap sk-deferred" data-search-exclude style="--sk-rows: {}">{}</div>').format(
        rows_to_reserve, table)
