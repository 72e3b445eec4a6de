"""The readers, in headless Chromium: cold loads of each page, ours and the usual way alternating.

One visit is two scenarios in a row, each with its own bytes:
1. a reader who scrolls through the page, one screen every 50 ms (instrument.js): bytes on the
   wire, time until every chart is visible, layout shift, and whether plotly.js came at all;
2. the same reader then pointing at every chart in page order with the mouse, waiting for each
   to turn live (data-sk-state="live") before the next: bytes, and time from pointing to live.
Every visit starts in a fresh browser context: nothing cached, as for a first-time reader.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit
from pathlib import Path
from typing import Any, Callable

from playwright.sync_api import Browser, Page
from playwright.sync_api import sync_playwright

from .config import (CHROMIUM, CHROMIUM_ARGS, LIVE_TIMEOUT_S, LOAD_TIMEOUT_S, SCROLL_EVERY_MS, VIEWPORT,
                     VISIBLE_GRACE_S)
from .report import ms
from .serve import SiteServer
from .usual import usual_path

INSTRUMENT_JS = (Path(__file__).parent / "instrument.js").read_text(encoding="utf-8")
POLL_MS = 50
PLOTS = {"ours": ".sk-chart__plot[data-sk-chart]", "usual": ".plotly-graph-div"}

Served = list[tuple[str, int, int]]


def bytes_of(served: Served, where: Callable[[str], bool] = lambda path: True) -> int:
    return sum(size for path, size, _ in served if where(path))


def is_plotly(path: str) -> bool:
    return "plotly" in path.lower()


def is_figure(path: str) -> bool:
    return path.startswith("/charts/") and path.endswith(".json")


def wait_until(page: Page, expression: str, timeout_s: float, arg: Any = None) -> bool:
    """Poll `expression` (a function of `arg`) until true; False after `timeout_s`.

    Not Playwright's wait_for_function: it evaluates its predicate in the page with eval, which the
    site's Content-Security-Policy refuses; page.evaluate goes through the debugger and is allowed.
    """
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            return False
        page.wait_for_timeout(POLL_MS)
    return True


def point_at_charts(page: Page, variant: str) -> None:
    """Hover each chart in page order; for ours, wait until it is live (or failed, or timed out)."""
    plots = page.locator(PLOTS[variant])
    for index in range(plots.count()):
        plot = plots.nth(index)
        # Park the pointer on the sticky header first, so that no chart passes under it while the
        # page scrolls to the next one: each chart is pointed at only when its turn comes.
        page.mouse.move(0, 0)
        plot.scroll_into_view_if_needed()
        plot.hover()
        if variant == "ours":  # a chart that never turns live is a result, not an error: go on
            wait_until(page, "id => window.__bench.settled(id)", LIVE_TIMEOUT_S, plot.get_attribute("data-sk-chart"))


def visit(browser: Browser, server: SiteServer, path: str, variant: str, expected: int) -> dict[str, Any]:
    """One cold visit: scroll to the bottom, then point at every chart; what each part cost."""
    files = server.files
    url = server.url.rstrip("/") + (usual_path(path) if variant == "usual" else path)
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    try:
        settings = json.dumps({"variant": variant, "expected": expected, "everyMs": SCROLL_EVERY_MS})
        context.add_init_script(script=INSTRUMENT_JS.replace("SETTINGS", settings))
        page = context.new_page()
        # What the page asked for, cache or not (the server's log only sees what the cache did not answer).
        phase = ["scroll"]
        asked: dict[str, list[str]] = {"scroll": [], "point": []}
        origin = server.url.rstrip("/")
        page.on("request", lambda request: asked[phase[0]].append(urlsplit(request.url).path)
                if request.url.startswith(origin) else None)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        start = files.mark()
        page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_S * 1000)
        if not wait_until(page, "() => window.__bench.scrolledAt !== null", LOAD_TIMEOUT_S):
            state = page.evaluate("[document.readyState, window.__bench.screens, scrollY, innerHeight,"
                                  " document.scrollingElement.scrollHeight]")
            raise RuntimeError(f"{url} never scrolled to its bottom (readyState, screens, scrollY, innerHeight, "
                               f"scrollHeight: {state}; page errors: {errors})")
        wait_until(page, "() => window.__bench.scrolled()", VISIBLE_GRACE_S)  # never visible: a result too
        files.wait_quiet()
        scrolled = page.evaluate("window.__bench.report()")
        middle = files.mark()
        phase[0] = "point"
        point_at_charts(page, variant)
        files.wait_quiet()
        pointed = page.evaluate("window.__bench.report()")
        end = files.mark()
    finally:
        context.close()
    scroll, point = files.served_between(start, middle), files.served_between(middle, end)
    live = [{"chart": chart, "pointed_at": at,
             "to_live": pointed["liveAt"][chart] - at if chart in pointed["liveAt"] else None}
            for chart, at in sorted(pointed["pointedAt"].items(), key=lambda item: item[1])]
    return {
        "variant": variant, "errors": errors, "visible_at": scrolled["visibleAt"], "visible": scrolled["visible"],
        "scrolled_at": scrolled["scrolledAt"], "screens": scrolled["screens"],
        "first_contentful_paint": scrolled["firstContentfulPaint"], "load": scrolled["load"],
        "cls_scroll": scrolled["cls"], "cls": pointed["cls"], "shifts": pointed["shifts"],
        "bytes_scroll": bytes_of(scroll), "bytes_point": bytes_of(point),
        "plotly_bytes_scroll": bytes_of(scroll, is_plotly), "plotly_bytes_point": bytes_of(point, is_plotly),
        "figure_bytes_scroll": bytes_of(scroll, is_figure),
        "live": live, "failed": pointed["failed"],
        "not_pointed": expected - len(pointed["pointedAt"]) if variant == "ours" else 0,
        "not_found": sorted({served_path for served_path, _, status in scroll + point if status == 404}),
        "served_scroll": scroll, "served_point": point, "asked_scroll": asked["scroll"], "asked_point": asked["point"],
    }


def describe(path: str, run: dict[str, Any], round_number: int, expected: int) -> str:
    line = (f"  {path:<16} {run['variant']:<5} round {round_number}: scroll {run['bytes_scroll'] / 1000:,.0f} kB, "
            f"visible {ms(run['visible_at']) if expected else '-'}, +point {run['bytes_point'] / 1000:,.0f} kB, "
            f"cls {run['cls']:.4f}")
    if run["variant"] == "ours" and run["live"]:
        line += ", to live " + "/".join(ms(item["to_live"]) for item in run["live"])
    if run["failed"] or run["errors"] or run["not_found"]:
        line += f" ! failed {run['failed']} errors {run['errors']} 404 {run['not_found']}"
    return line


def measure_pages(server: SiteServer, pages: list[str], charts: dict[str, int], runs: int,
                  progress: Callable[[str], None]) -> dict[str, list[dict[str, Any]]]:
    """`runs` rounds; in each, every page once, chart pages as ours and usual in alternating order."""
    results: dict[str, list[dict[str, Any]]] = {page: [] for page in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for round_number in range(runs):
                for path in pages:
                    variants = ["ours", "usual"] if charts[path] else ["ours"]
                    if round_number % 2:
                        variants.reverse()
                    for variant in variants:
                        run = visit(browser, server, path, variant, charts[path])
                        results[path].append(run)
                        progress(describe(path, run, round_number + 1, charts[path]))
        finally:
            browser.close()
    return results
