"""What both suites share: a story's project read as the plugin reads it, building and serving a site, a real
Chromium's habits, and how an error message must read.

tests/storykit/ (the generator's tests) runs against a story folder given with `--story` (tests/stories/ferry by
default); tests/story/ (this site's content checks) against this project (`ROOT`). Both take a story's settings,
editions, data and words from the machinery's own readers, never from a copy made by hand.
"""

from __future__ import annotations

import calendar
import functools
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from workspace import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project  # scripts/ is the import root (pytest.ini)

STORIES = ROOT / "tests" / "stories"  # small stories the generator's tests run against
FERRY = STORIES / "ferry"  # the default one: English and German, every kind of record
SOURCES = ROOT.parent / "shared" / "sources"  # what this site's data is checked against
MACHINERY = ROOT / "scripts" / "storykit"
SITE_URL = "http://127.0.0.1:8000/"


# A story's project


@dataclass(frozen=True)
class StoryProject:
    """A story's folder (the one holding its mkdocs.yml), read as the plugin and `storykit build` read it."""

    root: Path

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @cached_property
    def config(self) -> dict:
        """mkdocs.yml as written (its !ENV and other tags left out): for what the plugin does not read, the theme."""
        import yaml

        loader = type("Loader", (yaml.SafeLoader,), {})
        loader.add_multi_constructor("!", lambda load, suffix, node: None)
        return yaml.load(self.config_file.read_text(encoding="utf-8"), Loader=loader)

    @property
    def has_palette_toggle(self) -> bool:
        """Whether Material offers readers a light and a dark scheme to switch between."""
        palette = (self.config.get("theme") or {}).get("palette") or []
        return isinstance(palette, list) and any("toggle" in entry for entry in palette)

    @cached_property
    def editions(self) -> tuple:
        from storykit.adapter.project import read_editions

        return read_editions(self.config_file)

    @cached_property
    def settings(self):
        """The first edition's settings."""
        from storykit.adapter.project import load_settings

        return load_settings(self.config_file)

    def settings_of(self, language: str):
        """The settings of the edition in `language`, read from its own configuration."""
        from storykit.adapter.project import load_settings

        edition = next(edition for edition in self.editions if edition.language == language)
        return load_settings(edition.config_file)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(edition.language for edition in self.editions)

    @cached_property
    def story(self):
        """The story's data, loaded as a build loads it."""
        from storykit.data.load import load_story

        settings = self.settings
        return load_story(settings.data, settings.project_root, settings.languages, skip=settings.words)

    def language(self, tag: str = ""):
        """An edition's language (the first's by default): the machinery's catalogue with the story's own words."""
        from storykit.site.record import language_of

        return language_of(replace(self.settings, language=tag or self.languages[0]))

    @cached_property
    def charts(self) -> dict:
        """The charts the story's chart module registers, by id."""
        from storykit.charts.build import load_charts

        settings = self.settings
        return load_charts(settings.charts, settings.as_written) if settings.charts else {}

    def pages(self, language: str = "") -> list[str]:
        """The pages of an edition (the first's by default), as folders of the site: "" for the home page,
        "sources/" for sources.md; with the edition's own folder in front ("de/sources/")."""
        edition = next(edition for edition in self.editions if edition.language == (language or self.languages[0]))
        names = sorted(path.stem for path in edition.docs_dir.glob("*.md"))
        return [edition.path + ("" if name == "index" else f"{name}/") for name in names]

    def every_page(self) -> list[str]:
        return [page for edition in self.editions for page in self.pages(edition.language)]

    def page_file(self, page: str) -> Path:
        """The Markdown file of a page of the site ("de/sources/" -> docs/de/sources.md)."""
        edition = max((edition for edition in self.editions if page.startswith(edition.path)),
                      key=lambda edition: len(edition.path))
        name = page[len(edition.path):].strip("/") or "index"
        return edition.docs_dir / f"{name}.md"

    def page_of(self, setting: str) -> str:
        """The first edition's page that a setting names (facts_page, changes_page), as a folder of the site."""
        name = Path(getattr(self.settings, setting)).with_suffix("").as_posix()
        return "" if name == "index" else f"{name}/"

    def copy(self, destination: Path) -> "StoryProject":
        """A copy to edit or break freely (this project's, or any story's: see copy_story)."""
        return StoryProject(copy_project(destination) if self.root == ROOT else copy_story(self.root, destination))


