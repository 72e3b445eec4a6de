"""One record of a build, made once and handed down: everything a page or a file of the site is made from.

`make_build` loads and checks the data, reads the pages' front matter, runs the chart functions,
makes their pictures and the site's assets; the `Build` it returns is never changed afterwards.
Pages (`page.py`) and files (`outputs/`) are pure functions of it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from dataclasses import dataclass, field, replace
from typing import Any

from ..core import paths
from .assets import Asset, build_assets, localized_bundle
from ..charts.build import BuiltChart, build_chart, load_charts
from .citation import Citation, content_date, read_citation
from ..checks.editions import check_editions
from ..core.errors import StoryError
from ..core.catalogue import Language, load_language
from ..data.load import load_story
from ..core.markers import MarkerProblem, find_markers
from ..charts.pictures import Exporter, Job, PictureMaker
from ..writing.page_writer import PageWriter
from ..writing.writer import FactWriter
from ..core.settings import Settings
from ..core.templating import Templates
from ..data.story import Story
from ..checks.storycheck import front_matter_problems, typed_in_data


@dataclass(frozen=True)
class PageSource:
    """A page as MkDocs found it: its source path in the docs folder, its URL ("" for the home page), its
    text (front matter included), its front matter, and how many lines that takes."""

    source: str
    url: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    front_matter_lines: int = 0


@dataclass(frozen=True)
class PageInfo:
    source: str  # e.g. suspension.md
    url: str  # e.g. suspension/ ("" for the home page)
    file: str  # the page's file as an author writes it: docs/suspension.md
    title: str  # the front matter's, or the site's name
    description: str  # with its fact markers written out
    front_matter_lines: int  # lines before the page's Markdown, so errors name the file's own lines


@dataclass(frozen=True)
class Build:
    settings: Settings
    language: Language
    story: Story
    citation: Citation
    day: dt.date  # the date of the content (SOURCE_DATE_EPOCH), read once for the whole build
    pages: dict[str, PageInfo]  # source -> page
    charts: dict[str, BuiltChart]  # id -> chart, with its pictures
    chart_pages: dict[str, str]  # chart id -> the URL of the page it is on
    assets: dict[str, Asset]  # role -> asset
    templates: Templates  # the site's markup (core.templating)
    # source -> a mistake its render reports, found before (the same facts as the other editions)
    page_problems: dict[str, StoryError] = field(default_factory=dict)

    @property
    def site_name(self) -> str:
        return self.settings.site_name or self.citation.title

    def page_url(self, setting: str) -> str:
        return self.pages[getattr(self.settings, setting)].url

    @property
    def writer(self) -> FactWriter:
        """The writer of this story's facts as plain text, in this edition's language."""
        return FactWriter(self.story, self.language)

    def page_writer(self, page_url: str) -> PageWriter:
        """A writer of this story's facts into the page at `page_url`, with a record of first mentions of its own."""
        return PageWriter(self.story, self.language, page_url, self.page_url("facts_page"), self.page_url("changes_page"),
                          self.templates)

    def shared_link(self, path: str, page_url: str) -> str:
        """The link from a page to a file all editions share (the dataset), which the first edition writes."""
        return paths.shared(path, page_url, "" if self.settings.is_first_edition else self.settings.edition_path)

    def where_in_data(self, section: str, record_id: str, field_name: str) -> Any:
        return self.story.origins[(section, record_id)].where(record_id, field_name)


def language_of(settings: Settings) -> Language:
    """The language of this edition: the machinery's catalogue with the story's own words."""
    return load_language(settings.language, settings.words, settings.as_written(settings.words or ""),
                         base=settings.languages[0])


def make_build(settings: Settings, pages: list[PageSource], exporter: Exporter | None = None,
               language: Language | None = None, templates: Templates | None = None) -> Build:
    """Everything a site is made from; raises StoryError for any mistake. `exporter`, kept by a caller that
    builds again and again, saves starting a browser each time; without one, a browser is started if a
    picture is not in the cache, and closed before returning. `language`, if the caller has loaded it;
    `templates`, the site's markup as MkDocs' environment finds it (the machinery's own, without one)."""
    language = language or language_of(settings)
    story = load_story(settings.data, settings.project_root, settings.languages, skip=settings.words)
    citation = read_citation(settings.citation, settings.as_written(settings.citation))
    sources = {page.source for page in pages}
    for setting, holds in (("facts_page", "facts table"), ("changes_page", "record of changes")):
        if getattr(settings, setting) not in sources:
            raise settings.problem(setting, f"no page {getattr(settings, setting)} in the docs folder; expected the "
                                            f"page that holds the {holds}, or this setting naming another")
    registry = load_charts(settings.charts, settings.as_written) if settings.charts else {}
    page_problems = check_editions(settings, pages, story.facts, registry, story.data_folder)
    typed = typed_in_data(settings, story, registry, language)  # the pages' own are found when they render
    if typed:
        raise typed[0]
    charts = {spec.id: build_chart(spec, story, language, settings.as_written) for spec in registry.values()}
    if charts and settings.plotly_bundle is None:
        raise settings.problem("plotly_bundle", "the charts need plotly.js; expected the path of the bundle "
                                                "`make setup` builds")
    bundle = localized_bundle(settings) if charts else None
    assets = build_assets(bundle, settings.as_written(settings.plotly_bundle or ""), language)
    site_name = settings.site_name or citation.title
    writer = FactWriter(story, language)
    infos = {page.source: _page_info(settings, writer, site_name, page)
             for page in pages}
    charts = _with_pictures(settings, charts, bundle, exporter)
    return Build(settings, language, story, citation, content_date(), infos, charts, _chart_pages(pages, charts),
                 assets, templates or Templates(), page_problems)


# Helpers


def _page_info(settings: Settings, writer: FactWriter, site_name: str, page: PageSource) -> PageInfo:
    shown = settings.as_written(settings.docs_dir / page.source)
    meta = page.meta

    def where(line: int, message: str) -> StoryError:
        return StoryError(message, file=shown, field="description (front matter)")

    for problem in front_matter_problems(page.text, shown, writer.story, writer.lang)[:1]:
        raise problem
    description = writer.plain(str(meta.get("description") or settings.site_description), where)
    return PageInfo(page.source, page.url, shown, str(meta.get("title") or site_name), description,
                    page.front_matter_lines)


def _with_pictures(settings: Settings, charts: dict[str, BuiltChart], bundle: Path | None,
                   exporter: Exporter | None) -> dict[str, BuiltChart]:
    """Each chart with its picture on each screen, exported (or read from the cache) in one go."""
    if not charts:
        return charts
    assert bundle is not None
    maker = PictureMaker(settings.pictures_cache, bundle, exporter)
    jobs = [Job(chart.id, screen, figure, chart.problem) for chart in charts.values()
            for screen, figure in chart.figures.items()]
    try:
        made = maker.make(jobs)
    finally:
        if exporter is None:
            maker.close()
    return {chart_id: replace(chart, pictures={screen: made[(chart_id, screen)] for screen in chart.figures})
            for chart_id, chart in charts.items()}


def _chart_pages(pages: list[PageSource], charts: dict[str, BuiltChart]) -> dict[str, str]:
    """Where each chart is placed (the first page naming it), so that its own page can link back."""
    placed: dict[str, str] = {}
    for page in sorted(pages, key=lambda page: page.source):
        try:
            markers = find_markers(page.text)
        except MarkerProblem:
            continue  # reported with its page and line when the page is rendered
        for marker in markers:
            if marker.name == "chart" and marker.target in charts:
                placed.setdefault(marker.target, page.url)
    return placed
