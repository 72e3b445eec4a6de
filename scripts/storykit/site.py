"""One build of a story site: data loaded, charts drawn, pages rendered, downloads made.

This module knows nothing of MkDocs' objects; `scripts/hooks.py` adapts it to MkDocs events.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import importlib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import jinja2
import jinja2.bccache
from markupsafe import Markup, escape

from . import outputs
from .cards import Card, card_key, draw_card
from .changes import FEED_PATH, changes_list
from .charts import BuiltChart, ChartRegistry, build_chart, chart_html, chart_table
from .citation import Citation, cite_block, content_date, read_citation
from .embed import embed_snippet, embed_url
from .errors import StoryError
from .markers import BLOCK, BLOCK_WITH_ID, Marker, MarkerProblem, find_markers
from .render import Renderer, markers_in, relative_url, unknown
from .pictures import Exporter, Job, PictureMaker, page_svg
from .story import Story, load_story
from .theme import SCHEME_ROLES

STATIC = Path(__file__).parent / "static"
MARKDOWN_SPECIALS = {"*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;"}


@dataclass(frozen=True)
class Settings:
    """What a story tells the machinery (mkdocs.yml, `extra.storykit`)."""

    project_root: Path
    docs_dir: Path
    data: str = "data"  # folder inside docs_dir
    charts_module: str | None = None  # a module importable from scripts/
    facts_page: str = "sources.md"  # the page that holds the facts table
    plotly_bundle: str | None = None  # path of plotly.js, relative to the project root
    pictures_cache: str = ".cache/pictures"  # where exported chart pictures are kept, relative to the root
    changes_page: str = "changes.md"  # the page that lists the record of changes
    citation: str = "CITATION.cff"  # who made the site and how to cite it, relative to the root
    dataset: str = "dataset"  # the data package's name (lowercase, digits, - . _)
    use_directory_urls: bool = True
    site_url: str = "http://127.0.0.1:8000/"  # where the site is published (feeds and embeds need it)
    site_name: str = ""

    @classmethod
    def from_mapping(cls, values: dict[str, Any], **paths: Any) -> "Settings":
        known = {"data", "charts_module", "facts_page", "plotly_bundle", "pictures_cache", "changes_page", "citation",
                 "dataset"}
        unexpected = set(values) - known
        if unexpected:
            raise StoryError(f"unknown setting '{sorted(unexpected)[0]}'; expected: {', '.join(sorted(known))}",
                             file="mkdocs.yml", field="extra.storykit")
        if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", str(values.get("dataset", "dataset"))):
            raise StoryError(f"expected a name of lowercase letters, digits and . _ - for the data package, got "
                             f"{values['dataset']!r:.60}", file="mkdocs.yml", field="extra.storykit.dataset")
        return cls(**values, **paths)


@dataclass
class Asset:
    path: str  # site-relative, content-hashed
    content: bytes


@dataclass
class StorySite:
    settings: Settings
    story: Story
    charts: dict[str, BuiltChart]
    renderer: Renderer
    citation: Citation
    content_day: dt.date  # the date of the content (SOURCE_DATE_EPOCH), read once for the whole build
    assets: dict[str, Asset] = field(default_factory=dict)  # role -> asset
    cards: dict[str, Card] = field(default_factory=dict)  # site path -> card, filled as pages render
    chart_pages: dict[str, str] = field(default_factory=dict)  # chart id -> the URL of the page it is on

    # Pages

    def render_page(self, markdown: str, shown_file: str, page_url: str, line_offset: int = 0) -> str:
        """Replace the markers of one page; errors name the page and line."""

        def where(line: int, message: str) -> StoryError:
            return StoryError(message, file=shown_file, line=line + line_offset)

        markers = markers_in(markdown, where)
        lines = markdown.split("\n")
        for marker in reversed(markers):
            line = lines[marker.line - 1]
            if marker.name in BLOCK or marker.name in BLOCK_WITH_ID:
                if not marker.whole_line:
                    raise where(marker.line, f"the {marker.name} marker must stand alone on its line")
                lines[marker.line - 1] = "\n" + self._block(marker, page_url, where) + "\n"
            else:
                html = self.renderer.marker_html(marker, page_url, where)
                lines[marker.line - 1] = line[:marker.start] + markdown_safe(html) + line[marker.end:]
        return "\n".join(lines) + "\n\n" + self.renderer.abbreviations() + "\n"

    def page_meta(self, meta: dict[str, Any], shown_file: str, page_url: str, site_name: str,
                  default_description: str) -> dict[str, Any]:
        """A page's description with its fact markers written out, and its social card."""
        def where(line: int, message: str) -> StoryError:
            return StoryError(message, file=shown_file, field="description (front matter)")

        description = self.renderer.plain_text(str(meta.get("description") or default_description), where)
        card = Card(site_name, str(meta.get("title") or site_name), description)
        path = card.path(page_url)
        self.cards[path] = card
        # MkDocs' templates do not escape: the description goes into attributes as escaped text.
        return {"description": str(escape(description)), "social_card": path}

    def _block(self, marker: Marker, page_url: str, where: Callable[[int, str], StoryError]) -> str:
        if marker.name == "chart":
            return str(self.chart_block(marker, page_url, where))
        if marker.name == "key-figures":
            missing = [fact_id for fact_id in marker.args if fact_id not in self.story.facts]
            if missing or not marker.args:
                raise where(marker.line, unknown("fact", missing[0], self.story.facts) if missing
                            else "the key-figures marker needs fact ids")
            return str(self.renderer.key_figures(marker.args, page_url))
        if marker.name == "facts-table":
            return self.renderer.facts_table(page_url)
        if marker.name == "series-table":
            return str(self.renderer.series_table(page_url))
        if marker.name == "sources-list":
            return str(self.renderer.sources_list())
        if marker.name == "glossary":
            return str(self.renderer.glossary())
        if marker.name == "checks":
            return self.renderer.checks(page_url, lambda check: self._data_where(("checks", check.id), "finding"))
        if marker.name == "downloads":
            return str(self.downloads(page_url))
        if marker.name == "changes":
            return str(self.changes(page_url))
        raise where(marker.line, f"unknown marker '{marker.name}'")  # pragma: no cover - markers.py guards

    def changes(self, page_url: str) -> Markup:
        """The record of changes, newest first, for the Changes page."""
        return changes_list(
            self.story.changes, lambda change: self.renderer.inline_text(
                change.details, page_url, self._data_where(("changes", change.id), "details")),
            lambda fact_id: relative_url(self.renderer.fact_anchor(fact_id), page_url),
            lambda fact_id: self.story.fact(fact_id).fact.label, relative_url(FEED_PATH, page_url))

    def change_details(self, change: Any) -> str:
        """A change's details as plain text (its fact markers written out), for the feed and the CSV."""
        return self.renderer.plain_text(change.details, self._data_where(("changes", change.id), "details"))

    def cite(self, page_title: str, address: str, page_url_: str) -> Markup:
        """The "Cite this page" block of one page."""
        return cite_block(self.citation, page_title, self.settings.site_name or self.citation.title, address,
                          self.content_day, relative_url(self.renderer.changes_page, page_url_),
                          relative_url(FEED_PATH, page_url_))

    def check_pages(self, sources: set[str]) -> None:
        """The pages the machinery links every page to must exist, or those links would lead nowhere."""
        for setting in ("facts_page", "changes_page"):
            wanted = getattr(self.settings, setting)
            if wanted not in sources:
                raise StoryError(f"no page {wanted} in the docs folder; expected the page that holds the "
                                 f"{'facts table' if setting == 'facts_page' else 'record of changes'}, or this "
                                 "setting naming another", file="mkdocs.yml",
                                 line=config_line(self.settings.project_root, setting),
                                 field=f"extra.storykit.{setting}")

    def place_charts(self, pages: dict[str, str]) -> None:
        """Where each chart is placed (page source -> its Markdown), so that embeds can link back to it."""
        for source, markdown in sorted(pages.items()):
            try:
                markers = find_markers(markdown)
            except MarkerProblem:
                continue  # reported with its page and line when the page is rendered
            for marker in markers:
                if marker.name == "chart" and marker.target in self.charts:
                    self.chart_pages.setdefault(marker.target, page_url(source, self.settings.use_directory_urls))

    def _data_where(self, key: tuple[str, str], field_name: str) -> Callable[[int, str], StoryError]:
        origin = self.story.origins[key]

        def where(line: int, message: str) -> StoryError:
            return StoryError(message, file=origin.file, line=origin.line(field_name),
                              field=f"{key[0]}.{key[1]}.{field_name}")
        return where

    # Charts

    def chart_block(self, marker: Marker, page_url: str, where: Callable[[int, str], StoryError]) -> Markup:
        chart_id = marker.target or ""
        if chart_id not in self.charts:
            raise where(marker.line, unknown("chart", chart_id, self.charts))
        chart = self.charts[chart_id]
        spec = chart.spec
        inline = lambda text: self.renderer.inline_text(text, page_url, self._chart_where(chart))  # noqa: E731
        sources = self.source_line(chart, lambda source: Markup('<a href="{}">{}</a>').format(
            relative_url(f"{self.facts_page_url}#source-{source.id}", page_url), source.outlet))
        return chart_html(
            chart, title=inline(spec.title), takeaway=inline(spec.takeaway), description=inline(spec.description),
            table=chart_table(chart, self.story,
                              lambda fact_id: relative_url(self.renderer.fact_anchor(fact_id), page_url),
                              lambda series_id: relative_url(f"{self.facts_page_url}#series-{series_id}", page_url)),
            sources=sources, csv_href=relative_url(chart.csv_path, page_url),
            figure_hrefs={screen: relative_url(chart.figure_path(screen), page_url) for screen in chart.figures},
            pictures={screen: page_svg(svg, screen) for screen, svg in chart.pictures.items()},
            picture_hrefs={scheme: relative_url(chart.picture_path("wide", scheme), page_url)
                           for scheme in ("light", "dark")},
            embed_href=relative_url(embed_url(chart_id), page_url),
            embed_code=embed_snippet(chart, self.settings.site_url, *self.chart_words(chart)))

    def make_pictures(self, maker: PictureMaker) -> None:
        """Each chart's picture on each screen, exported (or read from the cache) in one go."""
        jobs = []
        for chart in self.charts.values():
            file, line = chart.spec.origin

            def problem(message: str, chart: BuiltChart = chart, file: str = file, line: int = line) -> StoryError:
                return StoryError(message, file=self.shown(file), line=line, field=f"chart '{chart.spec.id}'")
            jobs += [Job(chart.spec.id, screen, figure, problem) for screen, figure in chart.figures.items()]
        for (chart_id, screen), svg in maker.make(jobs).items():
            self.charts[chart_id].pictures[screen] = svg

    def _chart_where(self, chart: BuiltChart) -> Callable[[int, str], StoryError]:
        file, line = chart.spec.origin

        def where(line_in_text: int, message: str) -> StoryError:
            return StoryError(message, file=self.shown(file), line=line, field=f"chart '{chart.spec.id}'")
        return where

    def chart_words(self, chart: BuiltChart) -> tuple[str, list[str]]:
        """A chart's title, and its title, takeaway, description and sources, as plain text."""
        where = self._chart_where(chart)
        title, sources = self.chart_caption(chart)
        return title, [title, self.renderer.plain_text(chart.spec.takeaway, where),
                       self.renderer.plain_text(chart.spec.description, where), sources]

    def chart_caption(self, chart: BuiltChart) -> tuple[str, str]:
        """A chart's title and source line as plain text, for a picture that leaves the page."""
        title = self.renderer.plain_text(chart.spec.title, self._chart_where(chart))
        return title, str(self.source_line(chart, lambda source: escape(source.outlet)).striptags())

    def source_line(self, chart: BuiltChart, name: Callable[[Any], Markup]) -> Markup:
        """"Sources: …" under a chart: the outlets of the facts it plots, and apart from them the
        sources of the daily series it draws (with their label, where they are only estimates)."""
        facts, series = self.chart_sources(chart)
        parts = []
        if series:
            likely = any(item.confidence == "likely" for item in {i.source.id: i.source for i in chart.plotted
                                                                   if i.source is not None}.values())
            parts.append(Markup(", ").join(name(source) for source in series)
                         + Markup(" (daily series{})").format(", shown as estimates" if likely else ""))
        if facts:
            lead = escape(chart.spec.source_note + " ") if chart.spec.source_note else Markup("")
            parts.append(lead + Markup(", ").join(name(source) for source in facts))
        return Markup("Sources: ") + Markup("; ").join(parts) + Markup(".")

    def chart_sources(self, chart: BuiltChart) -> tuple[list[Any], list[Any]]:
        """The sources behind what a chart plots, each outlet once, in the order the chart first uses
        them: those of its facts, and those of the daily series it draws."""
        found: tuple[list[Any], list[Any]] = ([], [])
        outlets: set[str] = set()
        for item in chart.plotted:
            from_series = item.source is not None
            for source in self.story.sources_of(item.source.id if from_series else item.fact.id):
                if source.outlet not in outlets:
                    outlets.add(source.outlet)
                    found[from_series].append(source)
        return found

    # Downloads and assets

    @property
    def facts_page_url(self) -> str:
        return self.renderer.facts_page

    def downloads(self, page_url: str) -> Markup:
        return outputs.downloads_list(self, page_url)

    def generated_files(self) -> dict[str, bytes]:
        """Files the build adds to the site (downloads, pictures, the feed, hashed assets), path -> content."""
        return outputs.generated_files(self)

    def card_files(self, drawn: dict[str, bytes] | None = None) -> dict[str, bytes]:
        """The social cards of the pages rendered so far, path -> PNG.

        `drawn`, kept by the caller from one build to the next, spares redrawing the cards whose
        page title and description did not change (most of them, when an author saves a file);
        it is left holding this build's cards only.
        """
        drawn = {} if drawn is None else drawn
        files, used = {}, set()
        for path, card in sorted(self.cards.items()):
            key = card_key(card)
            if key not in drawn:
                drawn[key] = draw_card(card)
            files[path] = drawn[key]
            used.add(key)
        for stale in set(drawn) - used:
            del drawn[stale]
        return files

    def shown(self, path: str) -> str:
        try:
            return Path(path).resolve().relative_to(self.settings.project_root.resolve()).as_posix()
        except ValueError:
            return path


