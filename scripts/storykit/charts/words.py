"""A chart's words in the page's language: title, takeaway, description and source line.

Every part of the site that shows a chart (its block on a page, its page of its own, its picture to
download, its CSV's title in the dataset) takes the chart's words from here, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup, escape

from .build import BuiltChart
from ..core.errors import StoryError
from ..writing.page_writer import PageWriter
from ..writing.writer import FactWriter


@dataclass(frozen=True)
class ChartWords:
    chart: BuiltChart
    writer: FactWriter  # writes the chart's facts: into the page that shows it (a PageWriter), or as text

    def where(self, line: int, message: str) -> StoryError:
        """Where a mistake in the chart's words points: its function (the words are registered with it)."""
        return self.chart.problem(message)

    def raw(self, key: str) -> str | None:
        return self.chart.spec.text(key, self.writer.lang)

    def html(self, key: str) -> Markup:
        if not isinstance(self.writer, PageWriter):
            raise TypeError("a chart's words written into a page need the page's writer")
        return self.writer.inline(self.raw(key) or "", self.where)

    def plain(self, key: str) -> str:
        return self.writer.plain(self.raw(key) or "", self.where)

    def sources(self, name: Callable[[Any], Markup]) -> Markup:
        """"Sources: …" under a chart: the outlets of the facts it plots, and apart from them the
        sources of the daily series it draws (with their label, where they are only estimates)."""
        lang = self.writer.lang
        facts, series = self.chart_sources()
        parts = []
        if series:
            likely = any(item.source is not None and item.source.confidence == "likely" for item in self.chart.plotted)
            parts.append(lang.html("chart.series_sources", outlets=lang.join([name(source) for source in series]),
                                   estimates=lang.say("chart.series_estimates") if likely else ""))
        if facts:
            note = self.raw("source_note")
            outlets = lang.join([name(source) for source in facts])
            parts.append(lang.html("chart.noted_sources", note=note, outlets=outlets) if note else outlets)
        return lang.html("chart.sources", sources=lang.join(parts, "semicolon"))

    def sources_plain(self) -> str:
        return str(self.sources(lambda source: escape(self.writer.outlet(source))).striptags())

    def chart_sources(self) -> tuple[list[Any], list[Any]]:
        """The sources behind what a chart plots, each outlet once, in the order the chart first uses
        them: those of its facts, and those of the daily series it draws."""
        found: tuple[list[Any], list[Any]] = ([], [])
        outlets: set[str] = set()
        story = self.writer.story
        for item in self.chart.plotted:
            from_series = item.source is not None
            name = item.source.id if item.source is not None else item.id
            for source in story.sources_of(name):
                outlet = self.writer.outlet(source)
                if outlet not in outlets:
                    outlets.add(outlet)
                    found[from_series].append(source)
        return found

    def words_for_readers(self) -> list[str]:
        """Title, takeaway, description and sources as plain text (the embed code sizes its frame by them)."""
        return [self.plain("title"), self.plain("takeaway"), self.plain("description"), self.sources_plain()]
