"""`mkdocs serve` survives mistakes: it shows them, keeps serving and recovers when the file is fixed.

These tests start the real server on a copy of the story `--story` names, break and fix its files, and fetch
pages; the one that edits a chart function edits the ferry's.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest
from bs4 import BeautifulSoup

from storykit.writing.writer import FactWriter

from helpers import FERRY, MACHINERY, StoryProject, fact_file, free_port, home_fact, needs, ready, set_fact_value

TIMEOUT = 20  # seconds for the server to start or to rebuild after a change


@dataclass(frozen=True)
class Served:
    """A copy of a story under `mkdocs serve`, and what its tests break: a fact the home page shows (`figure`, as
    written there), its data file, and a page with a chart."""

    project: StoryProject
    server: "Server"
    fact: str
    figure: str
    data_file: str
    chart_page: str

    @property
    def pages(self) -> list[str]:
        return self.project.pages()

    @property
    def url(self) -> str:
        return self.server.url


def served(project: StoryProject, env: dict[str, str] | None = None) -> Served:
    fact = home_fact(project)
    chart_page = next(page for page in project.pages() if "<!-- chart:" in project.page_file(page).read_text("utf-8"))
    return Served(project, Server(project.root, env=env), fact, FactWriter(project.story, project.language()).value(fact),
                  fact_file(project, fact).relative_to(project.root).as_posix(), chart_page)


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


def start(project: StoryProject, env: dict[str, str] | None = None) -> Iterator[Served]:
    running = served(project, env)
    try:
        wait_for(lambda: shows_normally(running.server, "", running.figure), "the home page was not served",
                 running.server, timeout=60)
        yield running
    finally:
        running.server.stop()


@pytest.fixture(scope="module")
def serving(story_under_test, tmp_path_factory) -> Iterator[Served]:
    yield from start(story_under_test.copy(tmp_path_factory.mktemp("serve") / "project"))


@pytest.fixture(scope="module")
def ferry_serving(story_under_test, serving, tmp_path_factory) -> Iterator[Served]:
    """The ferry served: the story under test's server if it is the ferry, else one of its own."""
    if story_under_test.root == FERRY:
        yield serving
    else:
        yield from start(StoryProject(FERRY).copy(tmp_path_factory.mktemp("serve-ferry") / "project"))


def restorer(running: Served) -> Iterator[Callable[[str], Path]]:
    """Hands out files of the served copy to break; puts every one back afterwards."""
    originals: dict[Path, str] = {}

    def file(name: str) -> Path:
        path = running.project.root / name
        originals.setdefault(path, path.read_text(encoding="utf-8"))
        return path
    yield file
    for path, text in originals.items():
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
    if originals:
        wait_for(lambda: all(shows_normally(running.server, page) for page in running.pages),
                 "the site did not recover", running.server)


@pytest.fixture
def restore(serving) -> Iterator[Callable[[str], Path]]:
    yield from restorer(serving)


@pytest.fixture
def server(serving) -> Server:
    return serving.server


def test_a_broken_data_file_shows_its_error_keeps_serving_and_recovers(serving, server, restore):
    DATA_FILE, PAGES, HOME_FIGURE, fact = serving.data_file, serving.pages, serving.figure, serving.fact
    data = restore(DATA_FILE)
    good = data.read_text(encoding="utf-8")
    mark = len(server.lines)
    line = set_fact_value(data, fact, "lots")
    where = f"{DATA_FILE}, line {line}, facts.{fact}.value"

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


