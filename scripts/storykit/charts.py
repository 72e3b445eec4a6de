"""Charts: pure functions from facts to Plotly figures, and what the build makes of them.

A story's chart module creates a `ChartRegistry` and registers one function per chart:

    charts = ChartRegistry()

    @charts.chart("market-27-july", title=..., takeaway=..., description=..., height=380, phone_height=420)
    def market_on_27_july(facts: Facts, screen: Screen) -> go.Figure: ...

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
import json
import math
import re
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from markupsafe import Markup

from .dataset import CHART_COLUMNS, fact_row, write_csv
from .errors import StoryError
from .series import StorySeries
from .story import Story, StoryFact
from .units import DisplayOptions, format_date

CHART_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
POINT = re.compile(r"^(?P<series>[a-z][a-z0-9_]{0,63})@(?P<day>\d{4}-\d{2}-\d{2})$")


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


@dataclass(frozen=True)
class DailyValue:
    """One day of a series as a chart should show it: the reported value where the news gave another."""

    day: dt.date
    value: float
    ids: str  # for customdata: the fact that reports the day if it differs, and the series' day
    reported: StoryFact | None  # the fact whose value replaces the series' on this day
    in_series: float


class Facts:
    """What a chart function sees: facts and series by id, with their values and formatted text."""

    def __init__(self, story: Story) -> None:
        self._story = story

    def __getitem__(self, fact_id: str) -> StoryFact:
        try:
            return self._story.facts[fact_id]
        except KeyError:
            raise KeyError(f"unknown fact '{fact_id}'") from None

    def value(self, fact_id: str) -> Any:
        return self[fact_id].value

    def text(self, fact_id: str, **options: bool) -> str:
        """The value as the prose writes it, escaped for Plotly's text (which reads <b>, <a> and such)."""
        return plotly_text(self[fact_id].display(DisplayOptions(**options)))

    def label(self, fact_id: str) -> str:
        return plotly_text(self[fact_id].fact.label)

    def series(self, series_id: str) -> StorySeries:
        try:
            return self._story.series[series_id]
        except KeyError:
            raise KeyError(f"unknown series '{series_id}'") from None

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
        return plotly_text(self.series(series_id).display(value))

    def date_text(self, day: dt.date, short: bool = False) -> str:
        """A date as the prose writes it (27 July 2021, or 27 July)."""
        return format_date(day, DisplayOptions(short=short))

    def sources_of(self, name: str) -> list[Any]:
        """The sources behind a fact or series (for derived facts, those of its inputs)."""
        return self._story.sources_of(name)