def build_site(settings: Settings, exporter: Exporter | None = None) -> StorySite:
    """Load the data, draw every chart and its pictures, and prepare assets; raises StoryError for any
    mistake. `exporter`, kept by a caller that builds again and again, saves starting a browser each time;
    without one, a browser is started if a picture is not in the cache, and closed before returning."""
    story = load_story(settings.docs_dir / settings.data, settings.project_root)
    facts_page = page_url(settings.facts_page, settings.use_directory_urls)
    renderer = Renderer(story, facts_page, page_url(settings.changes_page, settings.use_directory_urls))
    citation = read_citation(settings.project_root / settings.citation, settings.citation)
    site = StorySite(settings, story, {}, renderer, citation, content_date())
    registry = load_charts(settings)
    for spec in registry.specs.values():
        site.charts[spec.id] = build_chart(spec, story, site.shown)
    if site.charts and not settings.plotly_bundle:
        raise StoryError("the charts need plotly.js; expected the path of the bundle `make setup` builds",
                         file="mkdocs.yml", field="extra.storykit.plotly_bundle")
    site.assets = build_assets(settings)
    maker = PictureMaker(settings.project_root / settings.pictures_cache, _bundle_path(settings), exporter)
    try:
        site.make_pictures(maker)
    finally:
        if exporter is None:
            maker.close()
    return site


