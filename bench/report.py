"""The printed report: one table per scenario, where the bytes go, Lighthouse, builds, then the targets.

Numbers are rounded for reading; bench-results/latest.json keeps them whole, with every run.
"""

from __future__ import annotations

import statistics
from typing import Any

from .config import GZIP_LEVEL, SCROLL_EVERY_MS, VIEWPORT
from .targets import lighthouse_line

LIGHTHOUSE_METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint",
                      "TBT": "total-blocking-time", "SI": "speed-index"}


def kb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1000:,.1f} kB"


def ms(value: float | None) -> str:
    return "never" if value is None else f"{value:,.0f} ms"


def num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def seconds_list(values: list[float | None]) -> str:
    return ", ".join("-" if value is None else f"{value:.2f}" for value in values) or "-"


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(row[index])) for row in [header, *rows]) for index in range(len(header))]
    lines = ["  ".join(cell.ljust(width) if index == 0 else cell.rjust(width)
                       for index, (cell, width) in enumerate(zip(row, widths))) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join("  " + line for line in lines)


def scroll_section(chart_pages: dict[str, Any], overall: dict[str, Any]) -> list[str]:
    rows = [[path, str(page["charts"]), kb(page["ours"]["bytes_scroll"]), kb(page["usual"]["bytes_scroll"]),
             num(page["scroll_bytes_ratio"], 3), f"{page['ours']['plotly_bytes_scroll_max']:,} B",
             ms(page["ours"]["visible_ms"]), ms(page["usual"]["visible_ms"]), num(page["visible_ratio"], 3),
             num(page["ours"]["cls_scroll"], 4), num(page["usual"]["cls_scroll"], 4)]
            for path, page in chart_pages.items()]
    rows.append(["median of pages", "", kb(overall["bytes_scroll_ours"]), kb(overall["bytes_scroll_usual"]),
                 num(overall["scroll_bytes_ratio"], 3), "", ms(overall["visible_ours"]), ms(overall["visible_usual"]),
                 num(overall["visible_ratio"], 3), "", ""])
    out = [table(rows, ["page", "charts", "bytes ours", "bytes usual", "ratio", "plotly.js ours (max)", "visible ours",
                        "visible usual", "ratio", "CLS ours", "CLS usual"])]
    out += [f"  ! {path} {variant}: {page[variant]['never_visible_runs']} run(s) with a chart never visible"
            for path, page in chart_pages.items() for variant in ("ours", "usual")
            if page[variant]["never_visible_runs"]]
    out += [f"  ! {path}: chart figures fetched while only scrolling ({page['ours']['figure_bytes_scroll_max']:,} B)"
            for path, page in chart_pages.items() if page["ours"]["figure_bytes_scroll_max"]]
    return out


def point_section(chart_pages: dict[str, Any], overall: dict[str, Any]) -> list[str]:
    rows = [[path, kb(page["ours"]["bytes_total"]), kb(page["usual"]["bytes_total"]), num(page["total_bytes_ratio"], 3),
             ms(page["ours"]["first_live_ms"]), ms(page["ours"]["later_live_ms"]) if page["charts"] > 1 else "-",
             num(page["ours"]["cls"], 4)]
            for path, page in chart_pages.items()]
    rows.append(["median of pages", kb(overall["bytes_total_ours"]), kb(overall["bytes_total_usual"]),
                 num(overall["total_bytes_ratio"], 3), ms(overall["first_live"]), ms(overall["later_live"]),
                 num(overall["cls_ours"], 4)])
    out = [table(rows, ["page", "bytes ours", "bytes usual", "ratio", "first chart live", "later charts live",
                        "CLS ours"])]
    out += [f"  ! {path}: {page['ours']['not_all_live_runs']} run(s) with a chart that did not turn live"
            + (f" (failed: {', '.join(page['ours']['failed_charts'])})" if page["ours"]["failed_charts"] else "")
            for path, page in chart_pages.items() if page["ours"]["not_all_live_runs"]]
    return out


def bytes_section(chart_pages: dict[str, Any]) -> list[str]:
    """One row per kind of resource; each cell the range over the chart pages (they differ in HTML and figures)."""
    columns = {"ours, scrolling": ("ours", "bytes_by_resource_scroll"),
               "ours, pointing": ("ours", "bytes_by_resource_point"),
               "usual way": ("usual", "bytes_by_resource_scroll")}
    names = sorted({name for page in chart_pages.values() for variant, key in columns.values()
                    for name in page[variant][key]})

    def cell(name: str, variant: str, key: str) -> str:
        values = sorted(page[variant][key].get(name, 0) for page in chart_pages.values())
        return kb(values[0]) if values[0] == values[-1] else f"{values[0] / 1000:,.1f}–{kb(values[-1])}"

    return [table([[name, *(cell(name, variant, key) for variant, key in columns.values())] for name in names],
                  ["resource", *columns])]


def urls_section(chart_pages: dict[str, Any]) -> list[str]:
    """Every URL one chart page of each edition fetched (the one with the most charts), how often and how many
    bytes: a file fetched twice, or one that was not there before, shows at a glance."""
    chosen: dict[str, str] = {}
    for path, page in chart_pages.items():
        edition = page.get("edition", "/")
        if edition not in chosen or page["charts"] > chart_pages[chosen[edition]]["charts"]:
            chosen[edition] = path
    out = []
    for path in chosen.values():
        urls = chart_pages[path]["ours"]["bytes_by_url"]
        rows = []
        for phase in ("scroll", "point"):
            for url, (asked, served, size) in urls[phase].items():
                rows.append([("! " if max(asked, served) > 1 else "") + url, phase, str(asked), str(served), kb(size)])
        entries = [entry for phase in urls.values() for entry in phase.values()]
        rows.append(["total", "", str(sum(entry[0] for entry in entries)), str(sum(entry[1] for entry in entries)),
                     kb(sum(entry[2] for entry in entries))])
        out += [f"  {path} (ours, the run with the median bytes; ! marks a URL asked for or sent more than once)",
                table(rows, ["URL", "while", "asked", "sent", "bytes"])]
    return out


def lighthouse_section(lighthouse: dict[str, Any]) -> list[str]:
    out = [table([[path, *(str(result["scores"].get(key)) for key in
                           ("performance", "accessibility", "best-practices", "seo")),
                   *(ms(result["metrics"][name]) for name in LIGHTHOUSE_METRICS.values()),
                   num(result["metrics"]["cumulative-layout-shift"], 4),
                   "/".join(str(score) for score in result["all_performance_scores"]),
                   ", ".join(result["findings"]) or "-"]
                  for path, result in lighthouse.items()],
                 ["page", "perf", "a11y", "best pr.", "SEO", *LIGHTHOUSE_METRICS, "CLS", "perf runs",
                  "other audits failed"])]
    out += [f"  {path} {audit}: {item}" for path, result in lighthouse.items()
            for audit, items in result["findings"].items() for item in items]
    out += [f"  ! {path}: {lighthouse_line(result['scores'])}, runtime error {result['runtime_error']}"
            for path, result in lighthouse.items() if result["runtime_error"]]
    return out


def builds_section(builds: dict[str, Any], rebuilds: dict[str, Any]) -> list[str]:
    cold, warm = builds["cold_seconds"], builds["warm_seconds"]
    out = [f"English edition (mkdocs build --strict), empty picture cache ({builds['pictures_exported_english'][0]} pictures "
           f"exported), median of {len(cold)}: {statistics.median(cold):.2f} s (runs: {seconds_list(cold)})",
           f"English edition, picture cache filled, median of {len(warm)}: {statistics.median(warm):.2f} s "
           f"(runs: {seconds_list(warm)})",
           f"Both editions (make build: side by side, then put together; {builds['pictures_exported_cold'][0]} pictures): "
           f"cold {statistics.median(builds['cold_both_seconds']):.2f} s "
           f"(runs: {seconds_list(builds['cold_both_seconds'])}), warm "
           f"{statistics.median(builds['warm_both_seconds']):.2f} s (runs: {seconds_list(builds['warm_both_seconds'])})"]
    for kind, what in (("chart", "a value a chart plots (its pictures exported again)"),
                       ("prose", "a fact's label (no chart changes)")):
        result = rebuilds[kind]
        out.append(f"mkdocs serve, saved {what} -> rebuilt page served, median of {len(result['seconds'])}: "
                   f"{statistics.median(result['seconds']):.2f} s (runs: {seconds_list(result['seconds'])}; "
                   f"MkDocs' own build: {seconds_list(result['mkdocs_build_seconds'])}, '-' where it did not repeat "
                   f"a message; edited {result['file']}, polled {result['page']})")
    return out


def report(results: dict[str, Any]) -> str:
    pages, plan = results["pages"], results["settings"]["plan"]
    chart_pages = {path: page for path, page in pages.items() if page["charts"]}
    plain_pages = {path: page for path, page in pages.items() if not page["charts"]}
    overall = results["chart_page_medians"]
    out = [f"A reader who scrolls through each chart page, one screen every {SCROLL_EVERY_MS} ms "
           f"(median of {plan['runs']} cold loads per variant, ours and usual alternating; viewport "
           f"{VIEWPORT['width']}x{VIEWPORT['height']}; bytes on the wire, gzip level {GZIP_LEVEL})",
           *scroll_section(chart_pages, overall),
           "\n... who then points at every chart in page order (bytes: scroll and point together; times: from "
           "pointing to the live chart)", *point_section(chart_pages, overall),
           f"\nWhere a chart page's bytes go (median per run, on the wire; a range spans {', '.join(chart_pages)})",
           *bytes_section(chart_pages),
           "\nBytes per URL, one chart page of each edition", *urls_section(chart_pages),
           f"\nPages without charts (median of {plan['runs']} cold loads)",
           table([[path, f"{page['ours']['plotly_bytes_max']:,} B", kb(page["ours"]["bytes_scroll"]),
                   num(page["ours"]["cls"], 4)] for path, page in plain_pages.items()],
                 ["page", "plotly.js (max)", "bytes", "CLS"])]
    out += [f"  ! {path}: not found {page[variant]['not_found']}, page errors {page[variant]['errors']}"
            for path, page in pages.items() for variant in ("ours", "usual")
            if variant in page and (page[variant]["not_found"] or page[variant]["errors"])]
    out += [f"\nLighthouse 12.2.3, mobile defaults, the median of {plan['lighthouse_runs']} run(s) per page "
            "(all runs' performance in 'perf runs'; reports in bench-results/)", *lighthouse_section(results["lighthouse"])]
    out += ["", *builds_section(results["builds"], results["rebuilds"])]
    load = results["load_average"]
    out.append(f"\nMachine load (1-minute average, {load['cpus']} CPUs): {load['start']:.1f} at the start, "
               f"{load['end']:.1f} at the end; times move with it, bytes do not.")
    out.append("\nTargets")
    out += [f"  [{'PASS' if target['pass'] else 'FAIL'}] {target['target']}: {target['measured']}"
            for target in results["targets"]]
    return "\n".join(out)
