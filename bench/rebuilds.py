"""Under `mkdocs serve`: the time from saving a data file to the rebuilt page being served.

Two kinds of save, on the bench's copy of the project (its builds done, its picture cache filled):
- a chart edit: a new value for a fact a chart plots (hsi_change_0727, drawn by market-27-july),
  so the rebuild must export that chart's pictures again; the page counts as rebuilt when the
  chart's picture shows the new value (pictures are made before any page is rendered);
- a prose edit: a word added to a fact's label that no chart shows, so no picture is exported.
Each save gets a new value, so no save is served from the picture cache.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .config import MKDOCS
from .site import chart_block, page_file

CHART_FACT, CHART = "hsi_change_0727", "market-27-july"
SETTLE_S = 1.5  # after each save: let live reload settle, so each save starts from an idle server
# MkDocs logs each build's own duration; its build logger drops a message it has printed before.
BUILT = re.compile(r"Documentation built in ([\d.]+) seconds")


@dataclass(frozen=True)
class Edit:
    """One kind of save: which file, which page shows it, and the text of the n-th save."""

    kind: str
    file: Path
    name: str  # the file, as the report names it
    page: str
    saved: Callable[[int], tuple[str, Callable[[str], bool]]]  # n -> (file text, "the page shows it")
    restored: Callable[[str], bool]  # "the page shows the original again"


def chart_edit(project: Path, site_dir: Path, pages: list[str]) -> Edit:
    """Save a new value of the fact the chart plots; done when the chart's picture shows it."""
    pattern = re.compile(rf"(- id: {CHART_FACT}\n(?:    .*\n)*?    value: )(-?[\d.]+)\n")
    files = sorted((project / "docs" / "data").rglob("*.yaml"))
    data_file = next((path for path in files if pattern.search(path.read_text(encoding="utf-8"))), None)
    original = data_file.read_text(encoding="utf-8") if data_file else ""
    match = pattern.search(original)
    if data_file is None or match is None:
        raise RuntimeError(f"no data file holds a value for {CHART_FACT}")
    start, end, value = match.start(2), match.end(2), float(match.group(2))
    page = next((path for path in pages if chart_block(page_file(site_dir, path).read_text(encoding="utf-8"), CHART)),
                None)
    if page is None:
        raise RuntimeError(f"no page shows the chart {CHART}")

    def drawn(shown_value: float) -> Callable[[str], bool]:
        shown = re.compile(r"<text[^>]*>[^<]*" + re.escape(f"{abs(shown_value):.2f}%"))  # drawn text, not the table
        return lambda html: bool(shown.search(chart_block(html, CHART)))

    def saved(number: int) -> tuple[str, Callable[[str], bool]]:
        new = value - 0.09 - 0.01 * number  # a new figure at every save
        return original[:start] + f"{new:.2f}" + original[end:], drawn(new)

    return Edit("chart", data_file, str(data_file.relative_to(project)), page, saved, drawn(value))


def prose_edit(project: Path, site_dir: Path, pages: list[str]) -> Edit:
    """Append a word to a fact label that a page shows and no chart's figure contains."""
    # A fact's label, or its English text where it is written in each language (the line after `label:`).
    pattern = re.compile(r"^(\s*(?:label|en):\s*)([A-Za-z0-9][A-Za-z0-9 ,()-]*[A-Za-z0-9)])\s*$")
    figures = "".join(path.read_text(encoding="utf-8") for path in (site_dir / "charts").glob("*.json"))
    for data_file in sorted((project / "docs" / "data").rglob("*.yaml")):
        original = data_file.read_text(encoding="utf-8")
        lines = original.splitlines()
        for number, line in enumerate(lines):
            match = pattern.match(line)
            if match and match.group(1).strip() == "en:" and (number == 0 or lines[number - 1].strip() != "label:"):
                continue
            if not match or match.group(2) in figures:
                continue
            page = next((path for path in pages
                         if match.group(2) in page_file(site_dir, path).read_text(encoding="utf-8")), None)
            if page is None:
                continue

            def saved(number: int, line: str = line, original: str = original) -> tuple[str, Callable[[str], bool]]:
                token = f"bench{number}x{os.getpid()}"
                return original.replace(line, f"{line} {token}", 1), lambda html: token in html

            tokens = re.compile(rf"bench\d+x{os.getpid()}")
            return Edit("prose", data_file, str(data_file.relative_to(project)), page, saved,
                        lambda html: "</html>" in html and not tokens.search(html))
    raise RuntimeError("no fact label found on any page, outside every chart, to change")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            body: bytes = response.read()
            return body.decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def wait_for(url: str, shows: Callable[[str], bool], limit: float, interval: float = 0.02) -> float:
    """Seconds until the page at `url` satisfies `shows`; raises after `limit` seconds."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if shows(fetch(url)):
            return time.perf_counter() - started
        time.sleep(interval)
    raise RuntimeError(f"{url} was not rebuilt as expected within {limit:.0f} s")


def time_saves(edit: Edit, base: str, log_path: Path, count: int) -> dict[str, Any]:
    url = base + edit.page
    original = edit.file.read_text(encoding="utf-8")
    seconds, mkdocs_seconds = [], []
    for number in range(count):
        text, shows = edit.saved(number)
        logged = len(BUILT.findall(log_path.read_text(encoding="utf-8")))
        started = time.perf_counter()
        edit.file.write_text(text, encoding="utf-8")
        wait_for(url, shows, limit=60)
        seconds.append(time.perf_counter() - started)
        time.sleep(SETTLE_S)
        # The rest of the time is noticing the change and serving the page. None: MkDocs did not
        # repeat a duration it had printed before.
        new = BUILT.findall(log_path.read_text(encoding="utf-8"))[logged:]
        mkdocs_seconds.append(float(new[-1]) if new else None)
    edit.file.write_text(original, encoding="utf-8")
    wait_for(url, edit.restored, limit=60)  # the next kind of save starts from the original site
    time.sleep(SETTLE_S)
    return {"seconds": seconds, "mkdocs_build_seconds": mkdocs_seconds, "page": edit.page, "file": edit.name}


def time_rebuilds(project: Path, workdir: Path, site_dir: Path, pages: list[str], count: int) -> dict[str, Any]:
    """Both kinds of save under one `mkdocs serve` (live reload), `count` times each; each file is restored."""
    edits = [chart_edit(project, site_dir, pages), prose_edit(project, site_dir, pages)]
    address = free_address()
    base = f"http://{address}"
    env = {**os.environ, "SITE_URL": f"{base}/", "NO_MKDOCS_2_WARNING": "1"}
    log_path = workdir / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([*MKDOCS, "serve", "--dev-addr", address, "--livereload"], cwd=project, env=env,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            for edit in edits:
                wait_for(base + edit.page, edit.restored, limit=120, interval=0.2)
            time.sleep(1.0)  # let the server finish its start-up before timing
            return {edit.kind: time_saves(edit, base, log_path, count) for edit in edits}
        except RuntimeError as error:
            raise RuntimeError(f"{error}\nmkdocs serve said:\n{log_path.read_text()[-3000:]}") from None
        finally:
            stop_process_group(server)


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
