"""What the bench runs with: paths, the browser, how many runs, the reader's pace and the targets.

In one place so that the printed report and bench-results/latest.json state the very settings the
measurements were made with, and so that `--quick` changes counts, never methods.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import plotly
from playwright.sync_api import ViewportSize

from workspace import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (the bench's modules take them from here)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results" / "latest.json"
MKDOCS = [sys.executable, "-m", "mkdocs"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
# The usual way embeds plotly.py's full bundle, as `fig.to_html()` does by default.
FULL_PLOTLY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
SCROLL_EVERY_MS = 50  # a hurried reader: one screen per 50 ms
GZIP_LEVEL = 6
LOAD_TIMEOUT_S = 45
VISIBLE_GRACE_S = 20  # once scrolled to the bottom, how long charts may still take to appear
LIVE_TIMEOUT_S = 20  # from pointing at a chart to its live chart
QUIET_S = 0.5  # no request for this long: the page has fetched all it will

TARGETS: dict[str, float] = {
    "scroll_bytes_ratio": 0.065,  # a reader who scrolls: bytes, ours / usual (issue 26: 0.065 with search on demand)
    "visible_ratio": 0.10,  # ... time until every chart is visible, ours / usual
    "total_bytes_ratio": 0.30,  # a reader who then points at every chart: bytes, ours / usual
    "cls": 0.01,  # the bench's own layout-shift measure, median of our loads
    "lighthouse_performance": 100,
    "lighthouse_cls": 0.0,
    "cold_build_s": 6.0,  # an empty picture cache: every picture exported (the English edition)
    "both_editions_ratio": 2.0,  # a cold build of both editions, over the English one's
    "warm_build_s": 3.0,
    "rebuild_s": 2.0,  # a saved data file that changes a chart -> the rebuilt page served
}


@dataclass(frozen=True)
class Plan:
    """How much to run: the full bench, or a quick pass that checks every part works."""

    runs: int = 5  # cold loads per page and variant, alternating ours and usual
    lighthouse_runs: int = 3  # per page; the median run is reported
    builds: int = 3  # cold builds, then as many warm ones
    rebuilds: int = 3  # saves per kind of edit under mkdocs serve
    quick: bool = False  # one chart page and the home page only

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


FULL = Plan()
QUICK = Plan(runs=1, lighthouse_runs=1, builds=1, rebuilds=1, quick=True)
