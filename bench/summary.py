"""From the runs of each page to its medians and ratios, and where its bytes went.

Medians, because this shared 2-core machine makes single runs noisy. A chart never visible or
never live counts as "never", which sorts after every time, so a median of mostly "never" is one.
"""

from __future__ import annotations

import math
import re
import statistics
from typing import Any

from .usual import usual_path

# Kinds of resource, first match wins; the page itself is "HTML" (the usual page's HTML holds its plotly.js).
RESOURCE_GROUPS = [("plotly.js", r"plotly"), ("chart figures (JSON)", r"^/charts/.*\.json$"),
                   ("Material JS", r"/assets/javascripts/bundle\."), ("search index + worker", r"/search/|/workers/search"),
                   ("Material CSS", r"/assets/stylesheets/"), ("storykit JS + CSS", r"/assets/storykit/"),
                   ("sitemap", r"sitemap"), ("images", r"\.(png|svg|ico)$")]


def median(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def median_or_never(values: list[float | None]) -> float | None:
    """A median in which None means "never": it sorts last; a never median is None."""
    if not values:
        return None
    middle = statistics.median([math.inf if value is None else value for value in values])
    return None if math.isinf(middle) else middle


def ratio(ours: float | None, usual: float | None) -> float | None:
    return ours / usual if ours is not None and usual else None


def resource_group(path: str, page: str) -> str:
    if path in (page, usual_path(page)):
        return "HTML"
    return next((name for name, rule in RESOURCE_GROUPS if re.search(rule, path)), "other: " + path)


def bytes_by_resource(page: str, runs: list[dict[str, Any]], key: str) -> dict[str, float]:
    """Median bytes per kind of resource over the runs (a kind absent from a run counts 0)."""
    per_run = []
    for run in runs:
        groups: dict[str, int] = {}
        for path, size, _ in run[key]:
            group = resource_group(path, page)
            groups[group] = groups.get(group, 0) + size
        per_run.append(groups)
    names = sorted({name for groups in per_run for name in groups})
    return {name: statistics.median([groups.get(name, 0) for groups in per_run]) for name in names}


def by_url(runs: list[dict[str, Any]]) -> dict[str, dict[str, list[int]]]:
    """Each URL of the run with the median bytes (scrolling): how many times the page asked for it (its cache may
    have answered), how many times the server sent it and the bytes, while scrolling and while pointing. Bytes
    do not depend on the machine's load: one run says it all."""
    ordered = sorted(runs, key=lambda run: run["bytes_scroll"])
    run = ordered[len(ordered) // 2]
    urls: dict[str, dict[str, list[int]]] = {}
    for phase in ("scroll", "point"):
        table: dict[str, list[int]] = {}  # URL -> [times asked by the page, times served, bytes served]
        for path in run.get(f"asked_{phase}", []):
            table.setdefault(path, [0, 0, 0])[0] += 1
        for path, size, _ in run[f"served_{phase}"]:
            entry = table.setdefault(path, [0, 0, 0])
            entry[1] += 1
            entry[2] += size
        urls[phase] = table
    return urls


def first_live(run: dict[str, Any]) -> float | None:
    """From pointing at the first chart to its live chart (plotly.js fetched and evaluated in between)."""
    return run["live"][0]["to_live"] if run["live"] else None


def later_live(run: dict[str, Any]) -> float | None:
    """The median, over the other charts, of the time from pointing to live."""
    return median_or_never([item["to_live"] for item in run["live"][1:]])


def all_live(run: dict[str, Any], expected: int) -> bool:
    return len(run["live"]) == expected and all(item["to_live"] is not None for item in run["live"])


def variant_summary(page: str, runs: list[dict[str, Any]], expected: int) -> dict[str, Any]:
    def of(key: str) -> list[Any]:
        return [run[key] for run in runs]

    totals = [run["bytes_scroll"] + run["bytes_point"] for run in runs]
    summary: dict[str, Any] = {
        "bytes_scroll": median(of("bytes_scroll")), "bytes_total": median(totals),
        "plotly_bytes_scroll_max": max(of("plotly_bytes_scroll")),
        "plotly_bytes_max": max(run["plotly_bytes_scroll"] + run["plotly_bytes_point"] for run in runs),
        "figure_bytes_scroll_max": max(of("figure_bytes_scroll")),
        "cls_scroll": median(of("cls_scroll")), "cls": median(of("cls")),
        "errors": sorted({error for errors in of("errors") for error in errors}),
        "not_found": sorted({path for paths in of("not_found") for path in paths}),
        "bytes_by_resource_scroll": bytes_by_resource(page, runs, "served_scroll"),
        "bytes_by_resource_point": bytes_by_resource(page, runs, "served_point"),
        "bytes_by_url": by_url(runs),
    }
    if expected:
        summary["visible_ms"] = median_or_never(of("visible_at"))
        summary["never_visible_runs"] = sum(value is None for value in of("visible_at"))
    if expected and runs[0]["variant"] == "ours":
        summary["first_live_ms"] = median_or_never([first_live(run) for run in runs])
        # None on a page with one chart: there is no later chart (the report shows "-", not "never").
        summary["later_live_ms"] = median_or_never([later_live(run) for run in runs]) if expected > 1 else None
        summary["not_all_live_runs"] = sum(not all_live(run, expected) for run in runs)
        summary["failed_charts"] = sorted({chart for run in runs for chart in run["failed"]})
    return summary


def summarise_page(path: str, runs: list[dict[str, Any]], expected: int, edition: str = "/") -> dict[str, Any]:
    summary: dict[str, Any] = {"charts": expected, "runs": sum(run["variant"] == "ours" for run in runs),
                               "edition": edition}
    for variant in ("ours", "usual") if expected else ("ours",):
        summary[variant] = variant_summary(path, [run for run in runs if run["variant"] == variant], expected)
    if expected:
        ours, usual = summary["ours"], summary["usual"]
        summary["scroll_bytes_ratio"] = ratio(ours["bytes_scroll"], usual["bytes_scroll"])
        summary["visible_ratio"] = ratio(ours["visible_ms"], usual["visible_ms"])
        summary["total_bytes_ratio"] = ratio(ours["bytes_total"], usual["bytes_total"])
    return summary


def chart_page_medians(pages: dict[str, Any]) -> dict[str, float | None]:
    """The median over chart pages of each headline number (the report's last row)."""
    chart_pages = [page for page in pages.values() if page["charts"]]
    keys = {"bytes_scroll_ours": ("ours", "bytes_scroll"), "bytes_scroll_usual": ("usual", "bytes_scroll"),
            "visible_ours": ("ours", "visible_ms"), "visible_usual": ("usual", "visible_ms"),
            "bytes_total_ours": ("ours", "bytes_total"), "bytes_total_usual": ("usual", "bytes_total"),
            "first_live": ("ours", "first_live_ms"), "later_live": ("ours", "later_live_ms"),
            "cls_ours": ("ours", "cls"), "cls_usual": ("usual", "cls")}
    medians = {name: median_or_never([page[variant][key] for page in chart_pages
                                      if key != "later_live_ms" or page["charts"] > 1])
               for name, (variant, key) in keys.items()}
    for name in ("scroll_bytes_ratio", "visible_ratio", "total_bytes_ratio"):
        medians[name] = median_or_never([page[name] for page in chart_pages])
    return medians
