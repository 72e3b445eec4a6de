"""The guarantees every story needs, whoever tells it: no figure typed by hand, no link to nowhere, no
label dropped from an estimate without words that say it, every id a page names known, and every
edition naming the same facts.

The `--strict` build of an edition checks its own pages and texts (`make_build`, `render_page`, and
`check_links` once the site is written). `check_story` checks every edition at once without building,
and returns every problem rather than stopping at the first: what a `storykit check` command prints.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any, Collection, Iterable

from ..charts.build import load_charts
from ..charts.registry import ChartSpec
from ..core.markers import front_matter
from .editions import check_editions
from ..core.errors import StoryError
from ..writing.writer import hedge_missing, says_uncertain, unknown
from ..core.catalogue import CATALOGUES, Language, load_language
from ..data.load import load_story
from ..core.markers import MarkerProblem, find_markers
from ..core.settings import Settings
from .sitelinks import LinkNowhere, links_to_nowhere
from ..data.story import Story
from ..data.texts import base_language
from .typedfigures import typed_figures
from ..core.yamlfile import read_yaml

# Entries of a catalogue that are not the language's words: licences keep their official titles, a font stack.
NOT_WORDS = {"licences", "chart.font_family"}
CHART_TEXTS = ("title", "takeaway", "description")  # a chart's words that are prose (others label the drawing)
FRONT_MATTER_TEXTS = ("title", "description")
# A Markdown link's target: [text](target "title"), [text](<target>), or a reference [name]: target.
MARKDOWN_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)")


def check_story(settings: Settings, site: Path | None = None) -> list[StoryError]:
    """Every problem of every edition of a story, each with its file and line: its data (the first mistake,
    as the data stops loading there), then for each edition its pages (markers, unknown ids, hedges, typed
    figures, the same facts as the other editions) and its texts from the data (findings, changes, chart
    words). With `site`, a built site (every edition in it), also the links in it that lead nowhere."""
    try:
        story = load_story(settings.data, settings.project_root, settings.languages, skip=settings.words)
        charts = load_charts(settings.charts, settings.as_written) if settings.charts else {}
    except StoryError as error:
        return [error]
    problems: list[StoryError] = []
    editions = settings.edition_docs or {settings.language: settings.docs_dir}
    for language, docs in editions.items():
        try:
            problems += _edition_problems(settings, story, charts, language, docs,
                                          [other for other in editions.values() if other != docs])
        except StoryError as error:  # its words cannot be read, say: nothing more to check in it
            problems.append(error)
    for language in settings.languages:
        problems += untranslated(settings, language)
    if site is not None:
        problems += [StoryError(f"the link '{link.written}' leads nowhere: there is no {link.missing}; expected "
                                "a page, a file or an id the site has", file=link.page)
                     for link in links_to_nowhere(site, settings.site_url)[1]]
    return list({str(problem): problem for problem in problems}.values())  # each once, in order


def untranslated(settings: Settings, language: str) -> list[StoryError]:
    """Entries of the story's words file for a language other than English that are still the machinery's
    English words (as `storykit new` writes them, for a language storykit has no catalogue of)."""
    story_file = settings.words / f"{language}.yaml" if settings.words is not None else None
    if base_language(language) == "en" or story_file is None or not story_file.is_file():
        return []
    shown = settings.as_written(story_file)
    english = _leaves(read_yaml(CATALOGUES / "en.yaml", "storykit/words/en.yaml").data)
    document = read_yaml(story_file, shown)
    return [StoryError(f"still the English words {text!r}; expected them in {language}", file=shown,
                       line=document.line_of(key), field=".".join(key))
            for key, text in _leaves(document.data).items()
            if english.get(key) == text and key[0] not in NOT_WORDS and ".".join(key) not in NOT_WORDS
            and re.search(r"[A-Za-z]{3}", text) and not re.match(r"https?://", text)]


def _leaves(node: Any, where: tuple[str, ...] = ()) -> dict[tuple[str, ...], str]:
    if isinstance(node, Mapping):
        return {key: text for name, value in node.items() for key, text in _leaves(value, (*where, str(name))).items()}
    return {where: node} if isinstance(node, str) else {}


def page_problems(text: str, shown: str, story: Story, charts: Mapping[str, Any], lang: Language) -> list[StoryError]:
    """What is wrong in one page's text (front matter included), each at its line: a malformed marker (the
    page's markers are then not read), an unknown id, a hedge its paragraph does not say, a typed figure."""
    try:
        markers = find_markers(text)
    except MarkerProblem as problem:
        return [StoryError(problem.message, file=shown, line=problem.line)]
    problems = []
    lines = text.split("\n")
    for marker in markers:
        kind, known, where = ("chart", charts, "the chart module") if marker.name == "chart" \
            else ("fact", story.facts, story.data_folder)
        for name in (marker.args if marker.name == "key-figures" else [marker.target] if marker.target else []):
            if name not in known:
                problems.append(StoryError(unknown(kind, name, known, where), file=shown, line=marker.line))
        if "hedged" in marker.args and marker.name == "fact" \
                and not says_uncertain(paragraph(lines, marker.line - 1), lang):
            problems.append(StoryError(hedge_missing(lang), file=shown, line=marker.line))
    problems += typed_in_page(text, shown, lang)
    return sorted(problems, key=lambda problem: problem.line or 0)


