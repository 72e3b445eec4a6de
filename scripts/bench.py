"""`make bench`: measure the site's chart pages against the usual way of embedding Plotly.

Builds the site, serves it with gzip on loopback and, in headless Chromium, loads every chart page
cold while scrolling one screen every 50 ms: bytes on the wire, time until every chart is drawn,
cumulative layout shift. Each chart page is also served "the usual way" (the same built page, each
figure embedded by `plotly.io.to_html` with the full plotly.min.js, no chart loader), loaded in
alternation with ours. Then Lighthouse (mobile defaults) on every page, the time of a full build
and the time from saving a data file to the rebuilt page under `mkdocs serve`.

Prints one table with each target's PASS/FAIL and writes the raw results to
bench-results/latest.json. It is a measurement, not a test: it exits 0 when targets fail and
non-zero only when something could not be measured.
"""

from __future__ import annotations

import gzip
import html
import json
import math
import mimetypes
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ElementTree
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from urllib.parse import unquote, urlsplit

import plotly
import plotly.io
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from scripts.workspace import copy_project

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results" / "latest.json"
MKDOCS = [sys.executable, "-m", "mkdocs"]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags that work as root with no network (the project's notes on this machine).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FULL_PLOTLY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"

RUNS = 5  # cold loads per page and variant
LIGHTHOUSE_RUNS = 3  # per page; the median run is reported
BUILDS = 3
REBUILDS = 3
VIEWPORT = {"width": 1280, "height": 800}
SCROLL_EVERY_MS = 50
GZIP_LEVEL = 6
LOAD_TIMEOUT_S = 45
DRAW_GRACE_S = 20  # once scrolled to the bottom, how long charts may still take to appear
STUCK_GRACE_S = 1  # ... or, when no chart is loading and one never started, how long to make sure
QUIET_S = 0.5  # no request for this long: the page has fetched all it will

TARGETS = {
    "bytes_ratio": 0.30,
    "drawn_ratio": 0.45,
    "cls": 0.01,
    "lighthouse_performance": 95,
    "build_s": 3.0,
    "rebuild_s": 2.0,
}

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml",
                "image/svg+xml", "application/manifest+json")
CHART_PLOT = re.compile(r'<div class="sk-chart__plot"[^>]*\bdata-sk-figure="[^"]*"[^>]*>')
CHART_LOADER = re.compile(r'<script src="[^"]*assets/storykit/charts\.[0-9a-f]+\.js"></script>\s*')

