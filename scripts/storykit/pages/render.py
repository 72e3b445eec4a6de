"""A page of the story: its markers replaced by facts, quotes, charts and blocks, its description and
social card, and how to cite it. Errors name the page's file and line."""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from ..core import paths
from .blocks import BLOCKS, Context
from .blocks.glossary import abbreviations
from ..site.citation import cite_block
from ..core.errors import StoryError
from ..core.templating import Templates
from ..core.markers import BLOCK, BLOCK_WITH_ID, markers_in
from ..site.record import Build, PageInfo
from ..checks.storycheck import paragraph
from ..checks.typedfigures import typed_figures

MARKDOWN_SPECIALS = {"*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;"}


def render_page(build: Build, source: str, markdown: str) -> str:
    """The page's Markdown with its markers replaced, and the glossary's abbreviations after it."""
    page = build.pages[source]
    if source in build.page_problems:  # found before the pages render: it differs from another edition
        raise build.page_problems[source]

    def where(line: int, message: str) -> StoryError:
        return StoryError(message, file=page.file, line=line + page.front_matter_lines)

    context = Context(build, page, build.page_writer(page.url), where)
    markers = markers_in(markdown, where)
    lines = markdown.split("\n")
    # In reading order, so that a fact's label follows its first mention; then put in from the end.
    written: list[str] = []
    for marker in markers:
        if marker.name in BLOCK or marker.name in BLOCK_WITH_ID:
            if not marker.whole_line:
                raise where(marker.line, f"the {marker.name} marker must stand alone on its line")
            written.append("\n" + BLOCKS[marker.name](context, marker) + "\n")
        else:
            context.writer.require_hedge(marker, paragraph(lines, marker.line - 1), where)
            written.append(markdown_safe(context.writer.marker_html(marker, where)))
    typed = typed_figures(markdown, build.language)  # after the markers: an unknown id is the first mistake
    if typed:
        raise where(typed[0].line, typed[0].message())
    for marker, html in reversed(list(zip(markers, written))):
        line = lines[marker.line - 1]
        whole = marker.name in BLOCK or marker.name in BLOCK_WITH_ID
        lines[marker.line - 1] = html if whole else line[:marker.start] + html + line[marker.end:]
    return "\n".join(lines) + "\n\n" + abbreviations(build.story, build.language) + "\n"


def page_context(build: Build, source: str) -> dict[str, Any]:
    """What the page's template reads as `storykit_page` (beside the author's own front matter, untouched):
    its description with its facts written out (escaped: MkDocs' templates do not escape), its social card
    and how to cite it."""
    page = build.pages[source]
    return {"description": str(escape(page.description)), "card": paths.card(page.url), "cite": cite(build, page)}


def cite(build: Build, page: PageInfo) -> Markup:
    """The "Cite this page" block of one page."""
    link = build.page_writer(page.url).link
    return cite_block(build.citation, page.title, build.site_name, build.settings.site_url + page.url, build.day,
                      link(build.page_url("changes_page")), link(paths.FEED), build.language, build.templates)


def markdown_safe(html: Markup) -> str:
    """Inline HTML whose text Markdown will not re-read as emphasis, code or links."""
    return re.sub(r"[*_`\[\]\\]", lambda match: MARKDOWN_SPECIALS[match.group(0)], str(html))


def error_page(error: Exception, templates: Templates | None = None) -> str:
    """What `mkdocs serve` shows on every page while the data or a page has a mistake (for the author,
    in the machinery's own language)."""
    return str((templates or Templates()).render("error.html", error=str(error)))