SITE = StoryProject(ROOT)  # this project, as a story (tests/story/)


def copy_story(story: Path, destination: Path) -> Path:
    """A copy of a story's folder, without its built site. Paths its configuration gives outside its folder
    (the ferry's plotly.js bundle, ../../../.cache/...) are made absolute, and its cache of pictures and cards is
    shared, as copy_project shares this project's."""
    shutil.copytree(story, destination, ignore=shutil.ignore_patterns("site", ".cache", "__pycache__", ".site-*"))
    for config in destination.glob("mkdocs*.yml"):
        text = config.read_text(encoding="utf-8")
        config.write_text(re.sub(r"(?<=: )(\.\./\S+)", lambda found: str((story / found.group(1)).resolve()), text),
                          encoding="utf-8")
    (story / ".cache").mkdir(exist_ok=True)
    (destination / ".cache").symlink_to(story / ".cache")
    return destination


def needs(condition: object, reason: str) -> None:
    """Skip a test of the generator whose story lacks what it checks (one edition, no daily series...)."""
    if not condition:
        pytest.skip(f"the story has {reason}")


def editions(project: Path = ROOT):
    """A story's editions, as the plugin and `storykit build` read them."""
    from storykit.adapter.project import read_editions

    return read_editions(project / "mkdocs.yml")


def story_settings(project: Path, **changed):
    """The settings of the first edition of a story, as the plugin reads them from its mkdocs.yml."""
    from storykit.adapter.project import load_settings

    return replace(load_settings(project / "mkdocs.yml"), **changed)


def story_pages(project: Path) -> list:
    """The first edition's pages of a story, as the plugin hands them to the machinery."""
    from mkdocs.structure.files import File, Files
    from storykit.adapter.project import page_sources

    docs = story_settings(project).docs_dir
    return page_sources(Files([File(path.name, str(docs), "site", True) for path in sorted(docs.glob("*.md"))]))


def set_fact_value(path: Path, fact_id: str, value: str) -> int:
    """Write another value into one fact of a data file; returns the line of that value."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^  - id: {fact_id}\n(?:    .*\n)*?    value: (.*)$", text, re.M)
    assert found, f"no value for {fact_id} in {path}"
    path.write_text(text[: found.start(1)] + value + text[found.end(1):], encoding="utf-8")
    return text[: found.start(1)].count("\n") + 1


def home_fact(project: StoryProject) -> str:
    """A reported fact with a number for its value that the home page names as it is (no option): one for tests to
    change or break."""
    from storykit.core.markers import find_markers

    named = [marker.target for marker in find_markers(project.page_file("").read_text(encoding="utf-8"))
             if marker.name == "fact" and not marker.args]
    return next(name for name in named if project.story.facts[name].fact.kind != "derived"
                and isinstance(project.story.facts[name].value, (int, float)))


def fact_file(project: StoryProject, fact_id: str) -> Path:
    """The data file that holds a fact."""
    return project.root / project.story.facts[fact_id].origin.file


# Data files, as an author's editor checks them

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


def as_an_editor_reads_it(value):
    """YAML as the YAML language server reads it (YAML 1.2: a date is text)."""
    import datetime as dt

    if isinstance(value, dict):
        return {str(key): as_an_editor_reads_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads_it(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def check_against_its_schema(path: Path) -> None:
    """A data file (or a catalogue of words) names its JSON Schema on its first line, and passes it."""
    import json

    import jsonschema
    import yaml

    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    found = MODELINE.match(first)
    assert found, f"{path} does not name its schema on its first line"
    if found.group("path").startswith("file:"):
        from urllib.parse import unquote, urlsplit

        schema_path = Path(unquote(urlsplit(found.group("path")).path))
    else:
        schema_path = (path.parent / found.group("path")).resolve()
    assert schema_path.is_file(), f"{path} names a schema that is not there: {schema_path}"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(as_an_editor_reads_it(yaml.safe_load(path.read_text(encoding="utf-8"))), schema)


# Building and serving


def soup_of(site_dir: Path, path: str) -> BeautifulSoup:
    """A built page (`path` a folder of the site, "" for the home page), parsed."""
    return BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mkdocs_build(project: Path, site_dir: Path, site_url: str, extra_env: dict[str, str] | None = None,
                 config: str = "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    """One edition of a story, built by MkDocs into the site at `site_dir` (an edition after the first goes into
    its folder there); a copy of this project with the copy's own machinery."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts"),
           **(extra_env or {})}
    # Not --quiet: MkDocs 1.6 then drops warnings before --strict counts them (mkdocs#4126).
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config,
                           "--site-dir", str(site_dir)], cwd=project, env=env, capture_output=True, text=True,
                          timeout=180)


