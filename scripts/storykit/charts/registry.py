"""The author's side of charts: a registry of pure functions from facts to Plotly figures.

A story's chart module creates a `ChartRegistry` and registers one function per chart:

    charts = ChartRegistry()

    @charts.chart("market-27-july", height=380, phone_height=420)
    def market_on_27_july(facts: Facts, screen: Screen) -> go.Figure: ...

A chart's words (its title, takeaway, description, and any words the function draws) are the
story's, in each language: either given to `chart(...)` (`title="..."`, or one per language
`title={"en": ..., "zh-Hans": ...}`) or written in the story's words file under
`charts.<id>` (`title`, `takeaway`, `description`, `source_note`, and keys the function reads
with `facts.say(key)`). Titles, takeaways and descriptions may name facts with markers.

The function is called once per screen (`screen.phone` tells which): a phone gets its own layout
(shorter labels, fewer notes, its own height) rather than a shrunken desktop chart. Each layout is
drawn at a fixed width and scaled to the reader's column, so what a test sees at that width is
what every reader sees.

Every plotted point names what it draws in its trace's `customdata`: fact ids separated by
spaces, or a day of a dated series written `series_id@YYYY-MM-DD`. The build checks them, and
makes the chart's data table and CSV from them, so the table and the download always hold
exactly what the chart plots, on both screens.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..core.errors import StoryError
from ..writing.formats import DisplayOptions, date
from ..writing.writer import FactWriter
from ..core.catalogue import Language
from ..data.series import StorySeries
from ..data.story import Story, StoryFact

CHART_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
WORDS = ("title", "takeaway", "description", "source_note")


@dataclass(frozen=True)
class Screen:
    """The screen a chart is laid out for: its width (the page's text column there) and height."""

    name: str
    width: int
    height: int
    font_size: int

    @property
    def phone(self) -> bool:
        return self.name == "phone"


# The widths of Material's text column on a 375 px phone and on a 1280 px desktop. A chart is
# drawn at one of these and scaled to the reader's column; storykit.css picks the layout by the
# column's width (phone below 500 px) and charts.js follows what it picked.
SCREEN_WIDTHS = {"phone": 343, "wide": 688}
FONT_SIZES = {"phone": 12, "wide": 14}


def point_id(series_id: str, day: dt.date) -> str:
    """How `customdata` names one day of a series."""
    return f"{series_id}@{day.isoformat()}"


def plotly_text(text: str) -> str:
    """Text from the data made inert for Plotly, whose labels accept a few HTML-like tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class DailyValue:
    """One day of a series as a chart should show it: the reported value where the news gave another."""

    day: dt.date
    value: float
    ids: str  # for customdata: the fact that reports the day if it differs, and the series' day
    reported: StoryFact | None  # the fact whose value replaces the series' on this day
    in_series: float


class MissingWords(LookupError):
    """A chart function asked for words (`facts.say`) that the story's words file lacks: raised in the
    function, so that the build can name the line that asked."""

    def __init__(self, key: str, entry: str, language: Language) -> None:
        super().__init__(entry)
        self.key, self.entry = key, entry  # as the function asked for it, and its place in the words file
        # Where the entry belongs: the story's words file for the language (read last, after the machinery's).
        story_files = [name for name in language.files if not name.startswith("storykit/words/")]
        self.file = story_files[-1] if story_files else f"the story's words file for {language.tag}"


class Facts:
    """What a chart function sees: facts and series by id, with their values and their text in the
    language of the page, and the chart's own words in that language."""

    def __init__(self, story: Story, language: Language, chart_id: str = "") -> None:
        self._story = story
        self.language = language
        self._chart = chart_id
        self._writer = FactWriter(story, language)

    def __getitem__(self, fact_id: str) -> StoryFact:
        try:
            return self._story.facts[fact_id]
        except KeyError:
            raise KeyError(f"unknown fact '{fact_id}'") from None

    def value(self, fact_id: str) -> Any:
        return self[fact_id].value

    def text(self, fact_id: str, *, absolute: bool = False, short: bool = False, weekday: bool = False,
             bare: bool = False) -> str:
        """The value as the prose writes it, escaped for Plotly's text (which reads <b>, <a> and such)."""
        flags = [flag for flag, on in (("abs", absolute), ("short", short), ("weekday", weekday), ("bare", bare)) if on]
        return plotly_text(self._writer.value(self[fact_id], flags))

    def label(self, fact_id: str) -> str:
        return plotly_text(self[fact_id].label(self.language))

    def say(self, key: str, **values: str) -> str:
        """The chart's own words at `key` (under `charts.<id>` in the story's words), made inert for
        Plotly; a line break is written as a new line. Values are put in as given (facts.text already
        made them inert)."""
        try:
            entry = self.language.text(f"charts.{self._chart}.{key}")
        except StoryError:
            raise MissingWords(key, f"charts.{self._chart}.{key}", self.language) from None
        return plotly_text(str(entry)).replace("\n", "<br>").format(**values)

    def date_format(self, name: str) -> str:
        """How the language writes a date on a chart's axis (`tick`) or in its hover text (`hover`), in
        plotly.js's d3 format: "%-d %b", "%-m月%-d日"."""
        return str(self.language.text(f"chart.date_formats.{name}"))

    def series(self, series_id: str) -> StorySeries:
        try:
            return self._story.series[series_id]
        except KeyError:
            raise KeyError(f"unknown series '{series_id}'") from None

    def series_name(self, series_id: str) -> str:
        return plotly_text(self.series(series_id).name(self.language))

    def daily(self, series_id: str) -> list[DailyValue]:
        """Every day of a series; where a reported fact differs from the series, the reported value."""
        item = self.series(series_id)
        reported = {self[f].fact.as_of: self[f] for f in item.series.reported}
        days = []
        for day, value in zip(item.days, item.values):
            fact = reported.get(day) if item.difference_on(day) else None
            # The id of what is drawn comes first: the chart's CSV gives it the drawn value.
            ids = f"{fact.id} {point_id(series_id, day)}" if fact else point_id(series_id, day)
            days.append(DailyValue(day, fact.value if fact else value, ids, fact, value))
        return days

    def series_text(self, series_id: str, value: float) -> str:
        return plotly_text(self._writer.series_value(self.series(series_id), value))

    def date_text(self, day: dt.date, short: bool = False) -> str:
        """A date as the prose writes it (27 July 2021, or 27 July)."""
        return plotly_text(date(day, DisplayOptions(short=short), self.language))

    def outlets(self, name: str) -> str:
        """The outlets behind a fact or series (for derived facts, those of its inputs), listed."""
        return plotly_text(self.language.join([self.language.local(source.outlet)
                                               for source in self._story.sources_of(name)]))


@dataclass(frozen=True)
class ChartSpec:
    id: str
    function: Callable[[Facts, Screen], Any]
    words: dict[str, Any]  # title, takeaway, description, source_note given to chart(...), if any
    height: int = 420
    phone_height: int | None = None  # defaults to `height`

    def screens(self) -> list[Screen]:
        heights = {"phone": self.phone_height or self.height, "wide": self.height}
        return [Screen(name, width, heights[name], FONT_SIZES[name]) for name, width in SCREEN_WIDTHS.items()]

    def text(self, key: str, language: Language) -> str | None:
        """One of the chart's words (title, takeaway, description, source_note) in a language; it may
        hold fact markers. None for a source note the chart does not have."""
        if key in self.words:
            value = self.words[key]
            return None if value is None else language.local(value)
        words = language.words.get("charts", {}).get(self.id, {})
        if key == "source_note" and key not in words:
            return None
        return str(language.text(f"charts.{self.id}.{key}"))

    @property
    def origin(self) -> tuple[str, int]:
        """File and line of the chart function, for error messages."""
        function = inspect.unwrap(self.function)
        try:
            return inspect.getsourcefile(function) or "?", inspect.getsourcelines(function)[1]
        except (OSError, TypeError):
            return "?", 0


class ChartRegistry:
    def __init__(self) -> None:
        self.specs: dict[str, ChartSpec] = {}

    def chart(self, chart_id: str, *, height: int = 420, phone_height: int | None = None, **words: Any,
              ) -> Callable[[Callable[[Facts, Screen], Any]], Callable[[Facts, Screen], Any]]:
        if not CHART_ID.match(chart_id):
            raise ValueError(f"chart id {chart_id!r}: expected lowercase letters, digits and hyphens")
        if chart_id in self.specs:
            raise ValueError(f"chart id {chart_id!r} is registered twice")
        unknown = sorted(set(words) - set(WORDS))
        if unknown:
            raise ValueError(f"chart {chart_id!r}: unknown argument {unknown[0]!r}; expected height, phone_height "
                             f"or words: {', '.join(WORDS)}")

        def register(function: Callable[[Facts, Screen], Any]) -> Callable[[Facts, Screen], Any]:
            self.specs[chart_id] = ChartSpec(chart_id, function, dict(words), height, phone_height)
            return function
        return register