def test_a_broken_page_shows_its_error_on_that_page_only(serving, server, restore):
    PAGES, HOME_FIGURE = serving.pages, serving.figure
    broken = PAGES[-1]  # not the home page
    name = serving.project.page_file(broken).relative_to(serving.project.root).as_posix()
    page = restore(name)
    good = page.read_text(encoding="utf-8")
    mark = len(server.lines)
    page.write_text(good + f"\nSee <!-- fact:{serving.fact}x --> here.\n", encoding="utf-8")
    where = f"{name}, line {good.count(chr(10)) + 2}"

    wait_for(lambda: shows_error(server, broken, where, f"unknown fact '{serving.fact}x'"),
             "the page did not show its error", server)
    wait_for(lambda: builds_since(server, mark), "the rebuild did not finish", server)
    for build in builds_since(server, mark):
        errors = [row for row in build if row.startswith("ERROR")]
        assert len(errors) == 1 and where in errors[0], build
    assert "Traceback" not in server.output_since(mark)
    assert shows_normally(server, "", HOME_FIGURE)
    for other in PAGES:
        if other != broken:
            assert shows_normally(server, other), other

    page.write_text(good, encoding="utf-8")
    wait_for(lambda: shows_normally(server, broken), "the page did not recover", server)


def test_a_broken_chart_module_shows_its_error_and_recovers(serving, server, restore):
    settings = serving.project.settings
    needs(settings.charts, "no chart module")
    name = settings.as_written(settings.charts)
    module = restore(name)
    good = module.read_text(encoding="utf-8")
    mark = len(server.lines)
    module.write_text(good + "\ndef broken(:\n", encoding="utf-8")
    where = f"{name}, line {good.count(chr(10)) + 2}: the chart module does not parse"

    wait_for(lambda: shows_error(server, serving.chart_page, settings.charts.name, "does not parse"),
             "the chart module's error was not shown", server)
    wait_for(lambda: builds_since(server, mark), "the rebuild did not finish", server)
    errors = [row for build in builds_since(server, mark) for row in build if row.startswith("ERROR")]
    assert errors and all(re.match(rf"ERROR\s+-\s+{re.escape(where)}", row) for row in errors), errors
    assert "Traceback" not in server.output_since(mark)

    module.write_text(good, encoding="utf-8")
    wait_for(lambda: shows_normally(server, serving.chart_page), "the chart page did not recover", server)


@pytest.mark.browser
def test_the_open_page_shows_the_error_and_recovers_by_itself(serving, server, restore, browser):
    HOME_FIGURE = serving.figure
    data = restore(serving.data_file)
    good = data.read_text(encoding="utf-8")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(server.url)
        assert HOME_FIGURE in page.inner_text("article")
        set_fact_value(data, serving.fact, "lots")
        page.wait_for_selector(".sk-build-error", timeout=TIMEOUT * 1000)  # reloaded by MkDocs' livereload
        assert Path(serving.data_file).name in page.inner_text(".sk-build-error")
        data.write_text(good, encoding="utf-8")
        page.wait_for_selector(".sk-build-error", state="detached", timeout=TIMEOUT * 1000)
        page.wait_for_function("text => document.querySelector('article').innerText.includes(text)",
                               arg=HOME_FIGURE, timeout=TIMEOUT * 1000)
    finally:
        context.close()


@pytest.fixture
def restore_ferry(ferry_serving) -> Iterator[Callable[[str], Path]]:
    yield from restorer(ferry_serving)


@pytest.mark.browser
def test_saving_a_chart_function_or_its_data_redraws_the_open_page(ferry_serving, restore_ferry, browser):
    """The authoring loop: edit a chart function or a fact it plots, and the open page shows it (the ferry's
    bar chart of fares)."""
    server = ferry_serving.server
    module = restore_ferry("scripts/fares.py")
    data = restore_ferry("docs/data/fares.yaml")
    context = browser.new_context()
    picture = "[data-sk-chart=fares] .sk-chart__picture--wide"
    try:
        page = context.new_page()
        page.goto(server.url)
        page.locator("#chart-fares").scroll_into_view_if_needed()
        edited = module.read_text(encoding="utf-8").replace(
            'x=[facts.say("single"), facts.say("return")]', 'x=["One way only", facts.say("return")]')
        assert edited != module.read_text(encoding="utf-8"), "update this test to the chart function"
        module.write_text(edited, encoding="utf-8")
        # The picture is made again at once (one browser serves every rebuild): no script needed to see it.
        page.wait_for_function(f"() => [...document.querySelectorAll('{picture} .xtick text')]"
                               ".some(t => t.textContent === 'One way only')", timeout=TIMEOUT * 1000)
        set_fact_value(data, "single_fare", "5.55")
        page.wait_for_function(f"() => [...document.querySelectorAll('{picture} .bartext')]"
                               ".some(t => t.textContent === '€5.55')", timeout=TIMEOUT * 1000)
        ready(page)  # the reloaded page's scripts (loaded after it) listen before the chart is focused
        page.locator("[data-sk-chart=fares]").focus()  # and the live chart shows the same
        page.wait_for_function("() => [...document.querySelectorAll('[data-sk-chart=fares] "
                               ".sk-chart__live .bartext')].some(t => t.textContent === '€5.55')",
                               timeout=TIMEOUT * 1000)
    finally:
        context.close()


