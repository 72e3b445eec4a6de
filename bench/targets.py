"""The issue's targets, each checked against the measurements: PASS or FAIL, and the number behind it.

A target over several pages is judged on its worst page, and the report names that page.
"""

from __future__ import annotations

import statistics
from typing import Any

from .config import TARGETS


def worst(values: dict[str, float | None]) -> tuple[str, float | None]:
    """The page with the highest value, and that value; a page with no value (never) is worst of all."""
    if any(value is None for value in values.values()):
        return next(path for path, value in values.items() if value is None), None
    path = max(values, key=lambda key: values[key] or 0)
    return path, values[path]


def lighthouse_line(scores: dict[str, int | None]) -> str:
    return "/".join(str(scores.get(key)) for key in ("performance", "accessibility", "best-practices", "seo"))


def lighthouse_ok(scores: dict[str, int | None]) -> bool:
    return ((scores.get("performance") or 0) >= TARGETS["lighthouse_performance"]
            and all(scores.get(key) == 100 for key in ("accessibility", "best-practices", "seo")))


def fmt(value: float | None, digits: int = 2) -> str:
    return "never" if value is None else f"{value:.{digits}f}"


def evaluate(pages: dict[str, Any], lighthouse: dict[str, Any], builds: dict[str, Any],
             rebuilds: dict[str, Any]) -> list[dict[str, Any]]:
    chart_pages = {path: page for path, page in pages.items() if page["charts"]}
    plain_pages = {path: page for path, page in pages.items() if not page["charts"]}
    targets: list[dict[str, Any]] = []

    def add(name: str, measured: str, passed: bool) -> None:
        targets.append({"target": name, "measured": measured, "pass": passed})

    def ratio_target(key: str, name: str) -> None:
        page, value = worst({path: page[key] for path, page in chart_pages.items()})
        add(f"{name} <= {TARGETS[key]:.2f} x usual (every chart page)", f"worst {fmt(value, 3)} ({page})",
            value is not None and value <= TARGETS[key])

    ratio_target("scroll_bytes_ratio", "scrolling reader: bytes")
    ratio_target("visible_ratio", "scrolling reader: every chart visible")
    plotly_scroll = max(page["ours"]["plotly_bytes_scroll_max"] + page["ours"]["figure_bytes_scroll_max"]
                        for page in chart_pages.values())
    add("scrolling reader: 0 B of plotly.js and figures on chart pages (every run)", f"max {plotly_scroll:,} B",
        plotly_scroll == 0)
    ratio_target("total_bytes_ratio", "reader who points at every chart: bytes")
    unlive = {path: page["ours"]["not_all_live_runs"] for path, page in chart_pages.items()}
    add("every chart turns live when pointed at (every run)",
        "all" if not any(unlive.values()) else "; ".join(f"{path} {count} run(s) not" for path, count in unlive.items()
                                                         if count), not any(unlive.values()))
    plotly_plain = max((page["ours"]["plotly_bytes_max"] for page in plain_pages.values()), default=0)
    add("0 B of plotly.js on pages without charts (every run)", f"max {plotly_plain:,} B", plotly_plain == 0)
    page, value = worst({path: page["ours"]["cls"] for path, page in pages.items()})
    add(f"cumulative layout shift < {TARGETS['cls']} (ours, median, every page, scroll and point)",
        f"worst {fmt(value, 4)} ({page})", value is not None and value < TARGETS["cls"])

    short = [f"{path} {lighthouse_line(result['scores'])}" for path, result in lighthouse.items()
             if not lighthouse_ok(result["scores"])]
    add(f"Lighthouse perf >= {TARGETS['lighthouse_performance']:.0f}, a11y/best practices/SEO 100 (every page)",
        "all pages" if not short else "short: " + "; ".join(short), not short)
    page, value = worst({path: result["metrics"]["cumulative-layout-shift"] for path, result in lighthouse.items()})
    add("Lighthouse cumulative layout shift 0 (every page)", f"worst {fmt(value, 4)} ({page})",
        value is not None and value <= TARGETS["lighthouse_cls"])

    for key, name, seconds in (("cold_build_s", "English build, empty picture cache", builds["cold_seconds"]),
                               ("warm_build_s", "English build, picture cache filled", builds["warm_seconds"]),
                               ("rebuild_s", "mkdocs serve: chart's data saved -> rebuilt page",
                                rebuilds["chart"]["seconds"])):
        value = statistics.median(seconds)
        add(f"{name} <= {TARGETS[key]:.0f} s (median)", f"{value:.2f} s", value <= TARGETS[key])
    ratio = statistics.median(builds["cold_both_seconds"]) / statistics.median(builds["cold_seconds"])
    add(f"cold build of both editions <= {TARGETS['both_editions_ratio']:.0f} x the English one's (median)",
        f"{ratio:.2f} x", ratio <= TARGETS["both_editions_ratio"])
    return targets
