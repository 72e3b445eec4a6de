"""Charts: pure functions from facts to Plotly figures, and what the build makes of them.

A story's chart module creates a `ChartRegistry` and registers one function per chart:

    charts = ChartRegistry()

    @charts.chart("market-27-july", title=..., takeaway=..., description=...)
    def market_on_27_july(facts: Facts) -> go.Figure: ...

Every plotted point names the facts it draws in its trace's `customdata` (a fact id, or several
separated by spaces). The build checks those ids, and makes the chart's data table and CSV from
them, so the table and the download always hold exactly what the chart plots.
"""

from __future__ import annotations

import csv
import inspect
import io
import re
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from markupsafe import Markup

from .errors import StoryError
from .story import Story, StoryFact
from .units import DisplayOptions, format_date

CHART_ID = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Facts:
    """What a chart function sees: facts by id, with their values and formatted text."""

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


def plotly_text(text: str) -> str:
    """Text from the data made inert for Plotly, whose labels accept a few HTML-like tags."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class ChartSpec:
    id: str
    function: Callable[[Facts], Any]
    title: str  # says the answer; may hold fact markers
    takeaway: str  # one line; may hold fact markers
    description: str  # for screen readers: what is drawn and how; may hold fact markers
    height: int = 420
    source_note: str | None = None  # e.g. "Tencent annual results, as reported by"

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
              source_note: str | None = None) -> Callable[[Callable[[Facts], Any]], Callable[[Facts], Any]]:
        if not CHART_ID.match(chart_id):
            raise ValueError(f"chart id {chart_id!r}: expected lowercase letters, digits and hyphens")
        if chart_id in self.specs:
            raise ValueError(f"chart id {chart_id!r} is registered twice")

        def register(function: Callable[[Facts], Any]) -> Callable[[Facts], Any]:
            self.specs[chart_id] = ChartSpec(chart_id, function, title, takeaway, description, height, source_note)
            return function
        return register


@dataclass
class PlottedFact:
    series: str
    fact: StoryFact


@dataclass
class BuiltChart:
    spec: ChartSpec
    figure_json: str
    plotted: list[PlottedFact] = field(default_factory=list)

    @property
    def csv_path(self) -> str:
        return f"charts/{self.spec.id}.csv"


def build_chart(spec: ChartSpec, story: Story, shown_path: Callable[[str], str]) -> BuiltChart:
    """Run one chart function and check what it drew; errors name the function's file and line."""
    file, line = spec.origin
    file = shown_path(file)

    def problem(message: str) -> StoryError:
        return StoryError(message, file=file, line=line, field=f"chart '{spec.id}'")

    try:
        figure = spec.function(Facts(story))
    except Exception as error:  # a chart function is author code: report any failure in one line
        failing = _line_in(error, inspect.getsourcefile(inspect.unwrap(spec.function)) or "")
        what = (error.args[0] if isinstance(error, KeyError) and error.args
                else f"raised {type(error).__name__}: {error}")
        raise StoryError(f"the chart function {what}; expected it to return a plotly Figure", file=file,
                         line=failing or line, field=f"chart '{spec.id}'") from None
    if not hasattr(figure, "to_plotly_json"):
        raise problem(f"the chart function returned {type(figure).__name__}; expected a plotly Figure")
    plotted = _plotted_facts(figure, story, problem)
    if not plotted:
        raise problem("the chart has no data; expected at least one trace whose points name their facts "
                      "in customdata")
    from plotly.io.json import to_json_plotly

    figure_json = to_json_plotly(figure.to_plotly_json())
    return BuiltChart(spec, figure_json, plotted)


def _line_in(error: BaseException, filename: str) -> int | None:
    """The line of the chart module where the error happened (the innermost frame in that file)."""
    frames = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == filename]
    return frames[-1].lineno if frames else None