def typed_in_page(text: str, shown: str, lang: Language) -> list[StoryError]:
    """Figures typed by hand in a page (`text` the whole file): in its front matter's title and description,
    and in its Markdown."""
    _, skipped = front_matter(text)
    body = "\n".join(text.split("\n")[skipped:])
    return typed_in_front_matter(text, shown, lang) + [
        StoryError(typed.message(), file=shown, line=typed.line + skipped) for typed in typed_figures(body, lang)]


def front_matter_problems(text: str, shown: str, story: Story, lang: Language) -> list[StoryError]:
    """A page's front matter: a fact it names that the data lacks, at the line it is written on (its text, as
    YAML reads it, has lost the lines), then figures typed by hand."""
    _, skipped = front_matter(text)
    try:
        markers = find_markers("\n".join(text.split("\n")[:skipped]))
    except MarkerProblem as problem:
        return [StoryError(problem.message, file=shown, line=problem.line)]
    return [StoryError(unknown("fact", marker.target, story.facts, story.data_folder), file=shown, line=marker.line)
            for marker in markers if marker.name == "fact" and marker.target and marker.target not in story.facts
            ] + typed_in_front_matter(text, shown, lang)


def typed_in_front_matter(text: str, shown: str, lang: Language) -> list[StoryError]:
    """Figures typed by hand in the title and description of a page's front matter (its other keys are
    settings, not prose)."""
    meta, skipped = front_matter(text)
    lines = text.split("\n")[:skipped]
    problems = []
    for key in FRONT_MATTER_TEXTS:
        for typed in typed_figures(str(meta.get(key) or ""), lang)[:1]:
            line = next((number for number, row in enumerate(lines, start=1) if row.startswith(f"{key}:")), 1)
            problems.append(StoryError(typed.message(), file=shown, line=line, field=f"{key} (front matter)"))
    return problems


def typed_in_data(settings: Settings, story: Story, charts: Mapping[str, ChartSpec],
                  lang: Language) -> list[StoryError]:
    """Figures typed by hand in the texts of the data that are prose, in one language: the fact-check's
    reasons and findings, the changes' summaries and details, and the charts' titles, takeaways and descriptions."""
    problems = []
    for section, records, fields in (("checks", story.checks, ("reason", "finding")),
                                     ("changes", story.changes, ("summary", "details"))):
        for record in records:
            origin = story.origins[(section, record.id)]
            for name in fields:
                value = getattr(record, name)
                if value is None or not lang.has(value):
                    continue
                for typed in typed_figures(lang.local(value), lang)[:1]:
                    loc = origin.loc + ((name, lang.tag) if isinstance(value, Mapping) else (name,))
                    problems.append(StoryError(typed.message(), file=origin.file, line=origin.document.line_of(loc),
                                               field=f"{section}.{record.id}.{name}"))
    for spec in charts.values():
        for key in CHART_TEXTS:
            try:
                text = spec.text(key, lang) or ""
            except StoryError:
                continue  # words missing: said where the chart is shown, at its function
            for typed in typed_figures(text, lang)[:1]:
                file, line = _chart_words_line(settings, spec, key, lang)
                problems.append(StoryError(f"the chart's {key}: {typed.message()}", file=file, line=line,
                                           field=f"chart '{spec.id}'" if key in spec.words else f"charts.{spec.id}.{key}"))
    return problems


def check_links(settings: Settings, page_urls: Mapping[str, str], site_dir: Path,
                left_to_mkdocs: Collection[str] = ()) -> list[StoryError]:
    """The links of one built edition that lead nowhere, each at the page (and line) that makes it, where an
    author wrote it; links to other editions' folders are left to their own builds. `page_urls`: each page's
    source (about.md) and URL (about/). `left_to_mkdocs`: what MkDocs reports itself for links written in
    Markdown, at a level a strict build counts, so that each mistake is named once: "anchors" (a missing id),
    "absolute" (/a/link), "unrecognized" (a link without a file's extension), "pages" (any other)."""
    elsewhere = [edition.path for edition in settings.editions if edition.language != settings.language and edition.path]
    sources = {_built_file(url): source for source, url in page_urls.items()}
    problems = []
    for link in links_to_nowhere(site_dir, settings.site_url, elsewhere)[1]:
        source = sources.get(link.page)
        if source is None:
            problems.append(_nowhere(link, f"{link.page} (written by the build)", None))
            continue
        lines = (settings.docs_dir / source).read_text(encoding="utf-8").split("\n")
        in_markdown = _written_in_markdown(lines, link)
        if in_markdown is not None and _kind(link) in left_to_mkdocs:
            continue
        line = in_markdown if in_markdown is not None else _line_of_link(lines, link)
        problems.append(_nowhere(link, settings.as_written(settings.docs_dir / source), line))
    return problems