def build_every_edition(project: Path, site_dir: Path, site_url: str,
                        extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Every edition into one site, the first first; the first failure's result, else the last one's."""
    for edition in editions(project):
        result = mkdocs_build(project, site_dir, site_url, extra_env, config=edition.config_file.name)
        if result.returncode != 0:
            break
    return result


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    # Headers to send with a path: (name, value) pairs, a name possibly twice (two policies).
    header_source: Callable[[str], list[tuple[str, str]]] = staticmethod(lambda path: [])

    def end_headers(self) -> None:
        for name, value in self.header_source(urlsplit(self.path).path):
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


class StaticServer:
    """Serves a folder on loopback in a thread; `url` ends with a slash. `headers` go with every
    response; `rules`, as hosts read a `_headers` file, go with the paths they match."""

    def __init__(self, directory: Path, port: int, headers: dict[str, str] | None = None,
                 rules: list[tuple[str, dict[str, str]]] | None = None) -> None:
        from storykit.site.headers import headers_for

        def source(path: str) -> list[tuple[str, str]]:
            return list((headers or {}).items()) + (headers_for(rules, path) if rules else [])
        handler = type("Handler", (QuietHandler,), {"header_source": staticmethod(source)})
        self.httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(directory)))
        self.url = f"http://127.0.0.1:{port}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def served_site(project: Path, tmp_path_factory) -> tuple[Path, StaticServer]:
    """Every edition of a story, built with --strict for a server on a free port (so instant navigation works),
    and that server."""
    port = free_port()
    site_dir = tmp_path_factory.mktemp("site")
    result = build_every_edition(project, site_dir, f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stderr
    return site_dir, StaticServer(site_dir, port)


# In a browser


# Material's bundle and the site's scripts load after the page (scriptload.py); a page without the loader
# (a chart's page of its own) has them already.
SCRIPTS_READY = "() => window.__skReady === true || !window.__skScripts"


def ready(page) -> None:
    """Wait, as a reader would, until the page's scripts (loaded after the page) have started."""
    page.wait_for_function(SCRIPTS_READY, timeout=15_000)


ALL_CHARTS_LIVE = ("() => { const plots = [...document.querySelectorAll('.sk-chart__plot')];"
                   " return plots.length > 0 && plots.every(p => p.dataset.skState === 'live'"
                   " && p.querySelector('.sk-chart__live .main-svg')); }")


def scroll_through(page) -> None:
    """Read the page as a reader would: a screen at a time, to the bottom."""
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"]
    for top in range(0, height + step, step):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(50)


def bring_charts_to_life(page) -> None:
    """Focus every chart, as a keyboard reader would, and wait until each is the live chart."""
    for plot in page.locator(".sk-chart__plot").all():
        plot.focus()
    page.wait_for_function(ALL_CHARTS_LIVE, timeout=15_000)


class PageWatch:
    """What a page did that a reader would not want: script errors and requests to other hosts."""

    def __init__(self, page, allowed_origin: str) -> None:
        self.errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.requests: list[str] = []
        origin = urlsplit(allowed_origin)
        page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

        def on_request(request) -> None:
            self.requests.append(request.url)
            parts = urlsplit(request.url)
            if parts.scheme in ("data", "blob", "about"):
                return
            if (parts.hostname, parts.port) != (origin.hostname, origin.port):
                self.foreign_requests.append(request.url)
        page.on("request", on_request)


# The search index and its worker (Material's), fetched only when the reader goes to the search.
SEARCH_FILES = ("search/search_index.json", "/workers/search.")


def no_cache(route) -> None:
    response = route.fetch()
    route.fulfill(response=response, headers={**response.headers, "cache-control": "no-cache"})


class Reader:
    """A reader in a fresh browser context, with every request the page makes noted."""

    def __init__(self, browser, site_url: str, **options) -> None:
        self.context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
        self.context.route(site_url + "**", no_cache)
        self.page = self.context.new_page()
        self.requests: list[tuple[str, str]] = []  # (URL, resource type)
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append((request.url, request.resource_type)))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def arrive(self, url: str) -> None:
        self.page.goto(url)
        ready(self.page)
        self.page.evaluate("window.__sameDocument = true")

    def read(self) -> None:
        """Read the open page to its end, its charts (if any) turned live."""
        scroll_through(self.page)
        if self.page.locator(".sk-chart").count():
            bring_charts_to_life(self.page)

    def follow(self, url: str) -> None:
        """Follow the navigation's link to `url`, as a reader clicks it (instant navigation)."""
        self.page.evaluate("""url => [...document.querySelectorAll('.md-nav--primary a.md-nav__link')]
            .find(a => a.href === url).dataset.follow = ''""", url)
        self.page.locator(".md-nav--primary a.md-nav__link[data-follow]").first.click()
        self.page.wait_for_url(url)
        self.page.wait_for_function("(url) => document.querySelector('link[rel=canonical]').href === url", arg=url)
        assert self.page.evaluate("window.__sameDocument === true"), "instant navigation"

    def repeats(self) -> dict[str, int]:
        """URLs the page asked for more than once. Not the page's icon: Chromium asks for it again after every
        navigation, instant or not (the browser's doing, which a host's caching answers)."""
        icon = self.page.evaluate("document.querySelector('link[rel~=icon]').href")
        counts = Counter(url for url, _ in self.requests if not url.startswith("data:"))
        return {url: count for url, count in counts.items() if count > 1 and url != icon}

    def fetched(self, part: str) -> int:
        return sum(part in url for url, _ in self.requests)

    def close(self) -> None:
        self.context.unroute_all(behavior="ignoreErrors")  # requests still under way when the test ends
        self.context.close()
        assert not self.errors, self.errors


