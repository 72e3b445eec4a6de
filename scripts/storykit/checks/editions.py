"""Every edition tells the same story: a page in one language names the same facts, quotes and charts
as the same page in each other language, or says which it names alone (`edition_only:` in its front
matter). A difference stops the build with a message naming both pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Collection, Iterable


from ..core.errors import StoryError
from ..writing.writer import unknown
from ..core.markers import Marker, MarkerProblem, find_markers, front_matter
from ..core.settings import Settings

NAMED = {"fact", "quote", "chart"}  # markers that name a record; blocks list the ids of key-figures


def named(text: str) -> dict[str, int] | None:
    """The ids a page names (facts, quotes, charts and key figures), each with the line it first appears on;
    None for a page with a malformed marker (reported with its line when the page is rendered)."""
    try:
        markers = find_markers(text)
    except MarkerProblem:
        return None
    found: dict[str, int] = {}
    for marker in markers:
        for name in _ids(marker):
            found.setdefault(name, marker.line)
    return found


def _ids(marker: Marker) -> Iterable[str]:
    if marker.name in NAMED and marker.target:
        yield marker.target
    elif marker.name == "key-figures":
        yield from marker.args


def check_editions(settings: Settings, pages: Iterable[Any], facts: Collection[str], charts: Collection[str],
                   data_folder: str) -> dict[str, StoryError]:
    """Each page of this edition against the same page of every other edition: the problem of each page
    that differs, by its source, for the page's render to report (under `mkdocs serve`, that page alone
    shows it). An id that names no fact or chart is the mistake, not the difference it makes: on this page
    its render reports it as unknown (the page is not compared); on the other edition's page, the problem
    is that id, at that page's line."""
    others = [(language, docs) for language, docs in settings.edition_docs.items()
              if language != settings.language and docs.is_dir()]
    known = set(facts) | set(charts)
    problems: dict[str, StoryError] = {}
    for page in pages if others else ():
        try:
            _require_known(page.text, settings.as_written(settings.docs_dir / page.source), facts, charts, data_folder)
        except StoryError:
            continue
        for language, docs in others:
            try:
                if (docs / page.source).is_file():
                    _require_known((docs / page.source).read_text(encoding="utf-8"),
                                   settings.as_written(docs / page.source), facts, charts, data_folder)
                _check_page(settings, page, language, docs, known)
            except StoryError as problem:
                problems[page.source] = problem
                break
    return problems


def _require_known(text: str, shown: str, facts: Collection[str], charts: Collection[str], data_folder: str) -> None:
    """Every id a page names is a fact's or a chart's; the first that is not stops the build at its line."""
    try:
        markers = find_markers(text)
    except MarkerProblem:
        return  # reported with its line when the page is rendered
    for marker in markers:
        kind, known, where = ("chart", charts, "the chart module") if marker.name == "chart" \
            else ("fact", facts, data_folder)
        for name in _ids(marker):
            if name not in known:
                raise StoryError(unknown(kind, name, known, where), file=shown, line=marker.line)


def _check_page(settings: Settings, page: Any, language: str, docs: Path, known: set[str]) -> None:
    here = settings.as_written(settings.docs_dir / page.source)
    other_path = docs / page.source
    there = settings.as_written(other_path)
    if not other_path.is_file():
        raise StoryError(f"no page {there} in the {language} edition; expected every page in each edition",
                         file=here, line=1)
    other_text = other_path.read_text(encoding="utf-8")
    mine, theirs = named(page.text), named(other_text)
    if mine is None or theirs is None:
        return
    mine = {name: line for name, line in mine.items() if name in known}
    theirs = {name: line for name, line in theirs.items() if name in known}
    meta, _ = front_matter(page.text)
    other_meta, _ = front_matter(other_text)
    only_here = set(meta.get("edition_only") or [])
    only_there = set(other_meta.get("edition_only") or [])
    for name, line in mine.items():
        if name not in theirs and name not in only_here:
            raise StoryError(f"'{name}' is named here but not in {there} (the {language} edition); expected the same "
                             f"facts and charts in both, or '{name}' under edition_only in this page's front matter",
                             file=here, line=line)
    for name, line in theirs.items():
        if name not in mine and name not in only_there:
            raise StoryError(f"'{name}' is named in {there} (the {language} edition, line {line}) but not here; "
                             f"expected the same facts and charts in both, or '{name}' under edition_only in that "
                             "page's front matter", file=here, line=1)
