"""Running a story's chart functions: each called for each screen, and what it drew checked.

A chart function is author code: any failure, or a point that names no fact, is reported in one
line naming its file and line, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import inspect
import json
import sys
import math
import re
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

from pathlib import Path

from .registry import ChartRegistry, ChartSpec, Facts, MissingWords, Screen, point_id
from ..core.errors import StoryError
from ..core.catalogue import Language
from ..data.series import StorySeries
from ..data.story import Story, StoryFact
from .look import finish

POINT = re.compile(r"^(?P<series>[a-z][a-z0-9_]{0,63})@(?P<day>\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class Plotted:
    """One thing a chart draws: a fact, or one day of a series (with the fact reporting it, if any)."""

    series: str  # the trace's name
    fact: StoryFact | None = None
    source: StorySeries | None = None
    day: dt.date | None = None
    drawn: float | None = None  # the value on the chart's value axis (rebased, say)

    @property
    def id(self) -> str:
        if self.source is not None and self.day is not None:
            return point_id(self.source.id, self.day)
        assert self.fact is not None
        return self.fact.id


@dataclass(frozen=True)
class BuiltChart:
    spec: ChartSpec
    figures: dict[str, dict[str, Any]]  # screen name -> the figure, themed, as Plotly's JSON
    plotted: tuple[Plotted, ...]
    file: str  # the chart function's file, as shown to authors
    line: int  # and its line
    pictures: dict[str, str] = field(default_factory=dict)  # screen name -> its picture (SVG), made at build

    @property
    def id(self) -> str:
        return self.spec.id

    def figure_json(self, screen: str) -> str:
        return json.dumps(self.figures[screen], separators=(",", ":"), ensure_ascii=False, sort_keys=True)

    def problem(self, message: str) -> StoryError:
        """An error about this chart, pointing at its function."""
        return StoryError(message, file=self.file, line=self.line, field=f"chart '{self.spec.id}'")


def build_chart(spec: ChartSpec, story: Story, language: Language, shown_path: Callable[[str], str]) -> BuiltChart:
    """Run one chart function for each screen and check what it drew; errors name its file and line."""
    file, line = spec.origin
    file = shown_path(file)

    def problem(message: str) -> StoryError:
        return StoryError(message, file=file, line=line, field=f"chart '{spec.id}'")

    figures: dict[str, dict[str, Any]] = {}
    plotted_by_screen: dict[str, list[Plotted]] = {}
    for screen in spec.screens():
        figure = _run(spec, story, language, screen, file, line)
        plotted = _plotted(figure, story, problem)
        if not plotted:
            raise problem("the chart has no data; expected at least one trace whose points name their facts "
                          "in customdata")
        plotted_by_screen[screen.name] = plotted
        figures[screen.name] = finish(figure, screen, language)
    phone, wide = ({item.id for item in plotted_by_screen[name]} for name in ("phone", "wide"))
    if phone != wide:
        extra = sorted(phone ^ wide)[0]
        raise problem(f"the phone and wide layouts plot different things ('{extra}' is in only one); expected "
                      "the same points on both, laid out differently")
    return BuiltChart(spec, figures, tuple(plotted_by_screen["wide"]), file, line)


def _run(spec: ChartSpec, story: Story, language: Language, screen: Screen, file: str, line: int) -> Any:
    try:
        figure = spec.function(Facts(story, language, spec.id), screen)
    except MissingWords as missing:  # the line that asked, the file and the entry it lacks
        asked = _line_in(missing, inspect.getsourcefile(inspect.unwrap(spec.function)) or "")
        raise StoryError(f"the chart function asked for the words '{missing.key}' (facts.say), which "
                         f"{missing.file} does not have; expected an entry '{missing.entry}' there",
                         file=file, line=asked or line, field=f"chart '{spec.id}'") from None
    except StoryError:
        raise  # already says where
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
                drawn = values[index] if position == 0 and _is_number(values[index]) else None
                item = _item(item_name, trace.name or "", drawn, story, problem)  # an unnamed trace: no series
                if (name, item.id) not in seen:
                    seen.add((name, item.id))
                    plotted.append(item)
    return plotted


def _item(name: str, trace: str, drawn: float | None, story: Story, problem: Callable[[str], StoryError]) -> Plotted:
    point = POINT.match(name)
    if point:
        series_id, day_text = point.group("series"), point.group("day")
        if series_id not in story.series:
            raise problem(f"trace '{trace}' plots unknown series '{series_id}'; expected the id of a series in "
                          f"{story.data_folder}")
        try:
            day = dt.date.fromisoformat(day_text)
            story.series[series_id].value_on(day)
        except (ValueError, KeyError):
            raise problem(f"trace '{trace}' plots '{name}', a day the series has no value for; expected one of "
                          "its days") from None
        return Plotted(trace, source=story.series[series_id], day=day, drawn=drawn)
    if name not in story.facts:
        raise problem(f"trace '{trace}' plots unknown fact '{name}'; expected the id of a fact in "
                      f"{story.data_folder}")
    return Plotted(trace, fact=story.facts[name], drawn=drawn)


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


def load_charts(path: Path, shown: Callable[[Path], str]) -> dict[str, ChartSpec]:
    """The charts a story's chart module registers (a Python file defining `charts = ChartRegistry()`).

    The module is imported from its file afresh on every build, under its file's name, so that a
    saved chart function shows at once under `mkdocs serve`.
    """
    name = path.stem
    if not path.is_file():
        raise StoryError("no chart module here; expected the Python file that registers the story's charts",
                         file=shown(path))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        raise StoryError(f"the chart module does not parse ({error.msg}); expected valid Python",
                         file=shown(Path(error.filename or path)), line=error.lineno) from None
    except Exception as error:  # author code: one line, no traceback
        sys.modules.pop(name, None)
        raise StoryError(f"the chart module failed to load: {type(error).__name__}: {error}",
                         file=shown(path)) from None
    registry = getattr(module, "charts", None)
    if not isinstance(registry, ChartRegistry):
        raise StoryError("the chart module must define `charts = ChartRegistry()`", file=shown(path))
    return dict(registry.specs)
