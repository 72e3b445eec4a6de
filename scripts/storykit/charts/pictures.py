"""Pictures of the charts, made at build time by Plotly's own exporter (kaleido) in a headless Chromium.

Each chart's figure is exported to SVG once per screen, by the same plotly.js bundle the page
loads, so the picture a reader sees first and the live chart that replaces it are drawn by the same
code from the same figure. Colours that follow the reader's scheme are placeholders in the figure:
the page's copy of a picture reads them from Material's CSS variables (so the palette toggle changes
it at once), and the files to download get fixed light and dark values.

Exports are kept under `.cache/pictures` as the exporter made them, named by a hash of the figure,
the exporter's version and the bundle, so a rebuild exports only the figures that changed, and the
browser is started only then. Plotly gives each export random ids (clip paths, patterns); they are
replaced by the chart's own, so that two builds are byte-identical and two pictures on one page
never share an id.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import subprocess
import threading
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from xml.sax.saxutils import escape

from markupsafe import Markup

from ..core.errors import StoryError
from .look import SCHEME_ROLES, wrap

EXPORT_TIMEOUT = 60  # seconds for one figure
# Seconds for each try at starting the browser (once a build): slow on a busy machine, and now and then a start
# never answers at all (seen once in a suite of several hundred builds), which a second try gets past.
START_TRIES = (45, 90)
ID_REFERENCE = re.compile(r'(id="|url\([\'"]?#|href="#)([^"\')]*)')
PLACEHOLDER = re.compile(r"rgb\(1, 2, (1[0-4])\)")
PAINT = re.compile(r"(fill|stroke): rgb\(1, 2, (1[0-4])\); (fill|stroke)-opacity: ([\d.]+)")


def installed_fonts() -> str:
    """A digest of the fonts the browser can find: exported text is laid out with them (a CJK font
    installed or removed moves every Chinese label), so they belong in the cache's key."""
    try:
        listed = subprocess.run(["fc-list", "--format", "%{file}\\n"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return "fonts unknown"
    files = sorted(set(listed.split("\n")) - {""})
    sizes = [f"{name} {os.stat(name).st_size}" for name in files if os.path.exists(name)]
    return "fonts " + hashlib.sha256("\n".join(sizes).encode()).hexdigest()[:16]


def exporter_version() -> str:
    """What draws a picture besides the figure and the bundle: the exporter, the browser it drives and
    the fonts the browser finds.

    The browser is known by its file (a package upgrade replaces it), not by starting it: a warm
    build starts no browser at all.
    """
    try:
        from choreographer.browsers.chromium import Chromium

        browser = Chromium.find_browser(skip_local=False)
        found = os.stat(browser) if browser else None
    except (ImportError, OSError, RuntimeError):
        browser, found = None, None
    identity = f"{browser} {found.st_size} {int(found.st_mtime)}" if found else "no browser"
    return f"kaleido {metadata.version('kaleido')}, plotly {metadata.version('plotly')}, {identity}, {installed_fonts()}"


class PictureProblem(Exception):
    """An export that failed: the message says why, for an author."""


class Exporter:
    """One headless browser with kaleido, driven from a thread of its own; started on first use.

    Under `mkdocs serve` one exporter lives from build to build, so saving a data file that
    changes a chart costs a fraction of a second rather than a browser's start.
    """

    def __init__(self, bundle: Path) -> None:
        self.bundle = bundle.resolve()  # the exporter's page is elsewhere: a relative path would not load
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._started_with: str | None = None  # the digest of the bundle the browser loaded
        self._lock = threading.Lock()

    def svg(self, figure: dict[str, Any], bundle_digest: str = "", bundle: Path | None = None) -> str:
        """The figure's SVG, drawn by `bundle` (the exporter's own if not given), whose content has `bundle_digest`."""
        if self._kaleido is not None and bundle_digest != self._started_with:
            self.close()  # the bundle was rebuilt since the browser loaded it (under `mkdocs serve`)
        if bundle is not None:
            self.bundle = bundle.resolve()
        with self._lock:
            if self._kaleido is None:
                self._start()
                self._started_with = bundle_digest
            loop, kaleido = self._loop, self._kaleido
            if loop is None or kaleido is None:
                raise PictureProblem("the browser is not running")
            layout = figure.get("layout", {})
            job = kaleido.calc_fig(figure, opts=dict(format="svg", width=layout.get("width"),
                                                      height=layout.get("height"), scale=1))
            try:
                data = asyncio.run_coroutine_threadsafe(job, loop).result(timeout=EXPORT_TIMEOUT + 5)
            except Exception as error:  # kaleido's own errors, a browser that died, a timeout
                raise PictureProblem(f"{type(error).__name__}: {error}".strip().rstrip(":")) from None
        return data.decode("utf-8") if isinstance(data, bytes) else str(data)

    def close(self) -> None:
        with self._lock:
            if self._kaleido is not None and self._loop is not None:
                try:
                    asyncio.run_coroutine_threadsafe(self._kaleido.close(), self._loop).result(timeout=30)
                except Exception:  # noqa: BLE001 - closing a browser that is already gone
                    pass
            if self._loop is not None:
                self._loop.call_soon_threadsafe(self._loop.stop)
            self._kaleido = self._loop = None

    def _start(self) -> None:
        failures = []
        for timeout in START_TRIES:
            try:
                self._loop, self._kaleido = self._started(timeout)
                return
            except TimeoutError as error:
                failures.append(str(error))
        raise PictureProblem("the browser did not start (" + "; ".join(failures) + ")")

    def _started(self, timeout: float) -> tuple[asyncio.AbstractEventLoop, Any]:
        """A browser with kaleido, on an event loop of its own; TimeoutError if it does not answer in time."""
        import kaleido
        from choreographer.errors import ChromeNotFoundError

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="storykit-pictures", daemon=True).start()
        try:
            # mathjax=False: the page would otherwise ask a CDN for it. The site's own bundle draws.
            made = kaleido.Kaleido(plotlyjs=str(self.bundle), mathjax=False, timeout=EXPORT_TIMEOUT)
        except ChromeNotFoundError:
            loop.call_soon_threadsafe(loop.stop)
            where = os.environ.get("BROWSER_PATH")
            raise PictureProblem(
                f"no browser at BROWSER_PATH={where}" if where else "no Chrome or Chromium found") from None
        opening = asyncio.run_coroutine_threadsafe(made.open(), loop)
        try:
            opening.result(timeout=timeout)
        except Exception as error:  # noqa: BLE001 - the browser would not start
            opening.cancel()
            try:
                asyncio.run_coroutine_threadsafe(made.close(), loop).result(timeout=10)
            except Exception:  # noqa: BLE001 - a browser half started, or not at all
                pass
            loop.call_soon_threadsafe(loop.stop)
            if isinstance(error, TimeoutError):  # the future's own, and asyncio's, since Python 3.11
                raise TimeoutError(f"no answer in {timeout} s") from None
            raise PictureProblem(f"the browser did not start ({type(error).__name__}: {error})") from None
        return loop, made


@dataclass(frozen=True)
class Job:
    """One picture to make: a chart's figure for one screen, and how to report a failure."""

    chart_id: str
    screen: str
    figure: dict[str, Any]
    problem: Callable[[str], StoryError]


class PictureMaker:
    """Exports figures to SVG, through the disk cache first; the exporter is made only on a miss."""

    def __init__(self, cache_dir: Path, bundle: Path, exporter: Exporter | None = None) -> None:
        self.cache_dir = cache_dir
        self.bundle = bundle
        self.exporter = exporter
        self.bundle_digest = hashlib.sha256(bundle.read_bytes()).hexdigest() if bundle.is_file() else "none"
        self.version = exporter_version()

    def make(self, jobs: list[Job]) -> dict[tuple[str, str], str]:
        """(chart id, screen) -> the picture's SVG with its ids made the chart's own."""
        pictures = {}
        for job in jobs:
            try:
                svg = self._cached(job)
                check_export(svg)
                pictures[(job.chart_id, job.screen)] = own_ids(svg, f"{job.chart_id}-{job.screen}")
            except PictureProblem as problem:
                raise job.problem(f"the {job.screen} picture of the chart is not one Plotly made ({problem}); "
                                  "expected an SVG export (delete the cache folder to export it again)") from None
        return pictures

    def close(self) -> None:
        if self.exporter is not None:
            self.exporter.close()

    def _cached(self, job: Job) -> str:
        key = hashlib.sha256("\n".join([
            json.dumps(job.figure, sort_keys=True, separators=(",", ":")), self.version, self.bundle_digest,
        ]).encode()).hexdigest()
        path = self.cache_dir / f"{key}.svg"
        if path.is_file():
            return path.read_text(encoding="utf-8")
        if self.exporter is None:
            self.exporter = Exporter(self.bundle)
        try:
            svg = self.exporter.svg(job.figure, self.bundle_digest, self.bundle)
            check_export(svg)
        except PictureProblem as problem:
            raise job.problem(f"Plotly could not make the {job.screen} picture of the chart ({problem}); expected "
                              "a figure plotly.js can draw, and Chromium to export it (`make setup` installs "
                              "Debian's chromium; elsewhere set BROWSER_PATH to a Chrome or Chromium)") from None
        partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            partial.write_text(svg, encoding="utf-8")
            os.replace(partial, path)  # atomic: builds running side by side never read half a file
        except OSError:
            partial.unlink(missing_ok=True)  # a cache that cannot be written (a read-only checkout) only costs time
        return svg


def check_export(svg: str) -> None:
    """An export as Plotly makes it: an <svg> root with its size in a viewBox, and Plotly's <defs>."""
    if not re.match(r'<svg[^>]*viewBox="0 0 [\d.]+ [\d.]+"', svg) or 'id="defs-' not in svg:
        raise PictureProblem("it does not start with Plotly's <svg> and its viewBox")


def own_ids(svg: str, name: str) -> str:
    """The export with Plotly's random id replaced by `name` in every id and every reference to one."""
    found = re.search(r'id="defs-([0-9a-z]+)"', svg)
    if not found:
        raise PictureProblem("it has no <defs> of Plotly's")
    uid = found.group(1)
    return ID_REFERENCE.sub(lambda match: match.group(1) + match.group(2).replace(uid, name), svg)


# The page's copy, and the files to download


EMPTY_GROUP = re.compile(r'<g(?: (?!id=)[a-z-]+="[^"]*")*\s*(?:/>|></g>)')


def slim(svg: str) -> str:
    """The export without the empty groups plotly.js leaves for layers a chart does not use (a third of
    its elements: fewer for the browser to style and lay out). A group with an id is kept."""
    while True:
        slimmer = EMPTY_GROUP.sub("", svg)
        if slimmer == svg:
            return svg
        svg = slimmer


def page_svg(svg: str, screen: str, label: str) -> Markup:
    """The picture as the page inlines it: sized by its box, coloured by Material's variables.
    `label` names it for assistive technology (the language's words for "the chart as a picture")."""
    def paint(match: re.Match[str]) -> str:
        role = _role(match.group(1))
        _, variable, light, _ = SCHEME_ROLES[role]
        return f"var({variable}, {light})"  # the light value stands in where Material's CSS is absent

    root = re.match(r"<svg[^>]*>", svg)
    if root is None:
        raise PictureProblem("the export does not start with <svg>")
    view_box = re.search(r'viewBox="([^"]+)"', root.group(0))
    # One picture, named as such, for assistive technology (the chart's description and data table say
    # what it shows); not aria-hidden, which reader modes take for "not shown" and leave out. The phone's
    # sits in a `hidden` box, which the page's CSS shows in a narrow column: reader modes (Readability)
    # leave hidden elements out, so they show the wide picture alone. HTML allows `hidden` on the box, not
    # on the <svg>; the box is an element of no meaning (a custom one), because Readability turns a chart
    # holding a <span> or a <div> into paragraphs that lose the picture.
    opening = ('<svg class="sk-chart__picture sk-chart__picture--{screen}" xmlns="http://www.w3.org/2000/svg" '
               'xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="{box}" role="img" aria-label="{label}" '
               'focusable="false">')
    body = PLACEHOLDER.sub(lambda m: paint(m), slim(svg[root.end():]))
    picture = opening.format(screen=screen, box=view_box.group(1) if view_box else "", label=escape(label)) + body
    if screen == "phone":
        picture = f'<sk-phone class="sk-chart__phone" hidden>{picture}</sk-phone>'
    return Markup(picture)


def standalone_svg(svg: str, scheme: str, title: str, source: str, font_family: str) -> str:
    """A file to download: the picture in the light or dark scheme, with the chart's title above it and
    its sources below, as a figure needs when it travels without the page."""
    index = 2 if scheme == "light" else 3

    def paint(match: re.Match[str]) -> str:
        red, green, blue, alpha = _rgba(SCHEME_ROLES[_role(match.group(2))][index])
        opacity = float(match.group(4)) * alpha
        return f"{match.group(1)}: rgb({red}, {green}, {blue}); {match.group(3)}-opacity: {opacity:g}"

    box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if box is None:
        raise PictureProblem("the picture has no viewBox")
    width, height = (float(value) for value in box.groups())
    chart = PAINT.sub(paint, slim(svg))
    chart = PLACEHOLDER.sub(lambda m: _css(SCHEME_ROLES[_role(m.group(1))][index]), chart)
    chart = re.sub(r"^<svg ", '<svg x="0" y="{top}" ', chart, count=1)
    # Grid and zero lines crisp, as plotly.js's stylesheet draws them live (an attribute: a host's
    # Content-Security-Policy may refuse a <style> element in the file).
    chart = re.sub(r'(class="[^"]*\bcrisp\b[^"]*")', r'\1 shape-rendering="crispEdges"', chart)
    per_line = max(int(width / 9.5), 20)  # about how many characters of 17 px bold text fit a line
    title_lines = wrap(title, per_line).split("<br>")
    source_lines = wrap(source, int(width / 6)).split("<br>")
    top = 16 + 22 * len(title_lines)
    total = top + height + 8 + 15 * len(source_lines)
    text, muted, background = (_css(SCHEME_ROLES[role][index]) for role in ("text", "muted", "background"))
    family = f'font-family="{escape(font_family, {chr(34): "&quot;"})}"'
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'width="{width:g}" height="{total:g}" viewBox="0 0 {width:g} {total:g}">',
             f"<title>{escape(title)}</title>",
             f'<rect width="100%" height="100%" fill="{background}"/>']
    for number, line in enumerate(title_lines):
        parts.append(f'<text x="8" y="{26 + 22 * number}" {family} font-size="17" font-weight="bold" '
                     f'fill="{text}">{escape(line)}</text>')
    parts.append(chart.replace("{top}", f"{top:g}", 1))
    for number, line in enumerate(source_lines):
        parts.append(f'<text x="8" y="{top + height + 16 + 15 * number:g}" {family} font-size="11" '
                     f'fill="{muted}">{escape(line)}</text>')
    return "".join(parts) + "</svg>\n"


def _role(blue: str) -> str:
    placeholder = f"#01020{int(blue):x}"
    return next(role for role, values in SCHEME_ROLES.items() if values[0] == placeholder)


def _rgba(colour: str) -> tuple[int, int, int, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", colour)]
    red, green, blue = (int(n) for n in numbers[:3])
    return red, green, blue, numbers[3] if len(numbers) > 3 else 1.0


def _css(colour: str) -> str:
    red, green, blue, alpha = _rgba(colour)
    return f"rgb({red}, {green}, {blue})" if alpha == 1 else f"rgba({red}, {green}, {blue}, {alpha:g})"
