"""`storykit build` (what `make build` runs: tests/story/test_make.py) never loses the last good site, builds
are reproducible, and every link resolves: for the story `--story` names."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from storykit.writing.writer import FactWriter

from helpers import ROOT, SITE_URL, StoryProject, fact_file, home_fact, mkdocs_build, needs, set_fact_value, soup_of

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
EPOCH = 1627344000  # 2021-07-27, 00:00 UTC


# Helpers


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones too), relative path -> sha256 of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith((".site-build-", ".site-old-")))


def storykit_build(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`storykit build`, as `make build` runs it (`make build SITE_DIR=older`: `--site-dir older`)."""
    return subprocess.run([sys.executable, "-m", "storykit", "build", *options], cwd=project, capture_output=True,
                          text=True, timeout=180, env={**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1",
                                                       "SOURCE_DATE_EPOCH": str(EPOCH)})


# `storykit build` keeps the last good site


@pytest.fixture(scope="module")
def built_project(story_under_test, tmp_path_factory) -> StoryProject:
    """A copy of the story to build and break."""
    return story_under_test.copy(tmp_path_factory.mktemp("build") / "project")


@pytest.fixture(scope="module")
def good_site(built_project) -> dict[str, str]:
    result = storykit_build(built_project.root)
    assert result.returncode == 0, result.stderr
    assert "Built the site into site/." in result.stdout
    site = built_project.root / "site"
    figure = FactWriter(built_project.story, built_project.language()).value(home_fact(built_project))
    assert (site / "index.html").is_file() and figure in (site / "index.html").read_text()
    assert leftovers(built_project.root) == []
    return snapshot(site)


def breakages(project: StoryProject) -> dict[str, tuple[str, str, str]]:
    """name: (file, what to do, what the error line must say)"""
    fact, home = home_fact(project), project.page_file("").relative_to(project.root).as_posix()
    return {
        "data": (fact_file(project, fact).relative_to(project.root).as_posix(), f"{fact}=lots",
                 f"facts.{fact}.value: expected "),
        "page": (home, f"\nSee <!-- fact:{fact}x --> here.\n", f"unknown fact '{fact}x'"),
        "link": (home, "\nSee [the missing page](missing.md).\n", "missing.md"),
    }


@pytest.mark.parametrize("breakage", ["data", "page", "link"])
def test_a_failed_build_leaves_the_last_good_site_as_it_was(built_project, good_site, breakage):
    name, change, expected = breakages(built_project)[breakage]
    path = built_project.root / name
    original = path.read_text(encoding="utf-8")
    if name.endswith(".md"):  # a line added at the end of the page
        path.write_text(original + change, encoding="utf-8")
        line = original.count("\n") + 2
    else:
        line = set_fact_value(path, *change.split("="))
    try:
        result = storykit_build(built_project.root)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "Build failed: the previous site in site/ is unchanged." in result.stderr
    assert snapshot(built_project.root / "site") == good_site
    assert leftovers(built_project.root) == []
    assert "Traceback" not in result.stderr + result.stdout
    problems = [row for row in result.stderr.splitlines() if row.startswith(("ERROR", "WARNING"))]
    assert len(problems) == 1 and expected in problems[0], result.stderr
    if breakage == "link":  # MkDocs' own warning names the page (relative to docs/), not the line
        assert f"'{Path(name).name}'" in problems[0], problems[0]
    else:
        assert f"{name}, line {line}" in problems[0], problems[0]
    assert "INFO" not in result.stderr and ".site-build-" not in result.stderr  # only what went wrong


def test_a_successful_build_replaces_the_site(built_project, good_site):
    root = built_project.root
    shutil.copytree(root / "site", root / "older")  # `site/` stays for the other tests
    path = built_project.pages()[-1]  # a page other than the home page
    page = built_project.page_file(path)
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nA sentence added for this test.\n", encoding="utf-8")
    try:
        result = storykit_build(root, "--site-dir", "older")
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    after = snapshot(root / "older")
    assert after.keys() == good_site.keys()
    assert after[f"{path}index.html"] != good_site[f"{path}index.html"]
    assert "A sentence added for this test." in (root / "older" / path / "index.html").read_text()
    assert leftovers(root) == []
    shutil.rmtree(root / "older")


