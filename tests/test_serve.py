"""`mkdocs serve` survives mistakes: it shows them, keeps serving and recovers when the file is fixed.

These tests start the real server on a copy of the project, break and fix its files, and fetch pages.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, free_port, ready, set_fact_value

TIMEOUT = 20  # seconds for the server to start or to rebuild after a change
DATA_FILE = "docs/data/facts/5-scale.yaml"
HOME_FIGURE = "1.225 billion"  # mau_2020 on the home page
PAGES = ("", "suspension/", "qingfeng-plan/", "scale/", "fact-check/", "sources/", "about/")


class Server:
    """`mkdocs serve` in its own process group, its terminal output collected as it comes."""

    def __init__(self, project: Path, config: str = "mkdocs.yml", env: dict[str, str] | None = None) -> None:
        self.project = project
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--config-file", config,
             "--dev-addr", self.url[7:-1]],
            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def fetch(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace")

    def output_since(self, mark: int) -> str:
        return "\n".join(self.lines[mark:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.reader.join(timeout=5)


def wait_for(condition: Callable[[], object], what: str, server: Server, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.process.poll() is None, f"the server stopped:\n{server.output_since(0)}"
        try:
            if condition():
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        time.sleep(0.1)
    pytest.fail(f"{what} within {timeout} s; the server said:\n{server.output_since(0)}")


def build_error(html: str) -> str | None:
    """The text of the error the page shows instead of its content, if any."""
    shown = BeautifulSoup(html, "html.parser").select_one(".sk-build-error")
    return shown.get_text(" ", strip=True) if shown else None


def shows_normally(server: Server, path: str, text: str | None = None) -> bool:
    status, html = server.fetch(path)
    return status == 200 and build_error(html) is None and (text is None or text in html)


def shows_error(server: Server, path: str, *words: str) -> bool:
    status, html = server.fetch(path)
    error = build_error(html)
    return status == 200 and error is not None and all(word in error for word in words)


# A build is over when the live-reload server says so. MkDocs' own "Documentation built in N
# seconds" cannot mark it: its build logger drops any message it has logged before, so a rebuild
# that takes as long as an earlier one prints no such line.
BUILD_OVER = ("Reloading browsers", "An error happened during the rebuild")


def builds_since(server: Server, mark: int) -> list[list[str]]:
    """The log lines of each finished build since `mark`, one list per build."""
    builds, current = [], None
    for line in server.lines[mark:]:
        if "Building documentation" in line:
            current = []
        elif current is not None and any(over in line for over in BUILD_OVER):
            builds.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return builds


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    running = Server(copy_project(tmp_path_factory.mktemp("serve") / "project"))
    try:
        wait_for(lambda: shows_normally(running, "", HOME_FIGURE), "the home page was not served", running,
                 timeout=60)
        yield running
    finally:
        running.stop()


@pytest.fixture
def restore(server) -> Iterator[Callable[[str], Path]]:
    """Hands out files of the served copy to break; puts every one back afterwards."""
    originals: dict[Path, str] = {}

    def file(name: str) -> Path:
        path = server.project / name
        originals.setdefault(path, path.read_text(encoding="utf-8"))
        return path
    yield file
    for path, text in originals.items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    if originals:
        wait_for(lambda: all(shows_normally(server, page) for page in PAGES), "the site did not recover", server)


def test_a_broken_data_file_shows_its_error_keeps_serving_and_recovers(server, restore):
    data = restore(DATA_FILE)
    good = data.read_text(encoding="utf-8")
    mark = len(server.lines)
    line = set_fact_value(data, "mau_2020", "lots")
    where = f"{DATA_FILE}, line {line}, facts.mau_2020.value"

    wait_for(lambda: shows_error(server, "", where, "lots"), "the home page did not show the error", server)
    wait_for(lambda: builds_since(server, mark), "the rebuild did not finish", server)
    for build in builds_since(server, mark):
        errors = [row for row in build if row.startswith("ERROR")]
        assert len(errors) == 1 and where in errors[0] and "'lots'" in errors[0], build
    output = server.output_since(mark)
    assert "Traceback" not in output
    # Still serving: every page answers and says what is wrong.
    for page in PAGES:
        assert shows_error(server, page, where), page

    mark = len(server.lines)
    data.write_text(good, encoding="utf-8")
    wait_for(lambda: shows_normally(server, "", HOME_FIGURE), "the home page did not recover", server)
    for page in PAGES:
        assert shows_normally(server, page), page
    assert all(not [row for row in build if row.startswith("ERROR")] for build in builds_since(server, mark))


def test_a_broken_page_shows_its_error_on_that_page_only(server, restore):
    page = restore("docs/about.md")
    good = page.read_text(encoding="utf-8")
    mark = len(server.lines)
    page.write_text(good + "\nSee <!-- fact:mau_202 --> here.\n", encoding="utf-8")
    where = f"docs/about.md, line {good.count(chr(10)) + 2}"

    wait_for(lambda: shows_error(server, "about/", where, "unknown fact 'mau_202'"),
             "the page did not show its error", server)
    wait_for(lambda: builds_since(server, mark), "the rebuild did not finish", server)
    for build in builds_since(server, mark):
        errors = [row for row in build if row.startswith("ERROR")]
        assert len(errors) == 1 and where in errors[0], build
    assert "Traceback" not in server.output_since(mark)
    assert shows_normally(server, "", HOME_FIGURE)
    for other in PAGES:
        if other != "about/":
            assert shows_normally(server, other), other

    page.write_text(good, encoding="utf-8")
    wait_for(lambda: shows_normally(server, "about/"), "the page did not recover", server)


def test_a_broken_chart_module_shows_its_error_and_recovers(server, restore):
    module = restore("scripts/story_charts.py")
    good = module.read_text(encoding="utf-8")
    mark = len(server.lines)
    module.write_text(good + "\ndef broken(:\n", encoding="utf-8")
    where = f"scripts/story_charts.py, line {good.count(chr(10)) + 2}: the chart module does not parse"

    wait_for(lambda: shows_error(server, "scale/", "story_charts.py", "does not parse"),
             "the chart module's error was not shown", server)
    wait_for(lambda: builds_since(server, mark), "the rebuild did not finish", server)
    errors = [row for build in builds_since(server, mark) for row in build if row.startswith("ERROR")]
    assert errors and all(re.match(rf"ERROR\s+-\s+{re.escape(where)}", row) for row in errors), errors
    assert "Traceback" not in server.output_since(mark)

    module.write_text(good, encoding="utf-8")
    wait_for(lambda: shows_normally(server, "scale/"), "the chart page did not recover", server)


@pytest.mark.browser
def test_the_open_page_shows_the_error_and_recovers_by_itself(server, restore, browser):
    data = restore(DATA_FILE)
    good = data.read_text(encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url)
        assert HOME_FIGURE in page.inner_text("article")
        set_fact_value(data, "mau_2020", "lots")
        page.wait_for_selector(".sk-build-error", timeout=TIMEOUT * 1000)  # reloaded by MkDocs' livereload
        assert "5-scale.yaml" in page.inner_text(".sk-build-error")
        data.write_text(good, encoding="utf-8")
        page.wait_for_selector(".sk-build-error", state="detached", timeout=TIMEOUT * 1000)
        page.wait_for_function("text => document.querySelector('article').innerText.includes(text)",
                               arg=HOME_FIGURE, timeout=TIMEOUT * 1000)
    finally:
        context.close()


@pytest.mark.browser
def test_saving_a_chart_function_or_its_data_redraws_the_open_page(server, restore, browser):
    """The authoring loop: edit a chart function or a fact it plots, and the open page shows it."""
    module = restore("scripts/story_charts.py")
    data = restore("docs/data/facts/3-market.yaml")
    context = browser.new_context()
    picture = "[data-sk-chart=market-27-july] .sk-chart__picture--wide"
    try:
        page = context.new_page()
        page.goto(server.url + "suspension/")
        page.locator("#chart-market-27-july").scroll_into_view_if_needed()
        edited = module.read_text(encoding="utf-8").replace(
            'name = {key: facts.say(f"rows.{key}") for key, _, _ in rows}',
            'name = {key: facts.say(f"rows.{key}") for key, _, _ in rows} | {"hsi": "The whole market"}')
        assert edited != module.read_text(encoding="utf-8"), "update this test to the chart function"
        module.write_text(edited, encoding="utf-8")
        # The picture is made again at once (one browser serves every rebuild): no script needed to see it.
        page.wait_for_function(f"() => [...document.querySelectorAll('{picture} .ytick text')]"
                               ".some(t => t.textContent === 'The whole market')", timeout=TIMEOUT * 1000)
        set_fact_value(data, "hsi_change_0727", "-5.55")
        page.wait_for_function(f"() => [...document.querySelectorAll('{picture} .bartext')]"
                               ".some(t => t.textContent === '−5.55%')", timeout=TIMEOUT * 1000)
        ready(page)  # the reloaded page's scripts (loaded after it) listen before the chart is focused
        page.locator("[data-sk-chart=market-27-july]").focus()  # and the live chart shows the same
        page.wait_for_function("() => [...document.querySelectorAll('[data-sk-chart=market-27-july] "
                               ".sk-chart__live .bartext')].some(t => t.textContent === '−5.55%')",
                               timeout=TIMEOUT * 1000)
    finally:
        context.close()


def test_the_chinese_edition_is_served_and_rebuilt_on_a_data_change(tmp_path):
    """`make serve` serves the Chinese edition beside the English one, from the same data: a saved value shows
    in Chinese, and its language switcher links to the English server."""
    project = copy_project(tmp_path / "project")
    english = "http://127.0.0.1:8000/"
    chinese = Server(project, "mkdocs.zh.yml", {"STORYKIT_EDITIONS": f"en={english},zh-Hans=http://127.0.0.1:1/"})
    try:
        wait_for(lambda: shows_normally(chinese, "scale/", "12.25亿"), "the Chinese scale page was not served", chinese,
                 timeout=60)
        _, html = chinese.fetch("scale/")
        switcher = BeautifulSoup(html, "html.parser").select_one(".md-select__link[hreflang=en]")
        assert switcher["href"] == english + "scale/"
        set_fact_value(project / DATA_FILE, "mau_2020", "1250000000")
        wait_for(lambda: shows_normally(chinese, "scale/", "12.5亿"), "the Chinese page did not show the new value",
                 chinese)
    finally:
        chinese.stop()
