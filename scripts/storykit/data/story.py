"""A story's data once loaded and checked: the single source of truth for pages, charts and downloads.

`load.py` makes a `Story` from the data folder; nothing changes it afterwards.
"""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..core.errors import StoryError
from ..core.catalogue import Language
from .model import Change, Check, Fact, Source, Term
from .series import StorySeries
from .units import Unit, raw_value
from ..core.yamlfile import YamlDocument


@dataclass(frozen=True)
class Origin:
    """Where a record was written: for error messages that point an author to the line."""

    document: YamlDocument
    loc: tuple[str | int, ...]

    @property
    def file(self) -> str:
        return self.document.path

    def line(self, field_name: str | None = None) -> int:
        return self.document.line_of(self.loc + ((field_name,) if field_name else ()))

    def error(self, field_name: str, message: str, record_id: str | None = None) -> StoryError:
        section = self.loc[0]
        label = f"{section}.{record_id}" if record_id else f"{section}[{self.loc[1]}]"
        return StoryError(message, file=self.file, line=self.line(field_name), field=f"{label}.{field_name}")

    def where(self, record_id: str, field_name: str) -> Any:
        """A function (line, message) -> StoryError for text in one field of this record (markers in it)."""
        def problem(line: int, message: str) -> StoryError:
            return StoryError(message, file=self.file, line=self.line(field_name),
                              field=f"{self.loc[0]}.{record_id}.{field_name}")
        return problem


@dataclass
class StoryFact:
    """A fact with its value worked out (for derived facts) and what it was derived from."""

    fact: Fact
    origin: Origin
    group: Any  # the title of its data file (a text, or one per language)
    unit: Unit
    value: Any = None
    inputs: list[str] = field(default_factory=list)
    confidence: str | None = None
    qualifier: str | None = None  # as written, or carried through a formula from its inputs

    @property
    def id(self) -> str:
        return self.fact.id

    def label(self, lang: Language) -> str:
        return lang.local(self.fact.label)

    @property
    def day(self) -> dt.date:
        """The date the fact describes, where the story needs one (a chart's date, a series' reported day)."""
        if self.fact.as_of is None:
            raise self.origin.error("as_of", "no date; expected the date the fact describes, written YYYY-MM-DD "
                                             "(it is drawn or compared on that day)", self.id)
        return self.fact.as_of

    def raw(self, lang: Language | None = None) -> Any:
        return raw_value(self.unit, self.value, lang)


@dataclass(frozen=True)
class Story:
    sources: dict[str, Source]
    facts: dict[str, StoryFact]
    terms: list[Term]
    checks: list[Check]
    groups: list[tuple[Any, list[str]]]  # (title of a data file, its fact ids) in reading order
    origins: dict[tuple[str, str], Origin]  # (section, id) -> where it was written
    units: dict[str, Unit]
    series: dict[str, StorySeries] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)  # newest first
    data_folder: str = "docs/data"  # as shown to authors

    def fact(self, fact_id: str) -> StoryFact:
        return self.facts[fact_id]

    def corrections_of(self, fact_id: str) -> list[Change]:
        """The corrections that touched a fact, newest first."""
        return [change for change in self.changes if change.kind == "correction" and fact_id in change.facts]

    def sources_of(self, fact_id: str) -> list[Source]:
        """The published sources behind a fact or series; for a derived fact, those of its inputs."""
        found: list[Source] = []
        for root in self._roots(fact_id):
            record = root.fact if isinstance(root, StoryFact) else root.series
            for source_id in [record.source, *getattr(record, "also", [])]:
                if source_id and self.sources[source_id] not in found:
                    found.append(self.sources[source_id])
        return found

    def cited(self, fact: StoryFact) -> list[Source]:
        """The sources a reported fact names: its own, then those that carry it too."""
        return [self.sources[source_id] for source_id in [fact.fact.source or "", *fact.fact.also]]

    def summariser(self) -> Source | None:
        """Who wrote the summaries that stand in for a source's own words: the site's own compilation."""
        return next((source for source in self.sources.values() if source.role == "compilation"), None)

    def _roots(self, name: str) -> Iterable[StoryFact | StorySeries]:
        if name in self.series:
            yield self.series[name]
            return
        fact = self.facts[name]
        if fact.fact.kind != "derived":
            yield fact
            return
        for input_id in fact.inputs:
            yield from self._roots(input_id)
