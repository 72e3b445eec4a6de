"""The data to reuse and cite: the Data Package and its zip, the citation, the record of changes and its
feed, and each chart's page to embed elsewhere: for the story `--story` names."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import pytest
from bs4 import BeautifulSoup

from storykit.site.citation import read_citation
from storykit.writing.formats import PLAIN, date
from storykit.writing.writer import FactWriter

from helpers import needs, soup_of


def citation_of(project):
    settings = project.settings
    return read_citation(settings.citation, settings.as_written(settings.citation))


def link_between(page: str, target: str) -> str:
    """A link from one page of the site to another, as the generator writes it ("../sources/")."""
    return "../" * page.count("/") + target


def corrected(story):
    """The first correction that touched a fact, and that fact."""
    return next(((change, change.facts[0]) for change in story.changes if change.kind == "correction" and change.facts),
                (None, None))


# The Data Package


def test_the_data_package_validates_and_describes_every_csv(story_under_test, site_dir, story):
    from frictionless import validate

    report = validate(str(site_dir / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["taskNumber", "rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((site_dir / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = {resource["path"] for resource in package["resources"]}
    on_site = {path.relative_to(site_dir / "data").as_posix() for path in (site_dir / "data").rglob("*.csv")}
    assert paths == on_site, "every CSV of the site, and only those, is described"
    assert {"facts.csv", "sources.csv", "changes.csv"} <= paths
    assert len([p for p in paths if p.startswith("series/")]) == len(story.series)
    assert len([p for p in paths if p.startswith("charts/")]) == len(story_under_test.charts)
    for resource in package["resources"]:
        header = next(csv.reader(io.StringIO((site_dir / "data" / resource["path"]).read_text(encoding="utf-8"))))
        fields = resource["schema"]["fields"]
        assert header == [field["name"] for field in fields], resource["path"]
        assert all(field["type"] and len(field["description"]) > 10 for field in fields), resource["path"]
    facts = next(r for r in package["resources"] if r["name"] == "facts")
    assert facts["schema"]["primaryKey"] == ["fact_id"]
    assert package["licenses"][0]["name"] == citation_of(story_under_test).licences[0]
    if story.changes:
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
    dated = next(index for index, row in enumerate(sources) if index and re.search(r",\d{4}-\d{2}-\d{2},", row))
    sources[dated] = re.sub(r",\d{4}-\d{2}-\d{2},", ",28 July,", sources[dated], count=1)
    (copy / "sources.csv").write_text("\n".join(sources), encoding="utf-8")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "type-error" in {error.type for task in report.tasks for error in task.errors}


def test_one_download_holds_the_whole_dataset_with_its_licence_and_citation(story_under_test, site_dir, language):
    archive_name = f"{story_under_test.settings.dataset}.zip"
    with zipfile.ZipFile(site_dir / "data" / archive_name) as archive:
        names = set(archive.namelist())
        package = json.loads(archive.read("datapackage.json"))
        readme = archive.read("README.md").decode("utf-8")
        assert archive.read("facts.csv") == (site_dir / "data" / "facts.csv").read_bytes()
    assert {"datapackage.json", "README.md"} | {resource["path"] for resource in package["resources"]} == names
    licence = language.text("licences")[citation_of(story_under_test).licences[0]]["title"]
    assert licence in readme and "@misc{" in readme and "How to cite" in readme
    downloads = soup_of(site_dir, story_under_test.page_of("facts_page")).select_one(".sk-downloads")
    assert downloads.select_one(f'a[href$="{archive_name}"]') is not None, "offered first on the Sources page"


def test_each_fact_records_its_corrections_in_the_downloads(site_dir, story, language):
    from storykit.core.markers import find_markers

    rows = {row["fact_id"]: row for row in csv.DictReader(io.StringIO((site_dir / "data" / "facts.csv").read_text()))}
    corrected_by = {fact: [change.id for change in story.changes if change.kind == "correction" and fact in change.facts]
                    for fact in story.facts}  # corrections only: not an update or an addition
    assert {fact: row["corrections"] for fact, row in rows.items()} == \
        {fact: "; ".join(changes) for fact, changes in corrected_by.items()}
    qualified = [fact for fact in story.facts.values() if fact.qualifier]
    assert all(rows[fact.id]["qualifier"] == fact.qualifier for fact in qualified)
    changes = list(csv.DictReader(io.StringIO((site_dir / "data" / "changes.csv").read_text())))
    assert [row["change_id"] for row in changes] == [change.id for change in story.changes]
    change, fact = corrected(story)
    needs(change, "no correction of a fact")
    details = next(row["details"] for row in changes if row["change_id"] == change.id)
    named = [marker.target for marker in find_markers(language.local(change.details)) if marker.name == "fact"]
    assert "<!--" not in details and all(FactWriter(story, language).value(name) in details for name in named), \
        "markers are written out"


# Citation


def test_citation_cff_is_valid(story_under_test):
    from cffconvert import Citation

    text = story_under_test.settings.citation.read_text(encoding="utf-8")
    Citation(text).validate()
    with pytest.raises(Exception):  # the validator is not blind
        Citation(text.replace("cff-version: 1.2.0", "cff-version: 1.2.0\nnot-a-field: 1")).validate()


def test_every_page_offers_its_citation_in_plain_text_and_bibtex(story_under_test, site_dir, site_url, language):
    import datetime
    from xml.etree import ElementTree

    lastmod = next(ElementTree.parse(site_dir / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod"))
    version = date(datetime.date.fromisoformat(lastmod.text), PLAIN, language)  # the content's date
    for path in story_under_test.pages():
        check_citation(site_dir, site_url, path, story_under_test, language, version)


def check_citation(site_dir, site_url, path, story_under_test, language, version):
    soup = soup_of(site_dir, path)
    block = soup.select_one("article details.sk-cite-page")
    assert block is not None and block.summary.get_text() == language.say("cite.summary")
    title = soup.select_one("meta[property='og:title']")["content"]
    address = soup.select_one("link[rel=canonical]")["href"]
    text = block.select_one(".sk-cite-page__text").get_text()
    assert address == site_url + path and address in text
    assert all(author in text for author in citation_of(story_under_test).authors), text
    assert story_under_test.settings.site_name in text
    assert (f"“{title}”" in text) or path == "", text
    bibtex = block.select_one(".sk-cite-page__bibtex").get_text()
    assert re.match(r"@misc\{[a-z0-9-]+-\d{4},\n", bibtex) and bibtex.rstrip().endswith("}")
    assert f"url = {{{address}}}" in bibtex and bibtex.count("{") == bibtex.count("}")
    assert version in text, (version, text)
    feed = soup.select_one("link[rel~=alternate][type='application/atom+xml']")
    assert feed is not None and feed["href"].endswith("changes.xml"), "the feed is linked from every page"


# Changes and corrections


def test_the_changes_page_lists_every_change_with_the_facts_it_touched(story_under_test, site_dir, story, language):
    needs(story.changes, "no change recorded")
    changes_page, facts_page = story_under_test.page_of("changes_page"), story_under_test.page_of("facts_page")
    soup = soup_of(site_dir, changes_page)
    items = soup.select("ol.sk-changes > li")
    assert [item["id"] for item in items] == [f"change-{change.id}" for change in story.changes]
    for item, change in zip(items, story.changes):
        assert item.select_one(".sk-badge").get_text() == language.say(f"changes.kinds.{change.kind}")
        assert item.select_one("time")["datetime"] == change.date.isoformat()
        assert [a["href"] for a in item.select(".sk-change__facts a")] == \
            [f"{link_between(changes_page, facts_page)}#fact-{fact}" for fact in change.facts]


def test_a_corrected_fact_says_so_where_it_is_recorded_and_where_it_is_named(story_under_test, site_dir, story,
                                                                             language):
    change, fact = corrected(story)
    needs(change, "no correction of a fact")
    changes_page, facts_page = story_under_test.page_of("changes_page"), story_under_test.page_of("facts_page")
    said = language.say("facts.corrected", days=date(change.date, PLAIN, language))  # "Corrected on 30 November 2026"
    row = soup_of(site_dir, facts_page).select_one(f"tr#fact-{fact}")
    note = row.select_one(".sk-correction")
    assert note is not None and note.get_text().startswith(said)
    assert note.a["href"] == f"{link_between(facts_page, changes_page)}#change-{change.id}"
    assert soup_of(site_dir, changes_page).find(id=f"change-{change.id}") is not None
    mentions = [a for page in story_under_test.pages() for a in soup_of(site_dir, page).select("article a.sk-fact")
                if a["href"].endswith(f"#fact-{fact}") and not a.find_parent("table")]
    assert mentions and all(said in mention["data-sk-tip"] for mention in mentions)
    untouched = next(other for other in story.facts if all(other not in change.facts for change in story.changes))
    assert soup_of(site_dir, facts_page).select_one(f"tr#fact-{untouched}").select_one(".sk-correction") is None


def test_the_feed_of_changes_parses_as_atom_and_links_to_each_change(story_under_test, site_dir, site_url, story,
                                                                       language):
    import feedparser

    english = language
    feed = feedparser.parse((site_dir / "changes.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == language.say("feed.title", site=story_under_test.settings.site_name)
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [site_url + "changes.xml"]
    assert len(feed.entries) == len(story.changes)
    page = story_under_test.page_of("changes_page")
    changes_page = soup_of(site_dir, page)
    for entry, change in zip(feed.entries, story.changes):
        assert entry.link == f"{site_url}{page}#change-{change.id}"
        assert changes_page.find(id=f"change-{change.id}") is not None
        assert entry.updated.startswith(change.date.isoformat())
        assert entry.title.endswith(english.local(change.summary))
        assert "<!--" not in entry.summary, "fact markers are written out"


# Embedding a chart


def test_each_chart_has_a_light_page_to_embed_and_its_block_offers_the_code(story_under_test, site_dir, site_url):
    needs(story_under_test.charts, "no chart")
    for chart in story_under_test.charts:
        check_embed_page(site_dir, site_url, chart)


def check_embed_page(site_dir, site_url, chart):
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