def test_a_failed_first_build_writes_no_site(built_project, good_site):
    fact = home_fact(built_project)
    path = fact_file(built_project, fact)
    original = path.read_text(encoding="utf-8")
    set_fact_value(path, fact, "lots")
    try:
        result = storykit_build(built_project.root, "--site-dir", "elsewhere")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "Build failed: no site was written." in result.stderr
    assert not (built_project.root / "elsewhere").exists()
    assert leftovers(built_project.root) == []


def test_an_interrupted_build_leaves_the_last_good_site_and_no_staging_folder(built_project, good_site):
    make_project = built_project.root
    # Ctrl-C reaches the whole process group: the builder and MkDocs under it.
    build = subprocess.Popen([sys.executable, "-m", "storykit", "build"], cwd=make_project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                             env={**os.environ, "SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": str(EPOCH),
                                  "NO_MKDOCS_2_WARNING": "1"})
    try:
        deadline = time.monotonic() + 60
        while not leftovers(make_project) and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert build.poll() is None, "the build ended before it could be interrupted"
        assert leftovers(make_project), "no staging folder appeared"
        os.killpg(build.pid, signal.SIGINT)
        build.wait(timeout=30)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
            build.wait()
    assert build.returncode != 0
    assert leftovers(make_project) == []
    assert snapshot(make_project / "site") == good_site


# Reproducible builds


@pytest.fixture(scope="module")
def frozen_project(story_under_test, tmp_path_factory) -> Path:
    """A copy of the story, so that edits made meanwhile to the real one cannot reach one build only."""
    return story_under_test.copy(tmp_path_factory.mktemp("reproducible") / "project").root


@pytest.fixture(scope="module")
def build_of(frozen_project, tmp_path_factory):
    builds: dict[str, Path] = {}

    def build(name: str, **env: str) -> Path:
        if name not in builds:
            site = tmp_path_factory.mktemp(f"build-{name}") / "site"
            result = mkdocs_build(frozen_project, site, SITE_URL, env)
            assert result.returncode == 0, result.stderr
            builds[name] = site
        return builds[name]
    return build


def differences(first: Path, second: Path) -> list[str]:
    one, other = snapshot(first), snapshot(second)
    return sorted(path for path in one.keys() | other.keys() if one.get(path) != other.get(path))


def build_dates(site: Path) -> set[str]:
    return {tag.text for tag in ElementTree.parse(site / "sitemap.xml").iter(f"{SITEMAP}lastmod")}


def test_two_builds_with_source_date_epoch_are_byte_identical(build_of):
    # Another hash seed and another folder: no set-order effects, no absolute paths in the output.
    first = build_of("epoch-a", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="1")
    second = build_of("epoch-b", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="2")
    files = snapshot(first)
    assert {"index.html", "sitemap.xml", "sitemap.xml.gz", "search/search_index.json"} <= files.keys()
    assert files == snapshot(second), differences(first, second)