def fetched_again(visit: Reader, first: str, others: list[str]) -> list[str]:
    """Arrive on the page `first` (an address), read it with its charts live, then follow the navigation to each of
    `others` and read it the same way: what was fetched more than once, or fetched at all when not needed."""
    visit.arrive(first)
    visit.read()
    for url in others:
        visit.follow(url)
        visit.read()
    problems = [f"{url} fetched {count} times" for url, count in visit.repeats().items()]
    documents = [url for url, kind in visit.requests if kind == "document"]
    if documents != [first]:
        problems.append(f"page loads {documents}: not one, then instant navigation")
    problems += [f"{part} fetched {visit.fetched(part)} times" for part in ("plotly", "/assets/stylesheets/main.")
                 if visit.fetched(part) != 1]
    problems += [f"{part} fetched by a reader who does not search" for part in SEARCH_FILES if visit.fetched(part)]
    return problems


def type_as_a_reader(page, query: str) -> None:
    """Latin letters key by key; Chinese as an input method commits it: the text at once, then the key that
    committed it coming up (Material searches on a key's release)."""
    if query.isascii():
        page.keyboard.type(query)
    else:
        page.keyboard.insert_text(query)
        page.keyboard.up("Space")


def search_from(visit: Reader, url: str, query: str, width: int) -> list[str]:
    """Arrive on `url`, go to the search as a reader on a phone (`width` < 500) or a desktop does, type `query` at
    once (before the index is there) and return the addresses the results link to, without their anchors."""
    visit.arrive(url)
    assert not any(visit.fetched(part) for part in SEARCH_FILES), "the index waits until the reader goes to the search"
    if width < 500:
        visit.page.locator("label.md-header__button[for='__search']").tap()
    else:
        visit.page.locator("input.md-search__input").click()
    type_as_a_reader(visit.page, query)
    visit.page.wait_for_selector(".md-search-result__item", timeout=15_000)
    links = visit.page.evaluate("[...document.querySelectorAll('.md-search-result__link')].map(a => a.href)")
    assert all(visit.fetched(part) == 1 for part in SEARCH_FILES)
    assert visit.repeats() == {}
    return [link.split("?")[0].split("#")[0] for link in links]