def paragraph(lines: list[str], index: int) -> str:
    """The paragraph (lines between blank lines) that holds line `index`: where a hedge must be said."""
    start, end = index, index
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    return " ".join(lines[start:end + 1])


# Helpers


def _edition_problems(settings: Settings, story: Story, charts: Mapping[str, ChartSpec], language: str, docs: Path,
                      other_docs: list[Path]) -> list[StoryError]:
    lang = load_language(language, settings.words, settings.as_written(settings.words or ""), base=settings.languages[0])
    problems = typed_in_data(settings, story, charts, lang)
    pages = [_Page(source, (docs / source).read_text(encoding="utf-8")) for source in _pages_in(docs, other_docs)]
    for page in pages:
        problems += page_problems(page.text, settings.as_written(docs / page.source), story, charts, lang)
    edition = replace(settings, language=language, docs_dir=docs)
    return problems + list(check_editions(edition, pages, story.facts, charts, story.data_folder).values())


class _Page:
    """A page as `check_editions` reads it: its source path in its docs folder, and its text."""

    def __init__(self, source: str, text: str) -> None:
        self.source, self.text = source, text


def _pages_in(docs: Path, other_editions: Iterable[Path]) -> list[str]:
    """The Markdown pages of one edition's docs folder, leaving out the folders of other editions inside it
    (docs/zh/ in docs/)."""
    here = docs.resolve()
    others = [folder.resolve() for folder in other_editions if folder.resolve().is_relative_to(here)]
    return sorted(path.relative_to(docs).as_posix() for path in docs.rglob("*.md")
                  if not any(path.resolve().is_relative_to(folder) for folder in others))


def _chart_words_line(settings: Settings, spec: ChartSpec, key: str, lang: Language) -> tuple[str, int | None]:
    """Where a chart's words are written: given to `chart(...)` in the chart module, or in the story's words."""
    if key in spec.words or settings.words is None or not (settings.words / f"{lang.tag}.yaml").is_file():
        file, line = spec.origin
        return settings.as_written(file), line
    path = settings.words / f"{lang.tag}.yaml"
    document = read_yaml(path, settings.as_written(path))
    return document.path, document.line_of(("charts", spec.id, key))


def _built_file(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def _kind(link: LinkNowhere) -> str:
    """Which of MkDocs' own checks of Markdown links a link that leads nowhere falls under."""
    path = link.written.partition("#")[0]
    if link.missing.startswith("#"):
        return "anchors"
    if path.startswith("/"):
        return "absolute"
    return "pages" if "." in path.rstrip("/").rsplit("/", 1)[-1] else "unrecognized"


def _nowhere(link: LinkNowhere, file: str, line: int | None) -> StoryError:
    return StoryError(f"the link '{link.written}' leads nowhere: there is no {link.missing}; expected a page, a "
                      "file or an id the site has", file=file, line=line)


def _written_in_markdown(lines: list[str], link: LinkNowhere) -> int | None:
    """The line where a page writes a link as Markdown ([text](page.md#id), or a reference), if it does: MkDocs
    resolves those, leaves one to a missing page as written, and can check their ids itself."""
    path, _, fragment = link.written.partition("#")
    for number, line in enumerate(lines, start=1):
        for match in MARKDOWN_TARGET.finditer(line):
            target_path, _, target_fragment = (match.group(1) or match.group(2)).partition("#")
            if (target_path == path and not fragment) or (fragment and target_fragment == fragment and
                                                          (not target_path or target_path.endswith(".md"))):
                return number
    return None


def _line_of_link(lines: list[str], link: LinkNowhere) -> int | None:
    """The line of a page's source where a link that leads nowhere is written (as HTML, the address itself;
    else its fragment or its last part)."""
    path, _, fragment = link.written.partition("#")
    clues = [link.written] + ([f"#{fragment}"] if fragment else [])
    last = path.rstrip("/").rsplit("/", 1)[-1]
    if last not in ("", ".", ".."):
        clues.append(last)
    for clue in clues:
        for number, line in enumerate(lines, start=1):
            if clue in line:
                return number
    return None