def config_line(project_root: Path, key: str) -> int | None:
    """The line of mkdocs.yml that sets `key` under extra.storykit (or of `storykit:` itself), for errors."""
    try:
        lines = (project_root / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    except OSError:
        return None
    found = [number for number, line in enumerate(lines, start=1) if line.strip().startswith(f"{key}:")]
    found = found or [number for number, line in enumerate(lines, start=1) if line.strip() == "storykit:"]
    return found[0] if found else None


def exporter_for(settings: Settings) -> Exporter:
    """An exporter of chart pictures for builds made one after another (it starts its browser on first use)."""
    return Exporter(_bundle_path(settings))


def _bundle_path(settings: Settings) -> Path:
    return settings.project_root / (settings.plotly_bundle or "")


def load_charts(settings: Settings) -> ChartRegistry:
    if not settings.charts_module:
        return ChartRegistry()
    scripts = str(settings.project_root / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    try:
        module = importlib.import_module(settings.charts_module)
    except SyntaxError as error:
        shown = Path(error.filename or "").resolve()
        with contextlib.suppress(ValueError):
            shown = shown.relative_to(settings.project_root.resolve())
        raise StoryError(f"the chart module does not parse ({error.msg}); expected valid Python",
                         file=shown.as_posix(), line=error.lineno) from None
    except Exception as error:  # author code: one line, no traceback
        raise StoryError(f"the chart module failed to load: {type(error).__name__}: {error}",
                         file=f"scripts/{settings.charts_module}.py") from None
    registry = getattr(module, "charts", None)
    if not isinstance(registry, ChartRegistry):
        raise StoryError("the chart module must define `charts = ChartRegistry()`",
                         file=f"scripts/{settings.charts_module}.py")
    return registry


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept from one build to the next, in `store` (a dict the caller keeps).

    MkDocs makes a new template environment for every build, and compiling Material's templates
    again was a third of each rebuild under `mkdocs serve`. Jinja checks each entry against its
    template's source; the key also holds the environment's extensions, which shape compiled code.
    Kept in memory only, so an upgraded package never meets code compiled by its predecessor.
    """

    def __init__(self, store: dict[str, bytes], env: jinja2.Environment) -> None:
        self.store = store
        self.flavour = repr(sorted(env.extensions))

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self.flavour}|{name}", filename)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


def scheme_css(text: str) -> str:
    """A stylesheet with the scheme's colours written in: one list of them, in theme.SCHEME_ROLES."""
    for marker, index in (("/* __LIGHT_SCHEME__", 2), ("/* __DARK_SCHEME__", 3)):
        while marker in text:
            start = text.index(marker)
            end = text.index("*/", start) + 2
            indent = " " * (start - text.rfind("\n", 0, start) - 1)
            text = text[:start] + f"\n{indent}".join(
                f"{role[1]}: {role[index]};" for role in SCHEME_ROLES.values()) + text[end:]
    return text


def build_assets(settings: Settings) -> dict[str, Asset]:
    stylesheet = scheme_css((STATIC / "storykit.css").read_text(encoding="utf-8"))
    assets: dict[str, Asset] = {"css": hashed("assets/storykit/storykit.css", stylesheet.encode())}
    loader = (STATIC / "charts.js").read_text(encoding="utf-8")
    if settings.plotly_bundle:
        bundle_path = settings.project_root / settings.plotly_bundle
        if not bundle_path.is_file():
            raise StoryError("plotly.js is not built here; expected the bundle that `make setup` builds from "
                             "the lockfile", file=settings.plotly_bundle)
        bundle = hashed("assets/storykit/plotly.min.js", bundle_path.read_bytes())
        assets["plotly"] = bundle
        loader = loader.replace("__PLOTLY_BUNDLE__", bundle.path.rsplit("/", 1)[1])
    roles = {role: [placeholder, variable] for role, (placeholder, variable, _, _) in SCHEME_ROLES.items()}
    loader = loader.replace("__SCHEME_ROLES__", json.dumps(roles, sort_keys=True))
    assets["js"] = hashed("assets/storykit/charts.js", loader.encode())
    assets["embed_js"] = hashed("assets/storykit/embed.js", (STATIC / "embed.js").read_bytes())
    assets["embed_css"] = hashed("assets/storykit/embed.css",
                                 scheme_css((STATIC / "embed.css").read_text(encoding="utf-8")).encode())
    assets["tips"] = hashed("assets/storykit/tips.js", (STATIC / "tips.js").read_bytes())
    return assets


def hashed(path: str, content: bytes) -> Asset:
    """An asset whose name carries a hash of its content, so it can be cached for ever."""
    digest = hashlib.sha256(content).hexdigest()[:10]
    stem, dot, suffix = path.rpartition(".")
    if stem.endswith(".min"):
        stem, suffix = stem[:-4], "min." + suffix
    return Asset(f"{stem}.{digest}.{suffix}", content)


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives a Markdown page (index.md -> '', about.md -> 'about/')."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def markdown_safe(html: Markup) -> str:
    """Inline HTML whose text Markdown will not re-read as emphasis, code or links."""
    return re.sub(r"[*_`\[\]\\]", lambda match: MARKDOWN_SPECIALS[match.group(0)], str(html))


def error_page(error: StoryError) -> str:
    """What `mkdocs serve` shows on every page while the data or a page has a mistake."""
    return str(Markup(
        '<div class="admonition failure sk-build-error" role="alert"><p class="admonition-title">'
        'The site could not be built</p><p><code>{}</code></p><p>Fix the file and save it: this page '
        'reloads by itself.</p></div>\n').format(str(error)))