def axe_violations(page) -> list:
    """What axe-core finds on an open page, every block laid out: where it has charts, as pictures and then as
    live charts. Each as (state, rule, the elements)."""
    from axe_playwright_python.sync_playwright import Axe

    # Blocks laid out only near the screen would escape the colour checks: lay them all out.
    page.add_style_tag(content=".sk-deferred { content-visibility: visible !important; }")
    charts = page.locator(".sk-chart").count()
    found = []
    for state in ("pictures", "live charts") if charts else ("page",):
        if state == "live charts":
            scroll_through(page)
            bring_charts_to_life(page)
        found += [(state, v["id"], [n["target"] for n in v["nodes"]]) for v in Axe().run(page).response["violations"]]
    return found


def phone_problems(page) -> list[str]:
    """An open page at a phone's width, read to the bottom with its charts live: what scrolls sideways, and chart
    text below 11 px (the phone's own layout, in its text sizes)."""
    scroll_through(page)
    charts = page.locator(".sk-chart").count()
    if charts:
        bring_charts_to_life(page)
    width = page.viewport_size["width"]
    problems = []
    if page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append("the page scrolls sideways")
    if not charts:
        return problems
    screens = set(page.evaluate("[...document.querySelectorAll('.sk-chart__plot')].map(p => p.dataset.skScreen)"))
    if not screens <= {"phone"}:
        problems.append(f"layouts {screens}, not the phone's")
    sizes = page.evaluate("""[...document.querySelectorAll('.sk-chart__picture--phone text, .sk-chart__live text')]
        .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize)
        * t.getScreenCTM().a)""")  # the picture scales with the column; its text with it
    if not sizes or min(sizes) < 11:
        problems.append(f"chart text of {min(sizes, default=0):.1f} px")
    return problems


# Every frame from the first on: whether the page is wider than the window or scrolled sideways, and by what.
WATCH_SIDEWAYS = """window.__sideways = []; (function watch() { const root = document.documentElement;
    if (root && document.body) { const over = root.scrollWidth - root.clientWidth;
    if (over > 0 || scrollX !== 0) window.__sideways.push([Math.round(performance.now()), over, scrollX,
    window.__skReady === true, [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >
    root.clientWidth + 0.5).slice(0, 3).map(e => e.tagName + '.' + e.getAttribute('class'))]); }
    requestAnimationFrame(watch); })();"""


