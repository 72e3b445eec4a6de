"""Everything a build adds to the site besides its pages: downloads, the data package and its zip,
each chart's figures, pictures and page of its own, the feed of changes, and the hashed assets.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from markupsafe import Markup

from . import dataset
from .changes import FEED_PATH, atom_feed
from .charts import chart_csv
from .citation import bibtex, plain_citation
from .embed import embed_page, embed_path
from .pictures import standalone_svg
from .render import relative_url, series_csv_path

if TYPE_CHECKING:
    from .site import StorySite

PACKAGE = "data/datapackage.json"


def downloads_list(site: StorySite, page_url: str) -> Markup:
    """The Downloads block: the whole dataset first, then each file."""
    files = [(zip_path(site), "The whole dataset: every file below, its Data Package and a README (ZIP)"),
             (PACKAGE, "The Data Package: what each file holds, column by column (JSON)"),
             ("data/facts.csv", "Every fact (CSV)"), ("data/facts.json", "Every fact, source and series (JSON)"),
             ("data/sources.csv", "Every source (CSV)"), ("data/changes.csv", "Every change and correction (CSV)")]
    items = [Markup('<li><a href="{}" download>{}</a></li>').format(relative_url(path, page_url), label)
             for path, label in files]
    for item in site.story.series.values():
        items.append(Markup('<li>Daily series: <a href="{}" download>{}</a> (CSV)</li>').format(
            relative_url(series_csv_path(item.id), page_url), item.series.label))
    for chart in site.charts.values():
        title = site.renderer.inline_text(chart.spec.title, page_url, site._chart_where(chart))
        items.append(Markup('<li>Chart data: <a href="{}" download>{}</a> (CSV)</li>').format(
            relative_url(chart.csv_path, page_url), title))
    return Markup('<ul class="sk-downloads">{}</ul>').format(Markup("").join(items))


def zip_path(site: StorySite) -> str:
    return f"data/{site.settings.dataset}.zip"


def generated_files(site: StorySite) -> dict[str, bytes]:
    """path -> content of every file the build adds."""
    story = site.story
    resources = data_resources(site)
    files: dict[str, bytes] = {f"data/{resource.path}": resource.content for resource in resources}
    files["data/facts.json"] = facts_json(site).encode()
    files[PACKAGE] = dataset.data_package(about(site), resources, story).encode()
    readme = dataset_readme(site, resources).encode()
    files[zip_path(site)] = dataset.dataset_zip(
        {"datapackage.json": files[PACKAGE], "README.md": readme,
         **{resource.path: resource.content for resource in resources}}, site.content_day)
    files[FEED_PATH] = atom_feed(
        story.changes, site_name=site_name(site), site_url=site.settings.site_url,
        changes_url=site.settings.site_url + site.renderer.changes_page, details=site.change_details,
        authors=site.citation.authors, day=site.content_day)
    for chart in site.charts.values():
        for screen in chart.figures:
            files[chart.figure_path(screen)] = chart.figure_json(screen).encode()
        title, source = site.chart_caption(chart)
        for screen, svg in chart.pictures.items():
            for scheme in ("light", "dark"):
                files[chart.picture_path(screen, scheme)] = standalone_svg(svg, scheme, title, source).encode()
        files[embed_path(chart.spec.id)] = embed_page(site, chart).encode()
    for asset in site.assets.values():
        files[asset.path] = asset.content
    return files


def data_resources(site: StorySite) -> list[dataset.Resource]:
    """Every CSV of the dataset, its path inside data/ and its columns."""
    story = site.story
    resources = [
        dataset.Resource("facts", "facts.csv", "Every fact: figures, dates and claims, with their sources",
                         dataset.FACT_TABLE_COLUMNS, "fact_id", dataset.facts_csv(story).encode()),
        dataset.Resource("sources", "sources.csv", "Every source a fact cites", dataset.SOURCE_COLUMNS, "source_id",
                         dataset.sources_csv(story).encode()),
        dataset.Resource("changes", "changes.csv", "Every change and correction to the site",
                         dataset.CHANGE_COLUMNS, "change_id",
                         dataset.changes_csv(story, {c.id: site.change_details(c) for c in story.changes}).encode()),
    ]
    for item in story.series.values():
        resources.append(dataset.Resource(
            f"series-{item.id}".replace("_", "-"), series_csv_path(item.id).removeprefix("data/"),
            item.series.label, dataset.series_columns(story, item.id), "date",
            dataset.series_csv(story, item.id).encode()))
    for chart in site.charts.values():
        title, _ = site.chart_caption(chart)
        resources.append(dataset.Resource(
            f"chart-{chart.spec.id}", chart.csv_path.removeprefix("data/"), f"What the chart plots: {title}",
            dataset.CHART_COLUMNS, None, chart_csv(chart, story).encode()))
    return resources


def site_name(site: StorySite) -> str:
    return site.settings.site_name or site.citation.title


RIGHTS = ("The licence covers this compilation: quoted words stay their authors', and data republished from "
          "other publishers (see sources.csv) stays theirs.")


def about(site: StorySite) -> dataset.About:
    citation = site.citation
    newest = site.story.changes[0].date if site.story.changes else site.content_day
    return dataset.About(
        name=site.settings.dataset, title=f"{site_name(site)}: the data", version=newest.isoformat().replace("-", "."),
        description=" ".join(part for part in (citation.abstract, RIGHTS) if part), created=site.content_day,
        licences=citation.licences, homepage=site.settings.site_url, authors=citation.authors)


def dataset_readme(site: StorySite, resources: list[dataset.Resource]) -> str:
    """The README inside the zip: what is there, the licence, and how to cite it."""
    info = about(site)
    day = site.content_day
    lines = [f"# {info.title}", "", info.description, "", f"Version {info.version}, published {day.isoformat()} at "
             f"{site.settings.site_url}.", "", "## Files", "",
             "- `datapackage.json`: a Frictionless Data Package describing every file below, column by column."]
    lines += [f"- `{resource.path}`: {resource.title}." for resource in resources]
    lines += ["", "## Licence", ""]
    for licence in info.licences:
        title, address = dataset.LICENCES.get(licence, (licence, ""))
        lines.append(f"- {title} ({licence}){': ' + address if address else ''}")
    name = site_name(site)
    lines += ["", RIGHTS, "", "## How to cite", "",
              plain_citation(site.citation, name, name, site.settings.site_url, day), "", "```bibtex",
              bibtex(site.citation, name, name, site.settings.site_url, day), "```"]
    lines += ["", "## Changes", "", f"Every correction is in `changes.csv`, on the site's Changes page and in its "
              f"Atom feed: {site.settings.site_url}{FEED_PATH}", ""]
    return "\n".join(lines)


def facts_json(site: StorySite) -> str:
    story = site.story
    facts = []
    for fact in story.facts.values():
        record = fact.fact.model_dump(mode="json", exclude_none=True)
        record["value"] = fact.raw
        record["shown_as"] = fact.display()
        if fact.qualifier:
            record["qualifier"] = fact.qualifier
        if fact.confidence:
            record["confidence"] = fact.confidence
        if fact.inputs:
            record["inputs"] = fact.inputs
        corrections = [change.id for change in story.corrections_of(fact.id)]
        if corrections:
            record["corrections"] = corrections
        record["group"] = fact.group
        facts.append(record)
    sources = [source.model_dump(mode="json", exclude_none=True) for source in story.sources.values()]
    series = []
    for item in story.series.values():
        record = item.series.model_dump(mode="json", exclude_none=True)
        record["confidence"] = item.confidence
        record["differences"] = [{"date": d.day.isoformat(), "fact": d.fact_id, "reported": d.reported,
                                  "in_series": d.in_series} for d in item.differences]
        record["values"] = [[day.isoformat(), value] for day, value in zip(item.days, item.values)]
        series.append(record)
    changes = [change.model_dump(mode="json") for change in story.changes]
    return json.dumps({"sources": sources, "facts": facts, "series": series, "changes": changes},
                      ensure_ascii=False, indent=1) + "\n"
