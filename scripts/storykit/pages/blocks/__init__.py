"""Block markers: each renders one generated part of a page (a chart, a table, a list), one module each:
`chart` (with `chart_table`, its data), `key_figures`, `facts_table`, `series_table`, `sources`,
`glossary`, `checks`, `changes` and `downloads`; `common` holds what each is given (`Context`) and the
wrapper of every data table.

BLOCKS maps each block marker of `markers.MARKERS` to the function that renders it; a block
marker without one, or a renderer for a marker that is not defined there, stops the import.
"""

from __future__ import annotations

from typing import Callable

from ...core.markers import MARKERS, Marker
from . import changes, chart, checks, downloads, facts_table, glossary, key_figures, series_table, sources
from .common import Context

Renderer = Callable[[Context, Marker], str]

BLOCKS: dict[str, Renderer] = {
    "chart": chart.render,
    "key-figures": key_figures.render,
    "facts-table": facts_table.render,
    "series-table": series_table.render,
    "sources-list": sources.render,
    "glossary": glossary.render,
    "checks": checks.render,
    "changes": changes.render,
    "downloads": downloads.render,
}

_blocks = {name for name, spec in MARKERS.items() if spec.shape != "inline"}
if set(BLOCKS) != _blocks:
    raise RuntimeError(f"block renderers and block markers differ: {sorted(set(BLOCKS) ^ _blocks)}")

__all__ = ["BLOCKS", "Context", "Renderer"]