# Injected before any page script: scrolls like a hurried reader, notes when every chart is
# drawn, and sums layout shifts. `SETTINGS` is replaced with {variant, expected}.
INSTRUMENT_JS = """
(() => {
  const settings = SETTINGS;
  const bench = window.__bench = { drawnAt: null, scrolledAt: null, screens: 0, cls: 0, shifts: [], drawing: [] };

  function drawnCount() {
    if (settings.variant === "ours") {
      return document.querySelectorAll('.sk-chart__plot[data-sk-figure][data-sk-state="drawn"]').length;
    }
    let drawn = 0;
    document.querySelectorAll(".plotly-graph-div").forEach((plot) => {
      if (plot.querySelector(".main-svg") && plot.querySelector(".trace")) drawn += 1;
    });
    return drawn;
  }

  if (settings.expected > 0) {
    const watcher = new MutationObserver(() => {
      const drawn = drawnCount();
      while (bench.drawing.length < drawn) bench.drawing.push(Math.round(performance.now()));
      if (drawn >= settings.expected) {
        bench.drawnAt = performance.now();
        watcher.disconnect();
      }
    });
    watcher.observe(document, { subtree: true, childList: true, attributes: true,
                                attributeFilter: ["data-sk-state", "class"] });
  }

  const shifts = new PerformanceObserver((list) => record(list.getEntries()));
  function record(entries) {
    for (const entry of entries) {
      if (entry.hadRecentInput) continue;
      bench.cls += entry.value;
      bench.shifts.push({ at: Math.round(entry.startTime), value: entry.value,
        nodes: (entry.sources || []).map((source) => describe(source.node)) });
    }
  }
  function describe(node) {
    if (!node || !node.tagName) return String(node && node.nodeName);
    return node.tagName.toLowerCase() + (node.className && typeof node.className === "string"
      ? "." + node.className.trim().split(/\\s+/).join(".") : "");
  }
  shifts.observe({ type: "layout-shift", buffered: true });

  // One screen per tick, each applied in an animation frame so the browser renders (and runs
  // its intersection observers) at every position, as it would for a reader's scrolling.
  function tick() {
    requestAnimationFrame(() => {
      const page = document.scrollingElement;
      if (page && document.body) {
        const atBottom = Math.ceil(window.scrollY + window.innerHeight) >= page.scrollHeight;
        if (atBottom && document.readyState === "complete") {
          bench.scrolledAt = performance.now();
          return;
        }
        window.scrollBy({ top: window.innerHeight, behavior: "instant" });
        bench.screens += 1;
      }
      setTimeout(tick, SCROLL_EVERY_MS);
    });
  }
  setTimeout(tick, SCROLL_EVERY_MS);

  bench.done = () => bench.scrolledAt !== null && (settings.expected === 0 || bench.drawnAt !== null);
  // Ours only: at the bottom, with no chart loading and one never started, no more will be drawn
  // (the loader waits for a chart to near the viewport, and the reader has scrolled past it).
  bench.stuck = () => {
    if (settings.variant !== "ours" || bench.scrolledAt === null) return false;
    const states = [...document.querySelectorAll(".sk-chart__plot[data-sk-figure]")]
      .map((plot) => plot.getAttribute("data-sk-state"));
    return states.includes(null) && !states.includes("loading");
  };
  bench.report = () => {
    record(shifts.takeRecords());
    const navigation = performance.getEntriesByType("navigation")[0];
    return { drawnAt: bench.drawnAt, scrolledAt: bench.scrolledAt, screens: bench.screens,
             cls: bench.cls, shifts: bench.shifts.slice(0, 20), drawn: drawnCount(), drawing: bench.drawing,
             neverStarted: [...document.querySelectorAll(".sk-chart__plot[data-sk-figure]:not([data-sk-state])")]
               .map((plot) => plot.getAttribute("data-sk-chart")),
             resources: performance.getEntriesByType("resource").map((entry) => ({
               name: new URL(entry.name).pathname, start: Math.round(entry.startTime),
               end: Math.round(entry.responseEnd) })),
             domContentLoaded: navigation ? navigation.domContentLoadedEventEnd : null,
             load: navigation ? navigation.loadEventEnd : null };
  };
})();
""".replace("SCROLL_EVERY_MS", str(SCROLL_EVERY_MS))


# The gzip server


class CountingWriter:
    """Wraps a connection's output, counting the bytes written (headers and body)."""

    def __init__(self, raw: Any) -> None:
        self.raw = raw
        self.count = 0

    def write(self, data: bytes) -> int:
        written = self.raw.write(data)
        self.count += len(data)
        return written

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)  # flush, closed, ... as the connection has them