def test_source_date_epoch_sets_the_only_date_in_the_output(story_under_test, build_of, monkeypatch):
    """The content's date (the sitemap's, each page's citation, the dataset's) comes from
    SOURCE_DATE_EPOCH, and nothing else in the site depends on when it was built."""
    import datetime

    from storykit.writing.formats import PLAIN, date

    site = build_of("epoch-a", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="1")
    assert build_dates(site) == {"2021-07-27"}
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read() == (site / "sitemap.xml").read_bytes()
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == EPOCH  # gzip's mtime
    page = story_under_test.pages()[-1]
    cited = BeautifulSoup((site / page / "index.html").read_text(), "html.parser").select_one(".sk-cite-page")
    written = date(datetime.date(2021, 7, 27), PLAIN, story_under_test.language())  # "27 July 2021"
    assert written in cited.get_text() and "year = 2021" in cited.get_text()
    assert json.loads((site / "data" / "datapackage.json").read_text())["created"] == "2021-07-27T00:00:00Z"
    archive_name = f"data/{story_under_test.settings.dataset}.zip"
    with zipfile.ZipFile(site / archive_name) as archive:
        assert {entry.date_time[:3] for entry in archive.infolist()} == {(2021, 7, 27)}
    # Built today instead, only what carries the content's date changes: in a page, its citation.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    today = build_of("now-a", PYTHONHASHSEED="3")
    found = differences(site, today)
    dated = {"sitemap.xml", "sitemap.xml.gz", "data/datapackage.json", archive_name}
    assert dated <= set(found)
    for path in set(found) - dated:
        assert path.endswith(".html"), path
        pages = [BeautifulSoup((folder / path).read_text(), "html.parser") for folder in (site, today)]
        for page in pages:
            page.select_one(".sk-cite-page").decompose()
        assert str(pages[0]) == str(pages[1]), f"{path} differs beyond its citation"


def test_two_builds_a_moment_apart_without_source_date_epoch_are_byte_identical(build_of, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = build_of("now-a", PYTHONHASHSEED="3")
    time.sleep(1.1)
    second = build_of("now-b", PYTHONHASHSEED="4")
    found = differences(first, second)
    if build_dates(first) != build_dates(second):  # midnight (UTC) passed between the builds
        assert set(found) <= {"sitemap.xml", "sitemap.xml.gz"}
    else:
        assert found == []


def test_make_build_takes_its_date_from_the_commit_when_none_is_given(monkeypatch):
    from storykit.adapter import sitebuild

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    git = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    if git.returncode != 0:
        pytest.skip("the project is not a git checkout here")
    assert sitebuild.build_environment(ROOT)["SOURCE_DATE_EPOCH"] == git.stdout.strip()
    assert "SOURCE_DATE_EPOCH" not in sitebuild.build_environment(Path("/"))  # not a checkout: MkDocs decides
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    assert sitebuild.build_environment(ROOT)["SOURCE_DATE_EPOCH"] == str(EPOCH)


# Links


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def target_file(site: Path, address: str, site_url: str) -> Path:
    path = unquote(urlsplit(address).path)[len(urlsplit(site_url).path):]
    target = site / path
    return target / "index.html" if path == "" or path.endswith("/") or target.is_dir() else target


def anchors_of(page: Path, cache: dict[Path, set[str]]) -> set[str]:
    if page not in cache:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        cache[page] = {tag["id"] for tag in soup.find_all(id=True)} | {
            tag["name"] for tag in soup.find_all(["a"], attrs={"name": True})}
    return cache[page]


def test_every_internal_link_and_anchor_resolves(story_under_test, site_dir, site_url):
    """Each edition's build checks its own links (storykit.sitelinks); here every edition, one inside the
    other, as they are published."""
    from storykit.checks.sitelinks import links_to_nowhere

    checked, broken = links_to_nowhere(site_dir, site_url)
    assert checked >= 20 * len(story_under_test.every_page())  # the navigation's and the footer's, on every page
    assert [str(link) for link in broken] == []


def test_the_link_check_finds_missing_pages_files_and_anchors(tmp_path):
    from storykit.checks.sitelinks import links_to_nowhere

    url = "http://127.0.0.1:8000/"
    (tmp_path / "about").mkdir()
    (tmp_path / "about" / "index.html").write_text('<h2 id="here">Here</h2><a name="old">Old</a> <a href="..">up</a>')
    (tmp_path / "zh").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="about/#here">ok</a> <a href="about/#old">ok</a> <a href="#top" id="top">ok</a> '
        f'<a href="{url}about/">ok</a> <a href="https://example.org/x">outside</a> <a href="mailto:a@b.c">m</a> '
        '<a href="about/#gone">bad anchor</a> <a href="missing/">bad page</a> <img src="pic.png"> '
        f'<link rel="canonical" href="{url}nope/"> <a href="zh/about/">another edition</a> '
        '<a href="../data/x.csv">above the root</a> <a href=\'/about\'>ok</a>')
    checked, broken = links_to_nowhere(tmp_path, url, elsewhere=["zh/"])
    assert checked == 10
    assert [str(link) for link in broken] == [
        "index.html: about/#gone (no #gone in about/index.html)", "index.html: missing/ (no missing/index.html)",
        "index.html: pic.png (no pic.png)", f"index.html: {url}nope/ (no nope/index.html)"]
    assert [str(link) for link in links_to_nowhere(tmp_path, url)[1]][-1] == \
        "index.html: zh/about/ (no zh/about/index.html)", "another edition's folder is checked when not left out"