def sideways_during_loads(browser, url: str, loads: int = 4) -> list:
    """Every frame of `loads` cold loads of a page at 768 px with script, from the first paint through the
    scripts' arrival, a reader scrolling to the end and every chart turning live: each moment the page was wider
    than the window or scrolled sideways (when, by how much, whether the scripts were ready, what stuck out)."""
    found = []
    for load in range(loads):
        context = browser.new_context(viewport={"width": 768, "height": 800})
        context.add_init_script(WATCH_SIDEWAYS)
        try:
            page = context.new_page()
            page.goto(url)
            page.wait_for_function("() => window.__skReady === true")
            scroll_through(page)
            bring_charts_to_life(page)
            page.wait_for_timeout(300)
            found += [(load, *moment) for moment in page.evaluate("window.__sideways")]
        finally:
            context.close()
    return found


def chart_text_problems(page) -> dict[str, dict]:
    """On an open page, the charts whose text overlaps other text or is cut off: in the picture a reader sees
    first, then in the live chart that replaces it. By state, then chart; each state's charts must show text."""
    found_in = {}
    for state in ("picture", "live"):
        if state == "live":
            bring_charts_to_life(page)
        found = page.evaluate(TEXT_PROBLEMS)
        assert found and all(chart["texts"] >= 2 for chart in found.values()), found  # the texts were found
        found_in[state] = {chart: result["problems"] for chart, result in found.items() if result["problems"]}
    return {state: charts for state, charts in found_in.items() if charts}


def too_wide(browser, site_url: str, paths: list[str], width: int, script: bool) -> list[str]:
    """The pages that scroll sideways at `width`, with or without script, and the elements that stick out."""
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=script)
    try:
        page = context.new_page()
        wide = []
        for path in paths:
            page.goto(site_url + path)
            if script:
                page.wait_for_function(SCRIPTS_READY)
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 0:
                wide.append(f"{path or 'home'}: {overflow} px, " + page.evaluate(
                    """w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > w + 0.5)
                    .slice(0, 2).map(e => e.tagName + '.' + e.getAttribute('class')).join(' ')""", width))
        return wide
    finally:
        context.close()


VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Material's own markup, not ours: <input class="md-toggle" ... type="checkbox" autocomplete="off">.
MATERIALS = ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle"')


def html_errors(paths: list[Path]) -> list[str]:
    """The Nu Html Checker's errors in these files, but Material's own: `file:line: message`."""
    import json

    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [f"{m['url'].rsplit('/site', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages
            if not (m["message"].startswith(MATERIALS[0]) and MATERIALS[1] in m.get("extract", ""))]


# Every text a reader can see in each chart, as boxes on the screen; then every pair that overlaps
# (by more than a pixel each way) and every box that crosses the chart's edge.
TEXT_PROBLEMS = """() => {
  const found = {};
  for (const plot of document.querySelectorAll('.sk-chart__plot')) {
    const edge = plot.getBoundingClientRect();
    const boxes = [];
    for (const text of plot.querySelectorAll('svg text')) {
      if (!text.textContent.trim()) continue;
      let shown = true;
      for (let node = text; node && node !== plot; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) shown = false;
      }
      const box = text.getBoundingClientRect();
      if (shown && box.width && box.height) boxes.push({text: text.textContent.trim(), box});
    }
    const problems = [];
    for (const {text, box} of boxes) {
      if (box.left < edge.left - 1 || box.right > edge.right + 1 || box.top < edge.top - 1 || box.bottom > edge.bottom + 1)
        problems.push(`cut off at the edge: "${text}"`);
    }
    boxes.forEach((one, i) => boxes.slice(i + 1).forEach(other => {
      const wide = Math.min(one.box.right, other.box.right) - Math.max(one.box.left, other.box.left);
      const high = Math.min(one.box.bottom, other.box.bottom) - Math.max(one.box.top, other.box.top);
      if (wide > 1 && high > 1) problems.push(`"${one.text}" on "${other.text}"`);
    }));
    found[plot.dataset.skChart] = {texts: boxes.length, problems};
  }
  return found;
}"""