class SiteFiles:
    """A built site's files, gzipped once at the same level, and a log of what was served."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.gzipped: dict[Path, bytes] = {}
        self.log: list[tuple[float, str, int]] = []  # (finished at, path, bytes on the wire)
        self.lock = threading.Lock()

    def compress_all(self) -> None:
        # Compressing up front keeps the 4.8 MB plotly.min.js from slowing the first usual run.
        for path in self.root.rglob("*"):
            if path.is_file() and content_type(path).startswith(COMPRESSIBLE):
                self.gzipped[path] = gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)

    def record(self, path: str, size: int) -> None:
        with self.lock:
            self.log.append((time.monotonic(), path, size))

    def mark(self) -> int:
        with self.lock:
            return len(self.log)

    def served_since(self, mark: int) -> list[tuple[str, int]]:
        with self.lock:
            return [(path, size) for _, path, size in self.log[mark:]]

    def wait_quiet(self, quiet: float = QUIET_S, limit: float = 10.0) -> None:
        """Wait until nothing has been served for `quiet` seconds (at most `limit`)."""
        started = time.monotonic()
        while time.monotonic() - started < limit:
            with self.lock:
                last = self.log[-1][0] if self.log else 0.0
            if time.monotonic() - last >= quiet:
                return
            time.sleep(0.05)


def content_type(path: Path) -> str:
    kind = {".js": "application/javascript", ".json": "application/json", ".map": "application/json",
            ".xml": "application/xml", ".csv": "text/csv"}.get(path.suffix)
    return kind or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class GzipHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as browsers expect of a real server
    server: "SiteServer"

    def setup(self) -> None:
        super().setup()
        self.wfile = CountingWriter(self.wfile)

    def do_GET(self) -> None:
        self.respond(with_body=True)

    def do_HEAD(self) -> None:
        self.respond(with_body=False)

    def respond(self, with_body: bool) -> None:
        files = self.server.files
        start = self.wfile.count
        url_path = unquote(urlsplit(self.path).path)
        try:
            target = files.root / url_path.lstrip("/")
            if ".." in Path(url_path).parts:
                self.send_file(files.root / "404.html", 404, with_body)
            elif target.is_dir() and not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif target.is_dir() and (target / "index.html").is_file():
                self.send_file(target / "index.html", 200, with_body)
            elif target.is_file():
                self.send_file(target, 200, with_body)
            else:
                self.send_file(files.root / "404.html", 404, with_body)
        except ConnectionError:
            pass  # the browser gave up on this request; count what was sent
        files.record(url_path, self.wfile.count - start)

    def send_file(self, path: Path, status: int, with_body: bool) -> None:
        kind = content_type(path)
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        compressed = self.server.files.gzipped.get(path) if accepts_gzip else None
        body = compressed if compressed is not None else path.read_bytes()
        self.send_response(status)
        charset = "; charset=utf-8" if kind.startswith(COMPRESSIBLE) and kind != "image/svg+xml" else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what GitHub Pages sends
        self.send_header("Vary", "Accept-Encoding")
        if compressed is not None:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, files: SiteFiles) -> None:
        super().__init__(("127.0.0.1", 0), GzipHandler)  # binds now: the URL is known before the build
        self.files = files
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"

    def start(self) -> None:
        self.files.compress_all()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


# Building


def build(project: Path, site_dir: Path, site_url: str) -> float:
    """One `mkdocs build --strict`; returns the seconds it took."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run([*MKDOCS, "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
                            cwd=project, env=env, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stdout}{result.stderr}")
    return elapsed


def site_pages(site_dir: Path, site_url: str) -> list[str]:
    """The pages of the site (paths such as '/' and '/scale/'), in sitemap order."""
    tree = ElementTree.parse(site_dir / "sitemap.xml")
    paths = []
    for element in tree.iter():
        if element.tag.endswith("loc") and element.text:
            paths.append("/" + element.text.strip()[len(site_url):])
    return paths


def page_file(site_dir: Path, path: str) -> Path:
    return site_dir / path.lstrip("/") / "index.html"


def chart_count(page_html: str) -> int:
    return len(CHART_PLOT.findall(page_html))


# The usual way


def usual_page(page_html: str) -> str:
    """Our built page with each chart embedded by `to_html` and the full plotly.js, no chart loader."""
    plotly_js_included = False

    def embed(match: re.Match[str]) -> str:
        nonlocal plotly_js_included
        tag = match.group(0)
        figure = json.loads(html.unescape(re.search(r'data-sk-figure="([^"]*)"', tag).group(1)))
        height = re.search(r"height:\s*(\d+)px", tag)
        embedded = plotly.io.to_html(figure, full_html=False, include_plotlyjs=not plotly_js_included,
                                     default_height=f"{height.group(1)}px" if height else "100%",
                                     validate=False)
        plotly_js_included = True
        return embedded

    without_loader = CHART_LOADER.sub("", page_html)
    page = replace_elements(without_loader, CHART_PLOT, embed)
    if CHART_LOADER.search(page) or len(page) < FULL_PLOTLY.stat().st_size:
        raise RuntimeError("the usual-way page still has our loader, or lacks the full plotly.js")
    return page


