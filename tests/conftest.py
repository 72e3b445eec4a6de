"""What both suites share: the `--story` option, and a real Chromium opening pages of the site a suite builds.

Each suite's own conftest.py builds its site (`built_site`, `site_dir`, `site_url`): tests/storykit/ the story
that `--story` names (tests/stories/ferry by default), tests/story/ this project's. Helpers are in helpers.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, PageWatch, Reader, ready


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--story", default=None, metavar="FOLDER",
                     help="the story (the folder of its mkdocs.yml) that the generator's tests in tests/storykit run "
                          "against; default: tests/stories/ferry")


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


@pytest.fixture
def reader(browser, site_url):
    """Readers whose every request is noted (helpers.Reader), closed (and checked for script errors) after the test."""
    readers: list[Reader] = []

    def open_reader(**options) -> Reader:
        readers.append(Reader(browser, site_url, **options))
        return readers[-1]

    yield open_reader
    for one in readers:
        one.close()