# How a mistake must be reported: `file, line N[, field]: what is wrong; what was expected`, one short line

# Words by which a message says what was expected (or what would have been right).
EXPECTATION = ("expected", "did you mean", "allowed:", "required", "must")
MAX_MESSAGE = 400  # one readable line: no dump of what the author wrote


class MissingExpectation(AssertionError):
    """The message points at the mistake but does not say what was expected."""


class ExtraErrorLines(AssertionError):
    """The message is right, but the build printed other ERROR lines besides it."""


@dataclass(frozen=True)
class Where:
    """Where a message must point, and words it must contain."""

    file: str
    lines: range  # usually one line; a chart function may be reported at any line of its own
    field: str | None = None
    says: tuple[str, ...] = ()


def at(file: str, line: int, field: str | None = None, *says: str) -> Where:
    return Where(file, range(line, line + 1), field, says)


def assert_points_at(message: str, where: Where) -> None:
    """`file, line N[, field]: what is wrong; what was expected` and nothing else."""
    assert "\n" not in message and len(message) <= MAX_MESSAGE, f"not one short line: {message!r}"
    head, separator, said = message.partition(": ")
    assert separator, message
    parts = head.split(", ")
    assert parts[0] == where.file, message
    assert len(parts) > 1 and re.fullmatch(r"line \d+", parts[1]), f"no line in: {message}"
    assert int(parts[1].split()[1]) in where.lines, f"expected line {where.lines.start}: {message}"
    assert parts[2:] == ([where.field] if where.field else []), f"expected field {where.field}: {message}"
    for words in where.says:
        assert words in said, f"{words!r} not in: {message}"
    if not any(cue in said.lower() for cue in EXPECTATION):
        raise MissingExpectation(f"does not say what was expected: {message}")


def assert_failed_with_one_line(result: subprocess.CompletedProcess[str], where: Where) -> None:
    """The build failed, with no traceback, and its one ERROR line points at the mistake."""
    assert result.returncode != 0, "the build succeeded"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
    errors = [re.sub(r"^ERROR\s+-\s+", "", line).strip() for line in result.stderr.splitlines()
              if line.startswith("ERROR")]
    ours = [line for line in errors if line.startswith(f"{where.file}, ")]
    assert len(ours) == 1, f"expected one ERROR line naming {where.file}:\n{result.stderr}"
    assert_points_at(ours[0], where)
    if len(errors) > 1:
        raise ExtraErrorLines(f"expected one ERROR line:\n{result.stderr}")


# English where another language is due