def replace_elements(page_html: str, opening: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> str:
    """Replace each element whose opening tag matches, up to its own closing tag (divs nest)."""
    parts, position = [], 0
    for match in opening.finditer(page_html):
        if match.start() < position:
            continue
        depth, cursor = 1, match.end()
        for tag in re.compile(r"<(/?)div\b[^>]*>").finditer(page_html, match.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                cursor = tag.end()
                break
        parts += [page_html[position:match.start()], replace(match)]
        position = cursor
    parts.append(page_html[position:])
    return "".join(parts)


def usual_path(path: str) -> str:
    # Next to our page, so every relative link of the page still resolves.
    return path + "usual.html"


# Loading pages in Chromium


def load_page(browser: Any, files: SiteFiles, url: str, variant: str, expected: int) -> dict[str, Any]:
    """One cold load in a fresh context, scrolling to the bottom; what it cost and when charts drew."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1)
    try:
        settings = json.dumps({"variant": variant, "expected": expected})
        context.add_init_script(script=INSTRUMENT_JS.replace("SETTINGS", settings))
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        mark = files.mark()
        page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_S * 1000)
        page.wait_for_function("window.__bench.scrolledAt !== null", timeout=LOAD_TIMEOUT_S * 1000, polling=100)
        try:
            page.wait_for_function("window.__bench.done() || window.__bench.stuck()",
                                   timeout=DRAW_GRACE_S * 1000, polling=100)
            if not page.evaluate("window.__bench.done()"):
                page.wait_for_function("window.__bench.done()", timeout=STUCK_GRACE_S * 1000, polling=100)
        except PlaywrightTimeout:  # a chart was never drawn: that is a result, not an error
            pass
        finished = page.evaluate("window.__bench.done()")
        files.wait_quiet()
        report = page.evaluate("window.__bench.report()")
    finally:
        context.close()
    served = files.served_since(mark)
    return {"variant": variant, "finished": finished, "errors": errors, **report,
            "bytes": sum(size for _, size in served),
            "plotly_bytes": sum(size for path, size in served if "plotly" in path.lower()),
            "served": served}


def measure_pages(server: SiteServer, pages: list[str], charts: dict[str, int]) -> dict[str, list[dict[str, Any]]]:
    """RUNS rounds; in each, every page once, chart pages as ours and usual in alternating order."""
    runs: dict[str, list[dict[str, Any]]] = {page: [] for page in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for round_number in range(RUNS):
                for path in pages:
                    variants = ["ours", "usual"] if charts[path] else ["ours"]
                    if round_number % 2:
                        variants.reverse()
                    for variant in variants:
                        url = server.url.rstrip("/") + (usual_path(path) if variant == "usual" else path)
                        run = load_page(browser, server.files, url, variant, charts[path])
                        runs[path].append(run)
                        progress(f"  {path:<16} {variant:<5} round {round_number + 1}: "
                                 f"{run['bytes'] / 1000:,.0f} kB, drawn {ms(run['drawnAt']) if charts[path] else '-'}, "
                                 f"cls {run['cls']:.4f}"
                                 + (f", never drawn: {', '.join(run['neverStarted'])}" if run["neverStarted"] else ""))
        finally:
            browser.close()
    return runs


# Lighthouse


def median_report(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median performance score (this shared 2-core machine makes single runs noisy),
    with every run's scores kept alongside."""
    ordered = sorted(reports, key=lambda report: report["scores"].get("performance") or 0)
    chosen = dict(ordered[len(ordered) // 2])
    chosen["all_performance_scores"] = [report["scores"].get("performance") for report in reports]
    return chosen


def run_lighthouse(url: str, output: Path) -> dict[str, Any]:
    """Lighthouse with its mobile defaults on one page: the four scores and what cost points."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
               "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    if result.returncode != 0 or not output.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    scores, lost = {}, {}
    for key, category in report["categories"].items():
        scores[key] = None if category["score"] is None else round(category["score"] * 100)
        lost[key] = [ref["id"] for ref in category["auditRefs"]
                     if ref.get("weight") and (report["audits"][ref["id"]].get("score") or 0) < 1
                     and report["audits"][ref["id"]].get("scoreDisplayMode") in ("binary", "numeric")]
    metrics = {name: report["audits"][name].get("numericValue") for name in
               ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
                "cumulative-layout-shift", "speed-index")}
    findings = {audit: audit_items(report["audits"][audit]) for key, audits in lost.items()
                if key != "performance" for audit in audits}
    return {"scores": scores, "lost_points_on": lost, "findings": findings, "metrics": metrics,
            "runtime_error": report.get("runtimeError"), "report": str(output.relative_to(ROOT))}


def audit_items(audit: dict[str, Any], limit: int = 5) -> list[str]:
    """What a failed audit points at: HTML snippets or URLs, a few of them."""
    items = (audit.get("details") or {}).get("items") or []
    shown = []
    for item in items[:limit]:
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        shown.append(node.get("snippet") or item.get("text") or item.get("href") or item.get("url") or str(item)[:200])
    return shown


# mkdocs serve: from saving a data file to the rebuilt page


def editable_label(project: Path, site_dir: Path, pages: list[str]) -> tuple[Path, str, str]:
    """A fact label (file, line, page showing it) plain enough to append a word to safely."""
    pattern = re.compile(r"^(\s*label:\s*)([A-Za-z0-9][A-Za-z0-9 ,()-]*[A-Za-z0-9)])\s*$")
    for data_file in sorted((project / "docs" / "data").rglob("*.yaml")):
        for line in data_file.read_text(encoding="utf-8").splitlines():
            match = pattern.match(line)
            if not match:
                continue
            for path in pages:
                if match.group(2) in page_file(site_dir, path).read_text(encoding="utf-8"):
                    return data_file, line, path
    raise RuntimeError("no fact label found on any page to change")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, text: str, limit: float, interval: float = 0.02) -> float:
    """Seconds until the page at `url` contains `text`; raises after `limit` seconds."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(interval)
    raise RuntimeError(f"{url} did not show {text!r} within {limit:.0f} s")


def time_rebuilds(workdir: Path, built_site: Path, pages: list[str]) -> dict[str, Any]:
    """Under `mkdocs serve` (live reload) on a copy of the project: save a label, poll its page."""
    project = copy_project(workdir / "project")
    data_file, line, page = editable_label(project, built_site, pages)
    address = free_address()
    url = f"http://{address}{page}"
    env = {**os.environ, "SITE_URL": f"http://{address}/", "NO_MKDOCS_2_WARNING": "1"}
    log_path = workdir / "serve.log"
    log = log_path.open("w")
    server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", address, "--livereload"], cwd=project, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(url, line.split(":", 1)[1].strip(), limit=120, interval=0.2)
        time.sleep(1.0)  # let the server finish its start-up before timing
        original = data_file.read_text(encoding="utf-8")
        timings = []
        for attempt in range(REBUILDS):
            token = f"bench{attempt}x{os.getpid()}"
            edited = original.replace(line, f"{line} {token}", 1)
            started = time.perf_counter()
            data_file.write_text(edited, encoding="utf-8")
            wait_for(url, token, limit=60)
            timings.append(time.perf_counter() - started)
            time.sleep(1.5)  # let live reload settle, so each save starts from an idle server
        # MkDocs logs each build's own duration: the rest is noticing the change and serving it.
        # Its build logger drops a message it has printed before, so a rebuild as long as an
        # earlier one leaves no line: the list holds the distinct durations after the first build.
        builds = [float(value) for value in re.findall(r"Documentation built in ([\d.]+) seconds",
                                                       log_path.read_text(encoding="utf-8"))]
        return {"seconds": timings, "mkdocs_build_seconds": builds[1:],
                "file": str(data_file.relative_to(project)), "page": page}
    except RuntimeError as error:
        raise RuntimeError(f"{error}\nmkdocs serve said:\n{log_path.read_text()[-3000:]}") from None
    finally:
        stop_process_group(server)
        log.close()


def free_address() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{probe.getsockname()[1]}"


def stop_process_group(process: subprocess.Popen[Any]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# Summaries


def median(values: list[float | None]) -> float | None:
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def median_or_never(values: list[float | None]) -> float | None:
    """A median in which None means "never" (a chart not drawn): it sorts last; a never median is None."""
    middle = statistics.median([math.inf if value is None else value for value in values])
    return None if math.isinf(middle) else middle


def ratio(ours: float | None, usual: float | None) -> float | None:
    return ours / usual if ours is not None and usual else None


def resource_group(path: str, page: str) -> str:
    rules = [("plotly.js", r"plotly"), ("Material JS", r"/assets/javascripts/bundle\."),
             ("search index + worker", r"/search/|/workers/search"), ("Material CSS", r"/assets/stylesheets/"),
             ("storykit JS + CSS", r"/assets/storykit/"), ("sitemap", r"sitemap"), ("images", r"\.(png|svg|ico)$")]
    if path in (page, usual_path(page)):
        return "HTML"
    for name, rule in rules:
        if re.search(rule, path):
            return name
    return "other: " + path


def summarise_page(path: str, runs: list[dict[str, Any]], expected: int) -> dict[str, Any]:
    def of(variant: str, key: str) -> list[Any]:
        return [run[key] for run in runs if run["variant"] == variant]

    summary: dict[str, Any] = {"charts": expected, "runs": sum(run["variant"] == "ours" for run in runs)}
    for variant in ("ours", "usual") if expected else ("ours",):
        unfinished = [not finished for finished in of(variant, "finished")]
        summary[variant] = {
            "bytes": median(of(variant, "bytes")), "plotly_bytes_max": max(of(variant, "plotly_bytes")),
            "drawn_ms": median_or_never(of(variant, "drawnAt")) if expected else None,
            "cls": median(of(variant, "cls")), "unfinished_runs": sum(unfinished),
            "errors": sorted({error for errors in of(variant, "errors") for error in errors}),
            "bytes_by_resource": bytes_by_resource(path, [run for run in runs if run["variant"] == variant]),
        }
    if expected:
        summary["bytes_ratio"] = ratio(summary["ours"]["bytes"], summary["usual"]["bytes"])
        summary["drawn_ratio"] = ratio(summary["ours"]["drawn_ms"], summary["usual"]["drawn_ms"])
    return summary


def bytes_by_resource(page: str, runs: list[dict[str, Any]]) -> dict[str, float]:
    """Median bytes per kind of resource over the runs (a kind absent from a run counts 0)."""
    per_run = []
    for run in runs:
        groups: dict[str, int] = {}
        for path, size in run["served"]:
            group = resource_group(path, page)
            groups[group] = groups.get(group, 0) + size
        per_run.append(groups)
    names = sorted({name for groups in per_run for name in groups})
    return {name: statistics.median([groups.get(name, 0) for groups in per_run]) for name in names}


def evaluate_targets(pages: dict[str, Any], lighthouse: dict[str, Any], build_s: float,
                     rebuild_s: float) -> list[dict[str, Any]]:
    chart_pages = {path: page for path, page in pages.items() if page["charts"]}
    plain_pages = {path: page for path, page in pages.items() if not page["charts"]}

    def worst(values: dict[str, float | None], higher_is_worse: bool = True) -> tuple[str, float | None]:
        if any(value is None for value in values.values()):
            return next(path for path, value in values.items() if value is None), None
        path = (max if higher_is_worse else min)(values, key=lambda key: values[key])
        return path, values[path]

    targets = []

    def add(name: str, measured: str, passed: bool) -> None:
        targets.append({"target": name, "measured": measured, "pass": passed})

    page, value = worst({path: page["bytes_ratio"] for path, page in chart_pages.items()})
    add(f"chart page bytes <= {TARGETS['bytes_ratio']:.2f} x usual (every chart page)",
        f"worst {fmt_ratio(value)} ({page})", value is not None and value <= TARGETS["bytes_ratio"])
    page, value = worst({path: page["drawn_ratio"] for path, page in chart_pages.items()})
    add(f"all charts drawn <= {TARGETS['drawn_ratio']:.2f} x usual (every chart page)",
        f"worst {fmt_ratio(value)} ({page})", value is not None and value <= TARGETS["drawn_ratio"])
    plotly_on_plain = max((page["ours"]["plotly_bytes_max"] for page in plain_pages.values()), default=0)
    add("0 bytes of plotly.js on pages without charts (every run)", f"max {plotly_on_plain:,} B",
        plotly_on_plain == 0)
    page, value = worst({path: page["ours"]["cls"] for path, page in pages.items()})
    add(f"cumulative layout shift < {TARGETS['cls']} (median, every page)", f"worst {fmt_cls(value)} ({page})",
        value is not None and value < TARGETS["cls"])
    short = [f"{path} {lighthouse_line(result['scores'])}" for path, result in lighthouse.items()
             if not lighthouse_ok(result["scores"])]
    add(f"Lighthouse perf >= {TARGETS['lighthouse_performance']}, a11y/best practices/SEO 100 (every page)",
        "all pages" if not short else "short: " + "; ".join(short), not short)
    add(f"full build <= {TARGETS['build_s']:.0f} s (median)", f"{build_s:.2f} s", build_s <= TARGETS["build_s"])
    add(f"data file saved -> rebuilt page <= {TARGETS['rebuild_s']:.0f} s (median)", f"{rebuild_s:.2f} s",
        rebuild_s <= TARGETS["rebuild_s"])
    return targets


def lighthouse_ok(scores: dict[str, int | None]) -> bool:
    return ((scores.get("performance") or 0) >= TARGETS["lighthouse_performance"]
            and all(scores.get(key) == 100 for key in ("accessibility", "best-practices", "seo")))


# Printing


def kb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1000:,.1f} kB"


def ms(value: float | None) -> str:
    return "never" if value is None else f"{value:,.0f} ms"


def fmt_ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def fmt_cls(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def lighthouse_line(scores: dict[str, int | None]) -> str:
    return "/".join(str(scores.get(key)) for key in ("performance", "accessibility", "best-practices", "seo"))


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(row[index])) for row in [header, *rows]) for index in range(len(header))]
    lines = ["  ".join(cell.ljust(width) if index == 0 else cell.rjust(width)
                       for index, (cell, width) in enumerate(zip(row, widths))) for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join("  " + line for line in lines)


def report(results: dict[str, Any]) -> str:
    pages, lighthouse = results["pages"], results["lighthouse"]
    chart_pages = {path: page for path, page in pages.items() if page["charts"]}
    plain_pages = {path: page for path, page in pages.items() if not page["charts"]}
    out = [f"Chart pages: median of {RUNS} cold loads each, ours and usual alternating; viewport "
           f"{VIEWPORT['width']}x{VIEWPORT['height']}, one screen every {SCROLL_EVERY_MS} ms; gzip level {GZIP_LEVEL}"]
    rows = []
    for path, page in chart_pages.items():
        ours, usual = page["ours"], page["usual"]
        rows.append([path, str(page["charts"]), kb(ours["bytes"]), kb(usual["bytes"]), fmt_ratio(page["bytes_ratio"]),
                     ms(ours["drawn_ms"]), ms(usual["drawn_ms"]), fmt_ratio(page["drawn_ratio"]),
                     fmt_cls(ours["cls"]), fmt_cls(usual["cls"])])
    overall = results["chart_page_medians"]
    rows.append(["median of pages", "", kb(overall["bytes_ours"]), kb(overall["bytes_usual"]),
                 fmt_ratio(overall["bytes_ratio"]), ms(overall["drawn_ours"]), ms(overall["drawn_usual"]),
                 fmt_ratio(overall["drawn_ratio"]), fmt_cls(overall["cls_ours"]), fmt_cls(overall["cls_usual"])])
    out.append(table(rows, ["page", "charts", "bytes ours", "bytes usual", "ratio", "drawn ours", "drawn usual",
                            "ratio", "CLS ours", "CLS usual"]))
    incomplete = [f"{path} {variant}: {page[variant]['unfinished_runs']} run(s) with a chart never drawn"
                  for path, page in chart_pages.items() for variant in ("ours", "usual")
                  if page[variant]["unfinished_runs"]]
    out += ["  ! " + line for line in incomplete]

    out.append("\nWhere our chart pages' bytes go (median per run, on the wire)")
    groups = sorted({name for page in chart_pages.values() for name in page["ours"]["bytes_by_resource"]})
    out.append(table([[name, *(kb(page["ours"]["bytes_by_resource"].get(name, 0)) for page in chart_pages.values())]
                      for name in groups], ["resource", *chart_pages]))

    out.append(f"\nPages without charts (median of {RUNS} cold loads)")
    out.append(table([[path, f"{page['ours']['plotly_bytes_max']:,} B", kb(page["ours"]["bytes"]),
                       fmt_cls(page["ours"]["cls"])] for path, page in plain_pages.items()],
                     ["page", "plotly.js (max)", "bytes", "CLS"]))

    out.append(f"\nLighthouse 12.2.3, mobile defaults, the median of {LIGHTHOUSE_RUNS} runs per page "
               "(all runs' performance in 'perf runs'; reports in bench-results/)")
    metric_names = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint",
                    "TBT": "total-blocking-time", "SI": "speed-index"}
    out.append(table([[path, *(str(result["scores"].get(key)) for key in
                               ("performance", "accessibility", "best-practices", "seo")),
                       *(ms(result["metrics"][name]) if result["metrics"][name] is not None else "-"
                         for name in metric_names.values()),
                       fmt_cls(result["metrics"]["cumulative-layout-shift"]),
                       "/".join(str(score) for score in result.get("all_performance_scores", [])),
                       ", ".join(result["findings"]) or "-"]
                      for path, result in lighthouse.items()],
                     ["page", "perf", "a11y", "best pr.", "SEO", *metric_names, "CLS", "perf runs",
                      "other audits failed"]))
    out += [f"  {path} {audit}: {item}" for path, result in lighthouse.items()
            for audit, items in result["findings"].items() for item in items]

    builds, rebuild = results["build_seconds"], results["rebuild"]
    out.append(f"\nFull build (mkdocs build --strict), median of {len(builds)}: {statistics.median(builds):.2f} s "
               f"(runs: {seconds_list(builds)})")
    out.append(f"Data file saved -> rebuilt page under mkdocs serve, median of {len(rebuild['seconds'])}: "
               f"{statistics.median(rebuild['seconds']):.2f} s (runs: {seconds_list(rebuild['seconds'])}; "
               f"MkDocs' own build took {seconds_list(rebuild['mkdocs_build_seconds'])} (distinct values: it does not "
               f"repeat a message); "
               f"edited {rebuild['file']}, polled {rebuild['page']})")

    out.append("\nTargets")
    out += [f"  [{'PASS' if target['pass'] else 'FAIL'}] {target['target']}: {target['measured']}"
            for target in results["targets"]]
    return "\n".join(out)


def seconds_list(values: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in values) or "-"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# The whole bench


def main() -> int:
    if not LIGHTHOUSE.exists():
        progress(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `make .make/npm-dev` (npm ci) first")
        return 2
    if not Path(CHROMIUM).exists():
        progress(f"{CHROMIUM} is missing: `make test-setup` installs Debian's chromium")
        return 2
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="storykit-bench-") as temporary:
        workdir = Path(temporary)
        files = SiteFiles(workdir / "site-1")
        server = SiteServer(files)
        RESULTS.parent.mkdir(exist_ok=True)
        progress(f"Building the site {BUILDS} times (timed) for {server.url} ...")
        build_seconds = [build(ROOT, workdir / f"site-{index + 1}", server.url) for index in range(BUILDS)]
        site_dir = files.root
        pages = site_pages(site_dir, server.url)
        charts = {path: chart_count(page_file(site_dir, path).read_text(encoding="utf-8")) for path in pages}
        if not any(charts.values()):
            raise RuntimeError("no page has a chart: nothing to compare")
        for path, count in charts.items():
            if count:
                usual = usual_page(page_file(site_dir, path).read_text(encoding="utf-8"))
                (site_dir / usual_path(path).lstrip("/")).write_text(usual, encoding="utf-8")
        server.start()
        try:
            progress(f"Loading {len(pages)} pages, {RUNS} rounds ...")
            runs = measure_pages(server, pages, charts)
            lighthouse = {}
            for path in pages:
                progress(f"Lighthouse {path} ({LIGHTHOUSE_RUNS} runs) ...")
                slug = path.strip("/").replace("/", "-") or "home"
                reports = [run_lighthouse(server.url.rstrip("/") + path,
                                          RESULTS.parent / f"lighthouse-{slug}-{number}.json")
                           for number in range(1, LIGHTHOUSE_RUNS + 1)]
                lighthouse[path] = median_report(reports)
        finally:
            server.stop()
        progress("Timing data file saved -> rebuilt page under mkdocs serve ...")
        rebuild = time_rebuilds(workdir, site_dir, pages)

    page_summaries = {path: summarise_page(path, runs[path], charts[path]) for path in pages}
    chart_summaries = [page for page in page_summaries.values() if page["charts"]]
    chart_page_medians = {
        "bytes_ours": median([page["ours"]["bytes"] for page in chart_summaries]),
        "bytes_usual": median([page["usual"]["bytes"] for page in chart_summaries]),
        "bytes_ratio": median([page["bytes_ratio"] for page in chart_summaries]),
        "drawn_ours": median_or_never([page["ours"]["drawn_ms"] for page in chart_summaries]),
        "drawn_usual": median_or_never([page["usual"]["drawn_ms"] for page in chart_summaries]),
        "drawn_ratio": median_or_never([page["drawn_ratio"] for page in chart_summaries]),
        "cls_ours": median([page["ours"]["cls"] for page in chart_summaries]),
        "cls_usual": median([page["usual"]["cls"] for page in chart_summaries]),
    }
    results: dict[str, Any] = {
        "settings": {"runs": RUNS, "viewport": VIEWPORT, "scroll_every_ms": SCROLL_EVERY_MS, "gzip_level": GZIP_LEVEL,
                     "chromium": CHROMIUM, "chromium_args": CHROMIUM_ARGS, "full_plotly_js": str(FULL_PLOTLY),
                     "plotly_py": plotly.__version__, "targets": TARGETS},
        "pages": page_summaries, "chart_page_medians": chart_page_medians, "lighthouse": lighthouse,
        "build_seconds": build_seconds, "rebuild": rebuild, "runs": runs,
    }
    results["targets"] = evaluate_targets(page_summaries, lighthouse, statistics.median(build_seconds),
                                          statistics.median(rebuild["seconds"]))
    results["bench_seconds"] = time.perf_counter() - started
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report(results))
    print(f"\nRaw results: {RESULTS.relative_to(ROOT)} (bench took {results['bench_seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
