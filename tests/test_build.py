"""`make build` never loses the last good site, builds are reproducible, and every link resolves."""

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
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, mkdocs_build, set_fact_value, soup_of

VENV = Path(sys.prefix)  # the tests' own environment: `make` reuses it instead of installing one
MAKE_FILES = ("Makefile", "pyproject.toml", "requirements.txt", "requirements-test.txt", "requirements-cff.txt", "package.json",
              "package-lock.json")
SITE_URL = "http://127.0.0.1:8000/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
EPOCH = 1627344000  # 2021-07-27, 00:00 UTC
DATA_FILE = "docs/data/facts/5-scale.yaml"


# Helpers


def snapshot(folder: Path) -> dict[str, str]:
    """Every file below `folder` (hidden ones too), relative path -> sha256 of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(path.name for path in project.iterdir() if path.name.startswith((".site-build-", ".site-old-")))


def make_build(project: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["make", "--no-print-directory", "build", f"VENV={VENV}", *options], cwd=project,
                          capture_output=True, text=True, timeout=180,
                          env={**OUTSIDE_MAKE, "SITE_URL": SITE_URL, "SOURCE_DATE_EPOCH": str(EPOCH)})


# `make build` keeps the last good site

# The suite itself runs under `make test`: the copies' make must not inherit its flags and level.
OUTSIDE_MAKE = {name: value for name, value in os.environ.items()
                if name not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}


@pytest.fixture(scope="module")
def make_project(tmp_path_factory) -> Path:
    """A copy of the project `make build` can run in, with its set-up already done (stamps present)."""
    project = copy_project(tmp_path_factory.mktemp("make") / "project")
    for name in MAKE_FILES:
        shutil.copy2(ROOT / name, project / name)
    (project / ".make").mkdir()
    for stamp in ("python", "npm", "chromium", "fonts"):
        (project / ".make" / stamp).touch()
    # `npm ci` here would empty the node_modules this copy shares with the project: make sure that
    # `make build` only builds.
    planned = subprocess.run(["make", "--no-print-directory", "-n", "build", f"VENV={VENV}"], cwd=project,
                             env=OUTSIDE_MAKE, capture_output=True,
                             text=True, check=True).stdout.strip().splitlines()
    assert planned == [f"{VENV}/bin/storykit build --site-dir site"], planned
    return project


@pytest.fixture(scope="module")
def good_site(make_project) -> dict[str, str]:
    result = make_build(make_project)
    assert result.returncode == 0, result.stderr
    assert "Built the site into site/." in result.stdout
    site = make_project / "site"
    assert (site / "index.html").is_file() and "1.225 billion" in (site / "index.html").read_text()
    assert leftovers(make_project) == []
    return snapshot(site)


BREAKAGES = {
    # name: (file, what to do, what the error line must say)
    "data": (DATA_FILE, "mau_2020=lots", "facts.mau_2020.value: expected a count"),
    "page": ("docs/about.md", "\nSee <!-- fact:mau_202 --> here.\n", "unknown fact 'mau_202'"),
    "link": ("docs/about.md", "\nSee [the missing page](missing.md).\n", "missing.md"),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_failed_build_leaves_the_last_good_site_as_it_was(make_project, good_site, breakage):
    name, change, expected = BREAKAGES[breakage]
    path = make_project / name
    original = path.read_text(encoding="utf-8")
    if name.endswith(".md"):  # a line added at the end of the page
        path.write_text(original + change, encoding="utf-8")
        line = original.count("\n") + 2
    else:
        line = set_fact_value(path, *change.split("="))
    try:
        result = make_build(make_project)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "Build failed: the previous site in site/ is unchanged." in result.stderr
    assert snapshot(make_project / "site") == good_site
    assert leftovers(make_project) == []
    assert "Traceback" not in result.stderr + result.stdout
    problems = [row for row in result.stderr.splitlines() if row.startswith(("ERROR", "WARNING"))]
    assert len(problems) == 1 and expected in problems[0], result.stderr
    if breakage == "link":  # MkDocs' own warning names the page (relative to docs/), not the line
        assert "'about.md'" in problems[0], problems[0]
    else:
        assert f"{name}, line {line}" in problems[0], problems[0]
    assert "INFO" not in result.stderr and ".site-build-" not in result.stderr  # only what went wrong


def test_a_successful_build_replaces_the_site(make_project, good_site):
    shutil.copytree(make_project / "site", make_project / "older")  # `site/` stays for the other tests
    page = make_project / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nA sentence added for this test.\n", encoding="utf-8")
    try:
        result = make_build(make_project, "SITE_DIR=older")
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    after = snapshot(make_project / "older")
    assert after.keys() == good_site.keys()
    assert after["about/index.html"] != good_site["about/index.html"]
    assert "A sentence added for this test." in (make_project / "older" / "about" / "index.html").read_text()
    assert leftovers(make_project) == []
    shutil.rmtree(make_project / "older")


def test_a_failed_first_build_writes_no_site(make_project, good_site):
    path = make_project / DATA_FILE
    original = path.read_text(encoding="utf-8")
    set_fact_value(path, "mau_2020", "lots")
    try:
        result = make_build(make_project, "SITE_DIR=elsewhere")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "Build failed: no site was written." in result.stderr
    assert not (make_project / "elsewhere").exists()
    assert leftovers(make_project) == []


def test_an_interrupted_build_leaves_the_last_good_site_and_no_staging_folder(make_project, good_site):
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
def frozen_project(tmp_path_factory) -> Path:
    """A copy of the project, so that edits made meanwhile to the real one cannot reach one build only."""
    return copy_project(tmp_path_factory.mktemp("reproducible") / "project")


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


def test_source_date_epoch_sets_the_only_date_in_the_output(build_of, monkeypatch):
    """The content's date (the sitemap's, each page's citation, the dataset's) comes from
    SOURCE_DATE_EPOCH, and nothing else in the site depends on when it was built."""
    site = build_of("epoch-a", SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED="1")
    assert build_dates(site) == {"2021-07-27"}
    with gzip.open(site / "sitemap.xml.gz") as packed:
        assert packed.read() == (site / "sitemap.xml").read_bytes()
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == EPOCH  # gzip's mtime
    cited = BeautifulSoup((site / "about" / "index.html").read_text(), "html.parser").select_one(".sk-cite-page")
    assert "(version of 27 July 2021)" in cited.get_text() and "year = 2021" in cited.get_text()
    assert json.loads((site / "data" / "datapackage.json").read_text())["created"] == "2021-07-27T00:00:00Z"
    with zipfile.ZipFile(site / "data" / "wechat-sign-up-pause.zip") as archive:
        assert {entry.date_time[:3] for entry in archive.infolist()} == {(2021, 7, 27)}
    # Built today instead, only what carries the content's date changes: in a page, its citation.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    today = build_of("now-a", PYTHONHASHSEED="3")
    found = differences(site, today)
    dated = {"sitemap.xml", "sitemap.xml.gz", "data/datapackage.json", "data/wechat-sign-up-pause.zip"}
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


def test_every_internal_link_and_anchor_resolves(site_dir, site_url):
    """Each edition's build checks its own links (storykit.sitelinks); here both editions, one inside the
    other, as they are published."""
    from storykit.checks.sitelinks import links_to_nowhere

    checked, broken = links_to_nowhere(site_dir, site_url)
    assert checked > 500
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


def test_the_sitemap_and_the_search_index_point_at_pages_that_exist(site_dir, site_url):
    cache: dict[Path, set[str]] = {}
    locations = list(ElementTree.parse(site_dir / "sitemap.xml").iter(f"{SITEMAP}loc"))
    assert len(locations) >= 7
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


def test_data_tables_are_left_out_of_the_search_index(site_dir):
    """Every page fetches the index when it starts; the tables' rows repeat the pages and the downloads."""
    soup = soup_of(site_dir, "sources/")
    wraps = soup.select(".sk-table-wrap")
    assert wraps and all(wrap.has_attr("data-search-exclude") for wrap in wraps)
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    table_sections = [document for document in index["docs"] if "#facts-" in document["location"]]
    assert len(table_sections) >= 5  # one section per table of facts, found by its heading
    assert [document["location"] for document in table_sections if document["text"]] == []
    cell = wraps[0].select_one("td").get_text(" ", strip=True)
    assert all(cell not in document["text"] for document in index["docs"]), cell
    assert any("Every fact" in document["title"] for document in index["docs"]), "headings stay searchable"


def well_formed_https(url: object) -> bool:
    if not isinstance(url, str) or re.search(r"\s", url):
        return False
    parts = urlsplit(url)
    return (parts.scheme == "https" and bool(parts.hostname) and re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+",
            parts.hostname or "") is not None and parts.username is None and parts.port is None)


def test_every_source_address_is_a_well_formed_https_url():
    sources = yaml.safe_load((ROOT / "docs" / "data" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    addresses = {source["id"]: source["url"] for source in sources if "url" in source}
    assert len(addresses) >= 10
    assert [f"{source_id}: {url!r}" for source_id, url in addresses.items() if not well_formed_https(url)] == []
    for bad in ("http://example.org/", "https://localhost/", "https://exa mple.org/", "https://user@example.org/",
                "example.org/page", "https://example.org:8443/", None):
        assert not well_formed_https(bad), bad


def test_every_link_that_leaves_the_site_is_https(site_dir, site_url):
    origin = urlsplit(site_url)
    outside = set()
    for page in html_pages(site_dir):
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            parts = urlsplit(link["href"])
            if parts.scheme not in ("", "mailto") and (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                outside.add(link["href"])
    assert len(outside) >= 10
    assert sorted(url for url in outside if not well_formed_https(url)) == []