def plotly_text(text: str) -> str:
    """Text from the data made inert for Plotly, whose labels accept a few HTML-like tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class ChartSpec:
    id: str
    function: Callable[[Facts, Screen], Any]
    title: str  # says the answer; may hold fact markers
    takeaway: str  # one line; may hold fact markers
    description: str  # for screen readers: what is drawn and how; may hold fact markers
    height: int = 420
    phone_height: int | None = None  # defaults to `height`
    source_note: str | None = None  # e.g. "Tencent annual results, as reported by"

    def screens(self) -> list[Screen]:
        heights = {"phone": self.phone_height or self.height, "wide": self.height}
        return [Screen(name, width, heights[name], FONT_SIZES[name]) for name, width in SCREEN_WIDTHS.items()]

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

    def chart(self, chart_id: str, *, title: str, takeaway: str, description: str, height: int = 420,
              phone_height: int | None = None, source_note: str | None = None,
              ) -> Callable[[Callable[[Facts, Screen], Any]], Callable[[Facts, Screen], Any]]:
        if not CHART_ID.match(chart_id):
            raise ValueError(f"chart id {chart_id!r}: expected lowercase letters, digits and hyphens")
        if chart_id in self.specs:
            raise ValueError(f"chart id {chart_id!r} is registered twice")

        def register(function: Callable[[Facts, Screen], Any]) -> Callable[[Facts, Screen], Any]:
            self.specs[chart_id] = ChartSpec(chart_id, function, title, takeaway, description, height,
                                             phone_height, source_note)
            return function
        return register


@dataclass
class Plotted:
    """One thing a chart draws: a fact, or one day of a series (with the fact reporting it, if any)."""

    series: str  # the trace's name
    fact: StoryFact | None = None
    source: StorySeries | None = None
    day: dt.date | None = None
    drawn: float | None = None  # the value on the chart's value axis (rebased, say)

    @property
    def id(self) -> str:
        return point_id(self.source.id, self.day) if self.source is not None and self.day else self.fact.id


@dataclass
class BuiltChart:
    spec: ChartSpec
    figures: dict[str, dict[str, Any]]  # screen name -> the figure, themed, as Plotly's JSON
    plotted: list[Plotted] = field(default_factory=list)
    pictures: dict[str, str] = field(default_factory=dict)  # screen name -> its picture (SVG), made at build

    @property
    def csv_path(self) -> str:
        return f"data/charts/{self.spec.id}.csv"

    def figure_path(self, screen: str) -> str:
        return f"charts/{self.spec.id}.{screen}.json"

    def picture_path(self, screen: str, scheme: str) -> str:
        return f"charts/{self.spec.id}.{screen}.{scheme}.svg"

    def figure_json(self, screen: str) -> str:
        return json.dumps(self.figures[screen], separators=(",", ":"), ensure_ascii=False, sort_keys=True)


def build_chart(spec: ChartSpec, story: Story, shown_path: Callable[[str], str]) -> BuiltChart:
    """Run one chart function for each screen and check what it drew; errors name its file and line."""
    from .theme import finish

    file, line = spec.origin
    file = shown_path(file)

    def problem(message: str) -> StoryError:
        return StoryError(message, file=file, line=line, field=f"chart '{spec.id}'")

    figures: dict[str, dict[str, Any]] = {}
    plotted_by_screen: dict[str, list[Plotted]] = {}
    for screen in spec.screens():
        figure = _run(spec, story, screen, file, line)
        plotted = _plotted(figure, story, problem)
        if not plotted:
            raise problem("the chart has no data; expected at least one trace whose points name their facts "
                          "in customdata")
        plotted_by_screen[screen.name] = plotted
        figures[screen.name] = finish(figure, screen)
    phone, wide = ({item.id for item in plotted_by_screen[name]} for name in ("phone", "wide"))
    if phone != wide:
        extra = sorted(phone ^ wide)[0]
        raise problem(f"the phone and wide layouts plot different things ('{extra}' is in only one); expected "
                      "the same points on both, laid out differently")
    return BuiltChart(spec, figures, plotted_by_screen["wide"])


def _run(spec: ChartSpec, story: Story, screen: Screen, file: str, line: int) -> Any:
    try:
        figure = spec.function(Facts(story), screen)
    except Exception as error:  # a chart function is author code: report any failure in one line
        failing = _line_in(error, inspect.getsourcefile(inspect.unwrap(spec.function)) or "")
        what = (f"asked for {error.args[0]}" if isinstance(error, KeyError) and error.args
                else f"raised {type(error).__name__}: {error}")
        raise StoryError(f"the chart function {what} (laid out for a {screen.name} screen); expected it to "
                         "return a plotly Figure", file=file, line=failing or line,
                         field=f"chart '{spec.id}'") from None
    if not hasattr(figure, "to_plotly_json"):
        raise StoryError(f"the chart function returned {type(figure).__name__}; expected a plotly Figure",
                         file=file, line=line, field=f"chart '{spec.id}'")
    return figure


def _line_in(error: BaseException, filename: str) -> int | None:
    """The line of the chart module where the error happened (the innermost frame in that file)."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == filename]
    return frames[-1].lineno if frames else None


def _plotted(figure: Any, story: Story, problem: Callable[[str], StoryError]) -> list[Plotted]:
    plotted: list[Plotted] = []
    seen: set[tuple[str, str]] = set()
    for number, trace in enumerate(figure.data):
        length = _point_count(trace)
        if length == 0:
            continue
        name = trace.name or f"trace {number}"
        if "<" in name:  # Plotly reads a few tags in names: text from the data must be made inert first
            raise problem(f"trace '{name[:60]}' has markup in its name; expected text passed through plotly_text "
                          "(or facts.text, facts.label)")
        customdata = trace.customdata
        if customdata is None or len(customdata) != length:
            raise problem(f"trace '{name}' does not name the facts of its {length} points; expected "
                          "customdata with the fact ids of each point")
        values = _drawn_values(trace)
        for index, ids in enumerate(customdata):
            names = str(ids).split() if ids is not None else []
            if not names:
                if values[index] is None:
                    continue  # a gap in a line, drawing nothing
                raise problem(f"trace '{name}' point {index} names no fact; expected its fact ids in "
                              "customdata")
            for position, item_name in enumerate(names):
                item = _item(item_name, name, story, problem)
                item.drawn = values[index] if position == 0 and _is_number(values[index]) else None
                if (name, item.id) not in seen:
                    seen.add((name, item.id))
                    plotted.append(item)
    return plotted