def _plotted_facts(figure: Any, story: Story, problem: Callable[[str], StoryError]) -> list[PlottedFact]:
    plotted: list[PlottedFact] = []
    seen: set[tuple[str, str]] = set()
    for number, trace in enumerate(figure.data):
        length = _point_count(trace)
        if length == 0:
            continue
        name = trace.name or f"trace {number}"
        customdata = trace.customdata
        if customdata is None or len(customdata) != length:
            raise problem(f"trace '{name}' does not name the facts of its {length} points; expected "
                          "customdata with the fact ids of each point")
        values = _point_values(trace)
        for index, ids in enumerate(customdata):
            fact_ids = str(ids).split() if ids is not None else []
            if not fact_ids:
                if values[index] is None:
                    continue  # a gap in a line, drawing nothing
                raise problem(f"trace '{name}' point {index} names no fact; expected its fact ids in "
                              "customdata")
            for fact_id in fact_ids:
                if fact_id not in story.facts:
                    raise problem(f"trace '{name}' plots unknown fact '{fact_id}'; expected the id of a fact "
                                  "in docs/data")
                if (name, fact_id) not in seen:
                    seen.add((name, fact_id))
                    plotted.append(PlottedFact(name, story.facts[fact_id]))
    return plotted


def _point_values(trace: Any) -> list[Any]:
    for attribute in ("y", "x", "values"):
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


def csv_safe(cell: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (numbers stay numbers)."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


CSV_COLUMNS = ["series", "fact_id", "label", "value", "unit", "shown_as", "as_of", "kind", "confidence",
               "sources", "source_urls"]


def fact_csv_row(story: Story, fact: StoryFact, series: str | None = None) -> list[Any]:
    sources = story.sources_of(fact.id)
    row = [series, fact.id, fact.fact.label, fact.raw, fact.fact.unit, fact.display(),
           fact.fact.as_of.isoformat() if fact.fact.as_of else "", fact.fact.kind, fact.confidence or "",
           "; ".join(source.outlet for source in sources),
           " ".join(source.url for source in sources if source.url)]
    return row if series is not None else row[1:]


def write_csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return buffer.getvalue()


def chart_csv(chart: BuiltChart, story: Story) -> str:
    return write_csv(CSV_COLUMNS, (fact_csv_row(story, item.fact, item.series) for item in chart.plotted))


def chart_table(chart: BuiltChart, story: Story, fact_link: Callable[[str], str]) -> Markup:
    rows = []
    for item in chart.plotted:
        fact = item.fact
        sources = ", ".join(source.outlet for source in story.sources_of(fact.id))
        when = format_date(fact.fact.as_of, DisplayOptions()) if fact.fact.as_of else ""
        rows.append(Markup(
            '<tr><td>{series}</td><td><a href="{href}">{label}</a></td><td class="sk-value">{value}</td>'
            '<td>{when}</td><td>{sources}</td></tr>').format(
            series=item.series, href=fact_link(fact.id), label=fact.fact.label, value=fact.display(),
            when=when, sources=sources))
    return Markup(
        '<div class="sk-table-wrap"><table class="sk-chart-table"><caption>The data in the chart</caption>'
        '<thead><tr><th scope="col">Series</th><th scope="col">What</th><th scope="col">Value</th>'
        '<th scope="col">Date described</th><th scope="col">Sources</th></tr></thead><tbody>{}</tbody>'
        '</table></div>').format(Markup("").join(rows))


def chart_html(chart: BuiltChart, *, title: Markup, takeaway: Markup, description: Markup, table: Markup,
               sources: Markup, csv_href: str) -> Markup:
    chart_id = chart.spec.id
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
        'aria-describedby="chart-{id}-description" style="height:{height}px" data-sk-chart="{id}" '
        'data-sk-figure="{figure}"><p class="sk-chart__fallback">The interactive chart needs JavaScript; '
        'its data is in the Data tab.</p></div>'
        '<p class="sk-chart__description" id="chart-{id}-description">{description}</p>'
        '</div>'
        '<div class="tabbed-block">{table}</div>'
        '</div></div>'
        '<p class="sk-chart__source">{sources} <a class="sk-chart__csv" href="{csv}" download>'
        'Download the data (CSV)</a></p>'
        '</figure>').format(id=chart_id, title=title, takeaway=takeaway, height=chart.spec.height,
                            figure=chart.figure_json, description=description, table=table,
                            sources=sources, csv=csv_href)
