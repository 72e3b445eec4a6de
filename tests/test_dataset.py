"""The data to reuse and cite: the Data Package and its zip, the citation, the record of changes and its
feed, and each chart's page to embed elsewhere."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, soup_of
from storykit.core.catalogue import load_language

PAGES = ["", "suspension/", "qingfeng-plan/", "scale/", "fact-check/", "sources/", "changes/", "about/"]
ZIP = "data/wechat-sign-up-pause.zip"


# The Data Package


def test_the_data_package_validates_and_describes_every_csv(site_dir, story):
    from frictionless import validate

    report = validate(str(site_dir / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((site_dir / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {resource["path"] for resource in package["resources"]}
    on_site = {path.relative_to(site_dir / "data").as_posix() for path in (site_dir / "data").rglob("*.csv")}
    assert paths == on_site, "every CSV of the site, and only those, is described"
    assert {"facts.csv", "sources.csv", "changes.csv"} <= paths
    assert len([p for p in paths if p.startswith("series/")]) == len(story.series) == 4
    assert len([p for p in paths if p.startswith("charts/")]) == 7
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO((site_dir / "data" / resource["path"]).read_text(encoding="utf-8"))))
        fields = resource["schema"]["fields"]
        assert header == [field["name"] for field in fields], resource["path"]
        assert all(field["type"] and len(field["description"]) > 10 for field in fields), resource["path"]
    facts = next(r for r in package["resources"] if r["name"] == "facts")
    assert facts["schema"]["primaryKey"] == ["fact_id"]
    assert package["licenses"][0]["name"] == yaml.safe_load((ROOT / "CITATION.cff").read_text())["license"]
    assert package["version"] == story.changes[0].date.isoformat().replace("-", ".")
    assert len(package["sources"]) == len(story.sources)


def test_a_wrong_value_in_a_csv_would_fail_the_package(site_dir, tmp_path):
    """The validation above is not blind: a date that is not a date is found."""
    from frictionless import validate

    copy = tmp_path / "data"
    for path in (site_dir / "data").rglob("*"):
        if path.is_file():
            (copy / path.relative_to(site_dir / "data")).parent.mkdir(parents=True, exist_ok=True)
            (copy / path.relative_to(site_dir / "data")).write_bytes(path.read_bytes())
    sources = (copy / "sources.csv").read_text(encoding="utf-8").split("\n")
    sources[1] = re.sub(r",\d{4}-\d{2}-\d{2},", ",28 July,", sources[1], count=1)
    (copy / "sources.csv").write_text("\n".join(sources), encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "type-error" in {error.type for task in report.tasks for error in task.errors}


def test_one_download_holds_the_whole_dataset_with_its_licence_and_citation(site_dir):
    with zipfile.ZipFile(site_dir / ZIP) as archive:
        names = set(archive.namelist())
        package = json.loads(archive.read("datapackage.json"))
        readme = archive.read("README.md").decode("utf-8")
        assert archive.read("facts.csv") == (site_dir / "data" / "facts.csv").read_bytes()
    assert {"datapackage.json", "README.md"} | {resource["path"] for resource in package["resources"]} == names
    assert "Creative Commons Attribution 4.0" in readme and "@misc{" in readme and "How to cite" in readme
    downloads = soup_of(site_dir, "sources").select_one(".sk-downloads")
    assert downloads.select_one(f'a[href$="{ZIP.split("/")[1]}"]') is not None, "offered first on the Sources page"


def test_each_fact_records_its_corrections_in_the_downloads(site_dir, story):
    rows = {row["fact_id"]: row for row in csv.DictReader(io.StringIO((site_dir / "data" / "facts.csv").read_text()))}
    assert rows["wecom_share_of_wechat"]["corrections"] == "review_lower_bound"
    assert rows["wecom_share_of_wechat"]["qualifier"] == "more than"
    assert rows["mau_2016"]["corrections"] == ""
    changes = list(csv.DictReader(io.StringIO((site_dir / "data" / "changes.csv").read_text())))
    assert [row["change_id"] for row in changes] == [change.id for change in story.changes]
    assert "more than 10.6%" in changes[0]["details"], "markers are written out"


# Citation


def test_citation_cff_is_valid():
    from cffconvert import Citation

    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    Citation(text).validate()
    with pytest.raises(Exception):  # the validator is not blind
        Citation(text.replace("cff-version: 1.2.0", "cff-version: 1.2.0\nnot-a-field: 1")).validate()


@pytest.mark.parametrize("path", PAGES)
def test_every_page_offers_its_citation_in_plain_text_and_bibtex(site_dir, site_url, path):
    soup = soup_of(site_dir, path)
    block = soup.select_one("article details.sk-cite-page")
    assert block is not None and block.summary.get_text() == "Cite this page"
    title = soup.select_one("meta[property='og:title']")["content"]
    address = soup.select_one("link[rel=canonical]")["href"]
    text = block.select_one(".sk-cite-page__text").get_text()
    assert address == site_url + path and address in text
    assert "The authors of WeChat's sign-up pause, explained" in text
    assert (f"“{title}”" in text) or path == "", text
    bibtex = block.select_one(".sk-cite-page__bibtex").get_text()
    assert re.match(r"@misc\{[a-z0-9-]+-\d{4},\n", bibtex) and bibtex.rstrip().endswith("}")
    assert f"url = {{{address}}}" in bibtex and bibtex.count("{") == bibtex.count("}")
    assert re.search(r"version of \d{1,2} [A-Z][a-z]+ \d{4}", text)
    feed = soup.select_one("link[rel~=alternate][type='application/atom+xml']")
    assert feed is not None and feed["href"].endswith("changes.xml"), "the feed is linked from every page"


# Changes and corrections


def test_the_changes_page_lists_every_change_with_the_facts_it_touched(site_dir, story):
    soup = soup_of(site_dir, "changes")
    items = soup.select("ol.sk-changes > li")
    assert [item["id"] for item in items] == [f"change-{change.id}" for change in story.changes]
    first = items[0]
    assert first.select_one(".sk-badge").get_text() == "Correction"
    assert first.select_one("time")["datetime"] == story.changes[0].date.isoformat()
    assert [a["href"] for a in first.select(".sk-change__facts a")] == ["../sources/#fact-wecom_share_of_wechat"]


def test_a_corrected_fact_says_so_where_it_is_recorded_and_where_it_is_named(site_dir):
    row = soup_of(site_dir, "sources").select_one("tr#fact-wecom_share_of_wechat")
    note = row.select_one(".sk-correction")
    assert note is not None and note.get_text().startswith("Corrected on 30 November 2026")
    assert note.a["href"] == "../changes/#change-review_lower_bound"
    assert soup_of(site_dir, "changes").find(id="change-review_lower_bound") is not None
    mention = next(a for a in soup_of(site_dir, "scale").select("a.sk-fact")
                   if a["href"].endswith("#fact-wecom_share_of_wechat"))
    assert "Corrected on 30 November 2026" in mention["data-sk-tip"]
    untouched = soup_of(site_dir, "sources").select_one("tr#fact-mau_2016")
    assert untouched.select_one(".sk-correction") is None


def test_the_feed_of_changes_parses_as_atom_and_links_to_each_change(site_dir, site_url, story, english):
    import feedparser

    feed = feedparser.parse((site_dir / "changes.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title.endswith("changes and corrections")
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [site_url + "changes.xml"]
    assert len(feed.entries) == len(story.changes)
    changes_page = soup_of(site_dir, "changes")
    for entry, change in zip(feed.entries, story.changes):
        assert entry.link == f"{site_url}changes/#change-{change.id}"
        assert changes_page.find(id=f"change-{change.id}") is not None
        assert entry.updated.startswith(change.date.isoformat())
        assert entry.title.endswith(english.local(change.summary))
        assert "<!--" not in entry.summary, "fact markers are written out"


# Embedding a chart


@pytest.mark.parametrize("chart", ["timeline", "market-27-july", "market-daily", "qingfeng-targets", "mau-growth",
                                   "daily-use", "wecom-scale"])
def test_each_chart_has_a_light_page_to_embed_and_its_block_offers_the_code(site_dir, site_url, chart):
    page = site_dir / "embed" / chart / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    figure = soup.select_one(f"figure#chart-{chart}")
    for part in (".sk-chart__title", ".sk-chart__takeaway", ".sk-chart__description", ".sk-chart__source"):
        assert figure.select_one(part).get_text().strip(), part
    assert len(figure.select("svg.sk-chart__picture")) == 2
    back = soup.select_one(".sk-embed__from a")["href"]
    assert back.startswith("../../") and back.endswith(f"#chart-{chart}")
    assert soup.select_one("base")["target"] == "_blank", "links leave the frame, not the embedding page"
    assert not soup.select("link[href*='material'], script[src*='bundle']"), "none of Material"
    weight = len(page.read_bytes()) + sum(len((page.parent / tag["href"]).resolve().read_bytes())
                                          for tag in soup.select("link[rel=stylesheet]"))
    assert weight < 120_000, f"{weight} bytes before any script"
    # Where the chart is placed, its block offers the <iframe> code and a link to the page.
    story_page = (page.parent / back.split("#")[0]).resolve()
    block = BeautifulSoup((story_page / "index.html" if story_page.is_dir() else story_page).read_text(
        encoding="utf-8"), "html.parser").select_one(f"#chart-{chart} details.sk-chart__embed")
    code = block.select_one("pre.sk-chart__code")  # written by charts.js when the block opens (test_headers)
    assert code["data-sk-frame"] == f"{site_url}embed/{chart}/" and int(code["data-sk-height"]) > 300
    assert block.select_one(f"a[href$='embed/{chart}/']") is not None
