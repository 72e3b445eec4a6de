"""Shared fixtures: the story's data, a built site served on loopback, and a real Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from workspace import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project  # scripts/ is the import root (pytest.ini)

SOURCES = ROOT.parent / "shared" / "sources"


def soup_of(site_dir: Path, path: str) -> BeautifulSoup:
    """A built page (`path` a folder of the site, "" for the home page), parsed."""
    return BeautifulSoup((site_dir / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def mkdocs_build(project: Path, site_dir: Path, site_url: str, extra_env: dict[str, str] | None = None,
                 config: str = "mkdocs.yml") -> subprocess.CompletedProcess[str]:
    """One edition of a copy of the project, built by MkDocs into the site at `site_dir` (an edition after the
    first goes into its folder there), with the copy's own machinery."""
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(project / "scripts"),
           **(extra_env or {})}
    # Not --quiet: MkDocs 1.6 then drops warnings before --strict counts them (mkdocs#4126).
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config,
                           "--site-dir", str(site_dir)], cwd=project, env=env, capture_output=True, text=True,
                          timeout=180)


def editions(project: Path = ROOT):
    """The story's editions, as the plugin and `storykit build` read them."""
    from storykit.adapter.project import read_editions

    return read_editions(project / "mkdocs.yml")


ZH = editions()[1].path  # the Chinese edition's folder in the site
ZH_CONFIG = editions()[1].config_file.name


def build_every_edition(project: Path, site_dir: Path, site_url: str,
                        extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Every edition into one site, the first first; the first failure's result, else the last one's."""
    for edition in editions(project):
        result = mkdocs_build(project, site_dir, site_url, extra_env, config=edition.config_file.name)
        if result.returncode != 0:
            break
    return result


def story_settings(project: Path, **changed):
    """The settings of the first edition of a copy of the project, as the plugin reads them from its mkdocs.yml."""
    from dataclasses import replace

    from storykit.adapter.project import load_settings

    return replace(load_settings(project / "mkdocs.yml"), **changed)


def story_pages(project: Path) -> list:
    """The pages of a copy of the project, as the plugin hands them to the machinery."""
    from mkdocs.structure.files import File, Files
    from storykit.adapter.project import page_sources

    return page_sources(Files([File(path.name, str(project / "docs"), "site", True)
                               for path in sorted((project / "docs").glob("*.md"))]))


def set_fact_value(path: Path, fact_id: str, value: str) -> int:
    """Write another value into one fact of a data file; returns the line of that value."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^  - id: {fact_id}\n(?:    .*\n)*?    value: (.*)$", text, re.M)
    assert found, f"no value for {fact_id} in {path}"
    path.write_text(text[: found.start(1)] + value + text[found.end(1):], encoding="utf-8")
    return text[: found.start(1)].count("\n") + 1


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


@pytest.fixture(scope="session")
def story():
    from storykit.data.load import load_story

    return load_story(ROOT / "docs" / "data", ROOT, ("en", "zh-Hans"), skip=ROOT / "docs" / "data" / "words")


@pytest.fixture(scope="session")
def english():
    """The site's language: the machinery's English words with the story's own."""
    from storykit.core.catalogue import load_language

    return load_language("en", ROOT / "docs" / "data" / "words")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Iterator[tuple[Path, str]]:
    """The real site, built with --strict for a server on a free port (so instant navigation works)."""
    port = free_port()
    site_dir = tmp_path_factory.mktemp("site")
    url = f"http://127.0.0.1:{port}/"
    result = build_every_edition(ROOT, site_dir, url)
    assert result.returncode == 0, result.stderr
    server = StaticServer(site_dir, port)
    yield site_dir, server.url
    server.close()


@pytest.fixture(scope="session")
def site_dir(built_site) -> Path:
    return built_site[0]


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    return built_site[1]


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


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


@pytest.fixture
def new_page(browser, site_url):
    """Open pages in a fresh context; fails the test on script errors or requests to other hosts."""
    contexts = []
    watches = []

    def open_page(*, width: int = 1280, height: int = 900, scheme: str = "light", origin: str | None = None,
                  **options):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                      **options)
        contexts.append(context)
        page = context.new_page()
        arrive = page.goto

        def goto(url: str, **options):
            """As a reader arrives: the page loaded, then its scripts (loaded after the page) ready."""
            response = arrive(url, **options)
            ready(page)
            return response

        page.goto = goto
        watch = PageWatch(page, origin or site_url)
        watches.append(watch)
        page.watch = watch
        return page

    yield open_page
    for context in contexts:
        context.close()
    for watch in watches:
        assert not watch.errors, f"script errors: {watch.errors}"
        assert not watch.foreign_requests, f"requests to other hosts: {watch.foreign_requests}"