def _item(name: str, trace: str, story: Story, problem: Callable[[str], StoryError]) -> Plotted:
    point = POINT.match(name)
    if point:
        series_id, day_text = point.group("series"), point.group("day")
        if series_id not in story.series:
            raise problem(f"trace '{trace}' plots unknown series '{series_id}'; expected the id of a series in "
                          "docs/data")
        try:
            day = dt.date.fromisoformat(day_text)
            story.series[series_id].value_on(day)
        except (ValueError, KeyError):
            raise problem(f"trace '{trace}' plots '{name}', a day the series has no value for; expected one of "
                          "its days") from None
        return Plotted(trace, source=story.series[series_id], day=day)
    if name not in story.facts:
        raise problem(f"trace '{trace}' plots unknown fact '{name}'; expected the id of a fact in docs/data")
    return Plotted(trace, fact=story.facts[name])


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _drawn_values(trace: Any) -> list[Any]:
    """Each point's position on the value axis: x for horizontal bars, else y (or x, or values)."""
    order = ("x", "y") if getattr(trace, "orientation", None) == "h" else ("y", "x", "values")
    for attribute in order:
        data = getattr(trace, attribute, None)
        if data is not None:
            return list(data)
    return []


def _point_count(trace: Any) -> int:
    for attribute in ("y", "x", "values"):
        data = getattr(trace, attribute, None)
        if data is not None:
            return len(data)
    return 0


# Outputs


def point_csv_row(story: Story, item: Plotted) -> list[Any]:
    """One day of a series as a row of the chart's CSV (the columns of a fact's row)."""
    assert item.source is not None and item.day is not None
    source = story.sources[item.source.series.source]
    value = item.source.value_on(item.day)
    return [item.id, item.source.point_label(item.day), value, "", item.source.series.unit,
            item.source.display(value), item.day.isoformat(), "series", item.source.confidence or "",
            source.outlet, source.url or ""]


def chart_csv(chart: BuiltChart, story: Story) -> str:
    """What the chart plots, a row per fact or day of a series, with the value it is drawn at."""
    def row(item: Plotted) -> list[Any]:
        base = point_csv_row(story, item) if item.source is not None else fact_row(story, item.fact)
        return [item.series, *base, "" if item.drawn is None else item.drawn]
    return write_csv(CHART_COLUMNS, (row(item) for item in chart.plotted))


def chart_table(chart: BuiltChart, story: Story, fact_link: Callable[[str], str],
                series_link: Callable[[str], str]) -> Markup:
    """The chart's data for readers: its facts, then its series a column each, a row per day."""
    parts = []
    rows = []
    for item in chart.plotted:
        if item.fact is None:
            continue
        fact = item.fact
        sources = ", ".join(source.outlet for source in story.sources_of(fact.id))
        when = format_date(fact.fact.as_of, DisplayOptions()) if fact.fact.as_of else ""
        rows.append(Markup(
            '<tr><td>{series}</td><td><a href="{href}">{label}</a></td><td class="sk-value">{value}</td>'
            '<td>{when}</td><td>{sources}</td></tr>').format(
            series=item.series, href=fact_link(fact.id), label=fact.fact.label, value=fact.display(),
            when=when, sources=sources))
    if rows:
        parts.append(Markup(
            '<div class="sk-table-wrap"><table class="sk-chart-table"><caption>The data in the chart</caption>'
            '<thead><tr><th scope="col">Series</th><th scope="col">What</th><th scope="col">Value</th>'
            '<th scope="col">Date described</th><th scope="col">Sources</th></tr></thead><tbody>{}</tbody>'
            '</table></div>').format(Markup("").join(rows)))
    daily = _daily_columns(chart)
    if daily:
        parts.append(_daily_table(daily, story, fact_link, series_link))
    return Markup("").join(parts)


def _daily_columns(chart: BuiltChart) -> dict[str, StorySeries]:
    columns: dict[str, StorySeries] = {}
    for item in chart.plotted:
        if item.source is not None:
            columns.setdefault(item.source.id, item.source)
    return columns


