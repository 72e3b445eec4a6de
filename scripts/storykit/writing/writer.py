"""The one writer of a story's facts in a language: their values (with the options a page's marker gives),
labels, tooltips (quote, credit, labels, corrections) and formulas, and a daily series' values.

Every figure a reader sees is written here: in a page (`page_writer.PageWriter` adds the markup and the
links), a chart's labels and hover texts, a card, a description and the files to download. A mistake in a
marker's options is a StoryError from the start; whoever knows the page and line adds them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from . import formats
from ..core.catalogue import Language
from ..core.errors import StoryError, suggest
from ..core.markers import markers_in
from ..data.series import StorySeries
from ..data.story import Story, StoryFact
from .formats import PLAIN, DisplayOptions

Where = Callable[[int, str], StoryError]
BADGES = {"disputed": "disputed", "likely": "estimate"}  # confidence -> the label shown (badges.<name>)


def options_from(flags: Iterable[str]) -> DisplayOptions:
    flags = set(flags)
    return DisplayOptions(absolute="abs" in flags, short="short" in flags, weekday="weekday" in flags,
                          bare="bare" in flags)


def says_uncertain(text: str, lang: Language) -> bool:
    """Whether a text says in words that a figure is uncertain (the language's `hedges`)."""
    lowered = text.lower()
    for word in lang.text("hedges"):
        word = str(word).lower()
        if word.isascii() and re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", lowered) or \
                not word.isascii() and word in lowered:
            return True
    return False


def hedge_missing(lang: Language) -> str:
    """What is wrong where a fact is marked `hedged` but the words around it say no hedge."""
    return ("the fact is marked hedged, but its sentence does not say in words that it is uncertain; expected one "
            "of: " + ", ".join(map(str, lang.text("hedges"))))


def unknown(kind: str, name: str, known: Iterable[str], where: str) -> str:
    return f"unknown {kind} '{name}'; expected the id of a {kind} in {where}{suggest(name, known)}"


@dataclass(eq=False)
class FactWriter:
    """Writes the story's facts as plain text in one language."""

    story: Story
    lang: Language

    def outlet(self, source: object) -> str:
        return self.lang.local(getattr(source, "outlet"))

    # Facts as text

    def value(self, fact: StoryFact | str, flags: Iterable[str] = ()) -> str:
        """A fact's value as the prose writes it (1.225 billion, −8.98%, 27 July 2021), with a marker's
        options (abs, short, weekday, bare; as-of, year, month for the date it describes)."""
        fact = self.story.fact(fact) if isinstance(fact, str) else fact
        flags = set(flags)
        if "as-of" in flags:
            if fact.fact.as_of is None:
                raise StoryError(f"the option 'as-of' does not apply to fact '{fact.id}' (it needs a date it "
                                 "describes); expected it only for a fact with an as_of")
            return self._date_text(fact.fact.as_of, flags)
        if {"year", "month"} & flags:
            if fact.unit.value_type != "date":
                option = "year" if "year" in flags else "month"
                raise StoryError(f"the option '{option}' does not apply to fact '{fact.id}' (it needs a date); "
                                 "expected it only for a date, or with as-of")
            return self._date_text(fact.value, flags)
        return formats.value_text(fact.unit, fact.value, self.lang, decimals=fact.fact.decimals, scale=fact.fact.scale,
                                  qualifier=fact.qualifier, options=options_from(flags))

    def series_value(self, series: StorySeries, value: float, options: DisplayOptions = PLAIN) -> str:
        """A value of a daily series, as the prose writes a value of its unit."""
        return formats.value_text(series.unit, value, self.lang, decimals=series.series.decimals, options=options)

    def point_label(self, series: StorySeries, day: dt.date) -> str:
        """One day of a series, named: "the ferry's fares, 1 July 2024"."""
        return self.lang.say("series.point", series=series.label(self.lang), date=formats.date(day, PLAIN, self.lang))

    def _date_text(self, value: dt.date, flags: set[str]) -> str:
        if "year" in flags:
            return formats.year(value, self.lang)
        if "month" in flags:
            return formats.month(f"{value.year}-{value.month:02d}", formats.PLAIN, self.lang)
        return formats.date(value, options_from(flags), self.lang)

    def badge(self, confidence: str | None) -> tuple[str, str] | None:
        """A visible label for what may only be shown as an estimate or as disputed: (class, words)."""
        name = BADGES.get(confidence or "")
        return (name, self.lang.say(f"badges.{name}")) if name else None

    def tooltip(self, fact: StoryFact) -> str:
        """A fact's quote and source (or its formula), shown by tips.js as plain text."""
        lang = self.lang
        record = fact.fact
        if record.kind == "derived":
            tip = lang.say("tip.derived", label=fact.label(lang), formula=self.formula_text(fact))
        else:
            # A quote in another language comes with the site's translation; the language's words say
            # which goes first (a reader of Chinese reads the translation, the English after it).
            key = "tip.glossed" if self.needs_gloss(fact) else "tip.quote"
            gloss = lang.local(record.gloss) if self.needs_gloss(fact) else ""
            if record.quote_type == "summary":
                # The summariser's words, not the outlet's: no quotation marks, and credited as a summary.
                key = "tip.summary_glossed" if gloss else "tip.summary"
            tip = lang.say(key, quote=record.quote, gloss=gloss, credit=self.credit(fact))
        if fact.confidence in BADGES:
            tip = lang.say("tip.labelled", label=lang.say(f"tip.labels.{BADGES[fact.confidence]}"), tip=tip)
        days = [formats.date(change.date, formats.PLAIN, lang) for change in self.story.corrections_of(fact.id)]
        if days:
            tip = lang.say("tip.corrected", tip=tip.rstrip(lang.say("punctuation.full_stop")), days=lang.join(days))
        return tip

    def credit(self, fact: StoryFact) -> str:
        """Whose words a fact's quote is: its outlets, or a summary of them (the summariser alone, where
        it summarises its own reasoning)."""
        cited = self.story.cited(fact)
        outlets = self.lang.join([self.outlet(source) for source in cited], "semicolon")
        if fact.fact.quote_type != "summary":
            return outlets
        if cited == [self.story.summariser()]:
            return self.summariser()
        return self.lang.say("tip.summary_of", summariser=self.summariser(), outlets=outlets)

    def needs_gloss(self, fact: StoryFact) -> bool:
        """A quote is glossed where the data gives a gloss in the page's language (none for a quote in it)."""
        return self.lang.has(fact.fact.gloss)

    def summariser(self) -> str:
        """Who wrote the summaries that stand in for a source's own words: the site's own compilation."""
        source = self.story.summariser()
        return self.outlet(source) if source is not None else self.lang.say("tip.this_site")

    def formula_text(self, fact: StoryFact) -> str:
        text = fact.fact.formula or ""
        for name in sorted(fact.inputs, key=len, reverse=True):
            shown = (self.lang.say("tip.series_in_formula", series=self.story.series[name].name(self.lang))
                     if name in self.story.series else self.value(name))
            text = re.sub(rf"\b{re.escape(name)}\b", lambda _: f"[{shown}]", text)
        return f"{text} = {self.value(fact)}"

    def plain(self, text: object, where: Where) -> str:
        """A text from the data with fact markers written as plain values (for descriptions, cards, files)."""
        text = self.lang.local(text)
        markers = markers_in(text, where)
        lines = text.split("\n")
        for marker in reversed(markers):
            if marker.name != "fact" or marker.target not in self.story.facts:
                raise where(marker.line, unknown("fact", marker.target or marker.name, self.story.facts,
                                                 self.story.data_folder) if marker.name == "fact"
                            else f"only fact markers may appear here, not '{marker.name}'")
            line = lines[marker.line - 1]
            try:
                value = self.value(marker.target, marker.args)
            except StoryError as error:
                raise where(marker.line, error.message) from None
            lines[marker.line - 1] = line[:marker.start] + value + line[marker.end:]
        return " ".join("\n".join(lines).split())