def test_the_sitemap_and_the_search_index_point_at_pages_that_exist(story_under_test, site_dir, site_url):
    cache: dict[Path, set[str]] = {}
    locations = list(ElementTree.parse(site_dir / "sitemap.xml").iter(f"{SITEMAP}loc"))
    assert len(locations) >= len(story_under_test.pages())
    for location in locations:
        assert location.text.startswith(site_url)
        assert target_file(site_dir, location.text, site_url).is_file(), location.text
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    for document in index["docs"]:
        address = urljoin(site_url, document["location"])
        target = target_file(site_dir, address, site_url)
        assert target.is_file(), document["location"]
        fragment = unquote(urlsplit(address).fragment)
        assert not fragment or fragment in anchors_of(target, cache), document["location"]


def test_data_tables_are_left_out_of_the_search_index(story_under_test, site_dir):
    """Every page fetches the index when it starts; the tables' rows repeat the pages and the downloads."""
    soup = soup_of(site_dir, story_under_test.page_of("facts_page"))
    wraps = soup.select(".sk-table-wrap")
    assert wraps and all(wrap.has_attr("data-search-exclude") for wrap in wraps)
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    table_sections = [document for document in index["docs"] if "#facts-" in document["location"]]
    headings = soup.select("article h2[id^=facts-], article h3[id^=facts-]")
    assert headings and len(table_sections) >= len(headings)  # one section per table of facts, found by its heading
    ids = {row["id"].removeprefix("fact-") for wrap in wraps for row in wrap.select("tr[id^=fact-]")}
    # A table's section holds none of its rows (what follows the table up to the next heading is not the table's).
    assert ids and [document["location"] for document in table_sections
                    if any(fact in document["text"] for fact in ids)] == []
    cell = wraps[0].select_one("td").get_text(" ", strip=True)
    assert all(cell not in document["text"] for document in index["docs"]), cell
    heading = soup.find(id=table_sections[0]["location"].split("#")[1]).get_text(" ", strip=True).rstrip(" ¶")
    assert any(heading in document["title"] for document in index["docs"]), "headings stay searchable"


def well_formed_https(url: object) -> bool:
    if not isinstance(url, str) or re.search(r"\s", url):
        return False
    parts = urlsplit(url)
    return (parts.scheme == "https" and bool(parts.hostname) and re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+",
            parts.hostname or "") is not None and parts.username is None and parts.port is None)


def test_every_source_address_is_a_well_formed_https_url(story):
    addresses = {source.id: source.url for source in story.sources.values() if source.url}
    needs(addresses, "no source with an address")
    assert [f"{source_id}: {url!r}" for source_id, url in addresses.items() if not well_formed_https(url)] == []
    for bad in ("http://example.org/", "https://localhost/", "https://exa mple.org/", "https://user@example.org/",
                "example.org/page", "https://example.org:8443/", None):
        assert not well_formed_https(bad), bad


def test_every_link_that_leaves_the_site_is_https(story, site_dir, site_url):
    origin = urlsplit(site_url)
    outside = set()
    for page in html_pages(site_dir):
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.scheme not in ("", "mailto") and (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                outside.add(link["href"])
    assert len(outside) >= len({source.url for source in story.sources.values() if source.url}), "each source's"
    assert sorted(url for url in outside if not well_formed_https(url)) == []