def english_interface_words() -> re.Pattern[str]:
    """Every English word the interface could show where German ones are due: the machinery's catalogue
    (each text that its German one writes otherwise), Material's English interface (each one its German
    partial translates), and the English month and weekday names plotly.js and Python-Markdown would write."""
    import yaml
    from storykit.core.locales import cldr_words, material_templates

    def leaves(node: object, path: str = "") -> dict[str, str]:
        if isinstance(node, dict):
            return {key: text for name, value in node.items() for key, text in leaves(value, f"{path}.{name}").items()}
        if isinstance(node, list):
            return {key: text for index, value in enumerate(node) for key, text in leaves(value, f"{path}.{index}").items()}
        return {path: node} if isinstance(node, str) else {}

    english = leaves(yaml.safe_load((MACHINERY / "words" / "en.yaml").read_text(encoding="utf-8")))
    german = leaves(yaml.safe_load((MACHINERY / "words" / "de.yaml").read_text(encoding="utf-8")))
    phrases = set()
    for key, text in english.items():
        if key.startswith((".licences", ".hedges", ".cldr_locale")) or german.get(key) == text:
            continue
        for piece in re.split(r"\{[^}]*\}", text):
            piece = piece.strip(" .,:;()“”'\"—-")
            if re.search(r"[a-z]{3,}", piece):
                phrases.add(piece)
    material = {}
    for language in ("en", "de"):
        partial = (material_templates() / "partials" / "languages" / f"{language}.html").read_text(encoding="utf-8")
        material[language] = dict(re.findall(r'"([^"]+)": "([^"]*)"', partial))
    phrases |= {text for key, text in material["en"].items()
                if material["de"].get(key) != text and re.search(r"[a-z]{3,}", text) and ".config." not in key}
    from babel.dates import get_day_names, get_month_names

    german_dates = set(cldr_words("de")["dates"]["months"]) | set(cldr_words("de")["dates"]["weekdays"]) | \
        set(get_month_names("abbreviated", "stand-alone", "de").values()) | \
        set(get_day_names("abbreviated", "stand-alone", "de").values())  # a chart's ticks: "7. Jul"
    phrases |= {"Permanent link", "Made with", "trace"} | {
        name for name in (*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name)
        if name not in german_dates}  # August is German too, and Jun and Jul its short months
    return re.compile("|".join(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)"
                               for phrase in sorted(phrases, key=len, reverse=True)))


def ferry_build(site: Path) -> Path:
    """Both editions of the ferry, as `storykit build` builds them (with a fixed date), into `site`."""
    result = subprocess.run([sys.executable, "-m", "storykit", "build", "--site-dir", str(site)],
                            cwd=FERRY, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return site


# Built pages, as the generator's guarantees for readers apply to them

LABELLED = "a.sk-fact--likely, a.sk-fact--disputed"


def unlabelled_first_mentions(soup: BeautifulSoup, language, page: str) -> list[str]:
    """An estimate or a disputed figure whose first mention on the page is neither followed by its label nor
    said uncertain in its sentence, or whose later mention repeats the label; every mention's tooltip must
    carry the label (for keyboards and screen readers)."""
    from storykit.writing.writer import says_uncertain

    problems = []
    seen: set[str] = set()
    for link in soup.select(f"article {LABELLED}"):
        fact = link["href"].rsplit("#fact-", 1)[1]
        label = "estimate" if "sk-fact--likely" in link["class"] else "disputed"
        if not link["data-sk-tip"].startswith(language.say("tip.labelled", label=language.say(f"tip.labels.{label}"),
                                                           tip="")):
            problems.append(f"{page}: {fact}'s tooltip has no label")
        badge = link.find_next_sibling("span")
        badged = badge is not None and "sk-badge" in badge.get("class", []) and \
            badge.get_text() == language.say(f"badges.{label}")
        if fact in seen:
            if badged and not link.find_parent("table", class_="sk-facts"):
                problems.append(f"{page}: {fact}'s label again")
            continue
        seen.add(fact)
        block = link.find_parent(lambda tag: tag.name in ("p", "li", "td", "dd") or
                                 "sk-chart__takeaway" in tag.get("class", []) or
                                 "sk-chart__title" in tag.get("class", []))
        if not badged and not says_uncertain(block.get_text(" "), language):
            problems.append(f"{page}: {fact} unlabelled: {block.get_text()}")
    return problems


def evidence_said_twice(soup: BeautifulSoup) -> list[str]:
    """A fact-check's evidence rows (on a built page) whose value repeats their label."""
    from storykit.pages.blocks.checks import says_the_same

    twice = []
    for row in soup.select(".sk-check__evidence li"):
        link = row.select_one("a.sk-fact")
        text = row.get_text()
        label = text[:text.index(link.get_text())]
        if not label:
            continue  # the label alone, linked: its value would repeat it
        value = link.get_text()
        if value.casefold() in label.casefold() or says_the_same(label, value):
            twice.append(text)
    return twice