def _daily_table(columns: dict[str, StorySeries], story: Story, fact_link: Callable[[str], str],
                 series_link: Callable[[str], str]) -> Markup:
    days = sorted({day for item in columns.values() for day in item.days})
    head = Markup("").join(Markup('<th scope="col"><a href="{}">{}</a></th>').format(series_link(item.id),
                                                                                    item.series.name)
                           for item in columns.values())
    body = []
    for day in days:
        cells = []
        for item in columns.values():
            difference = item.difference_on(day)
            if difference is not None:
                fact = story.fact(difference.fact_id)
                cells.append(Markup('<td class="sk-value"><a href="{}">{}</a> reported<br><small>series: {}</small>'
                                    '</td>').format(fact_link(fact.id), fact.display(),
                                                    item.display(difference.in_series)))
            else:
                try:
                    cells.append(Markup('<td class="sk-value">{}</td>').format(item.display(item.value_on(day))))
                except KeyError:
                    cells.append(Markup("<td></td>"))
        body.append(Markup('<tr><th scope="row">{}</th>{}</tr>').format(format_date(day, DisplayOptions()),
                                                                        Markup("").join(cells)))
    return Markup(
        '<div class="sk-table-wrap"><table class="sk-chart-table sk-daily">'
        '<caption>The daily series in the chart, as their sources give them (a reported value where a source '
        'differs)</caption><thead><tr><th scope="col">Day</th>{head}</tr></thead><tbody>{body}</tbody></table>'
        '</div>').format(head=head, body=Markup("").join(body))


def chart_html(chart: BuiltChart, *, title: Markup, takeaway: Markup, description: Markup, table: Markup,
               sources: Markup, csv_href: str, figure_hrefs: dict[str, str], pictures: dict[str, Markup],
               picture_hrefs: dict[str, str], embed_href: str, embed_code: str) -> Markup:
    chart_id = chart.spec.id
    screens = {screen.name: screen for screen in chart.spec.screens()}
    shape = "; ".join(f"--sk-{name}-width: {screen.width}; --sk-{name}-height: {screen.height}"
                      for name, screen in screens.items())
    return Markup(
        '<figure class="sk-chart" id="chart-{id}" aria-labelledby="chart-{id}-title">'
        '<figcaption><span class="sk-chart__title" id="chart-{id}-title">{title}</span>'
        '<span class="sk-chart__takeaway">{takeaway}</span></figcaption>'
        '<div class="tabbed-set tabbed-alternate sk-chart__tabs">'
        '<input checked="checked" id="sk-{id}-chart" name="sk-{id}" type="radio">'
        '<input id="sk-{id}-data" name="sk-{id}" type="radio">'
        '<div class="tabbed-labels"><label for="sk-{id}-chart">Chart</label>'
        '<label for="sk-{id}-data">Data</label></div>'
        '<div class="tabbed-content">'
        '<div class="tabbed-block">'
        '<div class="sk-chart__plot" role="group" aria-labelledby="chart-{id}-title" '
        'aria-describedby="chart-{id}-description" style="{shape}" data-sk-chart="{id}" '
        'data-sk-phone="{phone}" data-sk-wide="{wide}">{pictures}</div>'
        '<p class="sk-chart__description" id="chart-{id}-description">{description}</p>'
        '</div>'
        '<div class="tabbed-block">{table}</div>'
        '</div></div>'
        '<p class="sk-chart__source">{sources} <span class="sk-chart__downloads">Download '
        '<a class="sk-chart__csv" href="{csv}" download>the data (CSV)</a> or the chart (SVG, '
        '<a class="sk-chart__svg sk-chart__svg--light" href="{light}" download>light</a> or '
        '<a class="sk-chart__svg sk-chart__svg--dark" href="{dark}" download>dark</a>).</span></p>'
        '<details class="sk-chart__embed"><summary>Embed this chart</summary><p>Paste this code into a web page '
        'to show the chart there, with its title, sources and a link back here, or see '
        '<a href="{embed}">the chart on a page of its own</a>.</p><pre><code>{embed_code}</code></pre></details>'
        '</figure>').format(id=chart_id, title=title, takeaway=takeaway, shape=shape,
                            phone=figure_hrefs["phone"], wide=figure_hrefs["wide"], description=description,
                            pictures=Markup("").join(pictures[name] for name in ("phone", "wide") if name in pictures),
                            table=table, sources=sources, csv=csv_href, light=picture_hrefs["light"],
                            dark=picture_hrefs["dark"], embed=embed_href, embed_code=embed_code)