def test_another_edition_is_served_and_rebuilt_on_a_data_change(story_under_test, tmp_path):
    """`make serve` serves each edition after the first beside the first, from the same data: a saved value shows
    in the edition's language, and its language switcher links to the first edition's server."""
    needs(len(story_under_test.editions) > 1, "one edition")
    project = story_under_test.copy(tmp_path / "project")
    fact = home_fact(project)
    data_file = fact_file(project, fact)
    first, other = project.editions[0], project.editions[1]
    page = next(page for page in project.pages(other.language) if f"<!-- fact:{fact}" in
                project.page_file(page).read_text("utf-8"))[len(other.path):]
    writer = FactWriter(project.story, project.language(other.language))
    first_url = "http://127.0.0.1:8000/"
    beside = Server(project.root, other.config_file.name,
                    {"STORYKIT_EDITIONS": f"{first.language}={first_url},{other.language}=http://127.0.0.1:1/"})
    try:
        wait_for(lambda: shows_normally(beside, page, writer.value(fact)),
                 f"the {other.language} page was not served", beside, timeout=60)
        _, html = beside.fetch(page)
        switcher = BeautifulSoup(html, "html.parser").select_one(f".md-select__link[hreflang={first.language}]")
        assert switcher["href"] == first_url + page
        value = project.story.facts[fact].value  # a tenth less: inside any bound its formulas set
        set_fact_value(data_file, fact, str(round(value * 9 / 10) if isinstance(value, int) else round(value * 0.9, 2)))
        changed = FactWriter(StoryProject(project.root).story, project.language(other.language)).value(fact)
        assert changed != writer.value(fact)
        wait_for(lambda: shows_normally(beside, page, changed), f"the {other.language} page did not show the new value",
                 beside)
    finally:
        beside.stop()


def test_a_saved_edit_to_the_machinery_shows_without_a_restart(story_under_test, tmp_path):
    """An author working on the generator itself: a module of storykit saved while `make serve` runs is rebuilt
    with, as a page or a data file is. The server runs a copy of the machinery (first on its PYTHONPATH), and the
    edit makes every figure the writer writes start with a mark."""
    machinery = tmp_path / "machinery"
    shutil.copytree(MACHINERY, machinery / "storykit", ignore=shutil.ignore_patterns("__pycache__"))
    writer = machinery / "storykit" / "writing" / "writer.py"
    original = writer.read_text(encoding="utf-8")
    returned = "        return formats.value_text(fact.unit, fact.value,"
    assert original.count(returned) == 1, "update this test to FactWriter.value"
    for running in start(story_under_test.copy(tmp_path / "project"), env={"PYTHONPATH": str(machinery)}):
        writer.write_text(original.replace(returned, '        return "EDITED " + formats.value_text(fact.unit, '
                                                     "fact.value,"), encoding="utf-8")
        wait_for(lambda: shows_normally(running.server, "", f"EDITED {running.figure}"),
                 "the edited machinery did not show", running.server)
        writer.write_text(original, encoding="utf-8")
        wait_for(lambda: shows_normally(running.server, "", running.figure) and "EDITED" not in
                 running.server.fetch("")[1], "the machinery as it was did not come back", running.server)
