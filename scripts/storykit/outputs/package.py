"""The whole dataset to reuse and cite: its Frictionless Data Package, and one zip with every table,
the package and a README (what is there, the licence, how to cite it)."""

from __future__ import annotations

from ..core import paths
from ..site.citation import bibtex, plain_citation
from ..site.dataset import About, Resource, data_package, dataset_zip
from ..site.record import Build
from .download import Download

SHARED = True  # one dataset for every edition: written by the first, linked from the others
from .tables import resources


def files(build: Build) -> dict[str, bytes]:
    tables = resources(build)
    package = data_package(about(build), tables).encode()
    readme = dataset_readme(build, tables).encode()
    archive = dataset_zip({"datapackage.json": package, "README.md": readme,
                           **{resource.path: resource.content for resource in tables}}, build.day)
    return {paths.DATA_PACKAGE: package, paths.dataset_zip(build.settings.dataset): archive}


def downloads(build: Build) -> list[Download]:
    lang = build.language
    return [Download(paths.dataset_zip(build.settings.dataset), "file", lang.say("downloads.zip")),
            Download(paths.DATA_PACKAGE, "file", lang.say("downloads.package"))]


def about(build: Build) -> About:
    lang, citation = build.language, build.citation
    newest = build.story.changes[0].date if build.story.changes else build.day
    licences = []
    for licence in citation.licences:
        known = lang.words.get("licences", {}).get(licence, {})
        licences.append({"name": licence, "title": known.get("title", licence),
                         **({"path": known["url"]} if known.get("url") else {})})
    sources = [{"title": lang.say("dataset.source", outlet=lang.local(source.outlet), title=lang.local(source.title)),
                **({"path": source.url} if source.url else {})} for source in build.story.sources.values()]
    return About(name=build.settings.dataset, title=lang.say("dataset.title", site=build.site_name),
                 version=newest.isoformat().replace("-", "."),
                 description=" ".join(part for part in (citation.abstract, lang.say("dataset.rights")) if part),
                 created=build.day, licences=licences, homepage=build.settings.site_url, authors=citation.authors,
                 sources=sources)


def dataset_readme(build: Build, resources: list[Resource]) -> str:
    """The README inside the zip: what is there, the licence, and how to cite it."""
    lang, info, day, url = build.language, about(build), build.day, build.settings.site_url
    lines = [f"# {info.title}", "", info.description, "",
             lang.say("dataset.readme.version", version=info.version, day=day.isoformat(), url=url), "",
             lang.say("dataset.readme.files"), "", lang.say("dataset.readme.package")]
    lines += [lang.say("dataset.readme.file", path=resource.path, title=resource.title) for resource in resources]
    lines += ["", lang.say("dataset.readme.licence"), ""]
    for licence in info.licences:
        address = licence.get("path", "")
        lines.append(f"- {licence['title']} ({licence['name']}){': ' + address if address else ''}")
    name = build.site_name
    lines += ["", lang.say("dataset.rights"), "", lang.say("dataset.readme.cite"), "",
              plain_citation(build.citation, name, name, url, day, lang), "", "```bibtex",
              bibtex(build.citation, name, name, url, day, lang), "```"]
    lines += ["", lang.say("dataset.readme.changes_heading"), "",
              lang.say("dataset.readme.changes", feed=url + paths.FEED), ""]
    return "\n".join(lines)
