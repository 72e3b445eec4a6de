"""Facts, quotes and texts from the data, written into one page of the site in its language.

A fact in running text is its value, linked to its record on the facts page, with its quote and
source (or its formula) as a tooltip; a label says where it may be shown only as an estimate or
as disputed, at the fact's first mention on the page. The page writer keeps that record of first
mentions itself (`labelled`): one page writer writes one page, in reading order. Every string from the
data passes through `escape` (markupsafe), so data can never inject markup into a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from markupsafe import Markup, escape

from ..core import paths
from ..core.errors import StoryError
from ..core.templating import Templates
from .writer import BADGES, FactWriter, Where, hedge_missing, says_uncertain, unknown
from ..core.markers import Marker, markers_in
from ..data.texts import base_language


@dataclass(eq=False)
class PageWriter(FactWriter):
    """Writes the story's facts into one page (`page` its URL) in one language, in reading order."""

    page: str = ""  # the URL of the page written into
    facts_page: str = ""  # the URL of the page that holds the facts table
    changes_page: str = ""
    templates: Templates = field(default_factory=Templates)  # the markup: templates/storykit/inline.html
    # The page's record of first mentions: the facts whose label (estimate, disputed) it has shown so far.
    labelled: set[str] = field(default_factory=set)

    @property
    def markup(self) -> Any:
        return self.templates.macros("inline.html")

    def link(self, target: str) -> str:
        return paths.relative(target, self.page)

    def fact_link(self, fact_id: str) -> str:
        return self.link(paths.on_page(self.facts_page, paths.fact_anchor(fact_id)))

    def badge_html(self, confidence: str | None) -> Markup:
        badge = self.badge(confidence)
        if not badge:
            return Markup("")
        return Markup(self.markup.badge(*badge, self.lang.say("badges.before")))

    # Facts as markup

    def fact_html(self, fact_id: str, flags: Iterable[str]) -> Markup:
        """A fact in running text. Its label (estimate, disputed) follows its first mention on the page,
        unless the sentence says so in words (`hedged`); every mention's tooltip carries it."""
        fact = self.story.fact(fact_id)
        flags = set(flags)
        text = self.value(fact, flags)
        # The date a fact describes is not what the estimate or dispute is about.
        badge = None if {"as-of", "year", "hedged"} & flags or fact_id in self.labelled \
            else self.badge(fact.confidence)
        if badge or "hedged" in flags:  # a sentence that says it in words has given the label
            self.labelled.add(fact_id)
        if "plain" in flags:
            return escape(text) + (self.lang.html("badges.plain", label=badge[1]) if badge else Markup(""))
        link = Markup(self.markup.fact(self.fact_link(fact_id), self.tooltip(fact), text,
                                       fact.confidence if fact.confidence in BADGES else ""))
        return link + (self.badge_html(fact.confidence) if badge else Markup(""))

    def quote_html(self, fact_id: str, credit: bool = True, link: bool = True) -> Markup:
        """A fact's quote, then the outlets it comes from (`credit`: unless the text around it names them;
        the quote then links to its record itself, unless `link` is off where a nearby link does).
        A quote in another language than the page's is given in the site's translation, its original
        one tap away (a link to its record, with the original as its tooltip); a summary keeps its words."""
        fact = self.story.fact(fact_id)
        record = fact.fact
        markup = self.markup
        if record.quote_type == "summary":
            quoted = Markup(markup.quoted(record.quote_lang, record.quote, True))
            if self.needs_gloss(fact):
                quoted += self.lang.html("quote.gloss", gloss=self.lang.local(record.gloss))
        elif self.needs_gloss(fact):
            language = self.lang.language_name(base_language(record.quote_lang))
            original = Markup(markup.cite(self.fact_link(fact_id), self.lang.say("quote.original", language=language),
                                          record.quote))
            quoted = self.lang.html("quote.translated", gloss=self.lang.local(record.gloss), original=original)
        else:
            quoted = Markup(markup.quoted(record.quote_lang, record.quote, False))
            if not credit and link:  # the sentence names the source: the quote itself links to its record
                return Markup(markup.fact(self.fact_link(fact_id), self.tooltip(fact), quoted, ""))
        if not credit:
            return quoted
        outlets = self.lang.join([self.outlet(source) for source in self.story.cited(fact)], "semicolon")
        return self.lang.html("quote.credit", quote=quoted, outlets=Markup(markup.cite(self.fact_link(fact_id), outlets)))

    def require_hedge(self, marker: Marker, sentence: str, where: Where) -> None:
        """A figure shown without its label must have its uncertainty said in words around it."""
        if "hedged" in marker.args and not says_uncertain(sentence, self.lang):
            raise where(marker.line, hedge_missing(self.lang))

    def marker_html(self, marker: Marker, where: Where) -> Markup:
        assert marker.target is not None
        if marker.target not in self.story.facts:
            raise where(marker.line, unknown("fact", marker.target, self.story.facts, self.story.data_folder))
        try:
            if marker.name == "quote":
                return self.quote_html(marker.target, credit="uncredited" not in marker.args)
            return self.fact_html(marker.target, marker.args)
        except StoryError as error:
            raise where(marker.line, error.message) from None

    # Texts from the data

    def inline(self, text: object, where: Where) -> Markup:
        """A text from the data (in this language) with fact markers rendered and everything else escaped."""
        text = self.lang.local(text)
        markers = markers_in(text, where)
        lines = text.split("\n")
        out: list[Markup] = []
        for number, line in enumerate(lines, start=1):
            position = 0
            for marker in (m for m in markers if m.line == number):
                out.append(escape(line[position:marker.start]))
                if marker.name not in ("fact", "quote"):
                    raise where(number, f"only fact and quote markers may appear here, not '{marker.name}'")
                self.require_hedge(marker, text, where)
                out.append(self.marker_html(marker, where))
                position = marker.end
            out.append(escape(line[position:]))
            if number < len(lines):
                out.append(Markup("\n"))
        return Markup("").join(out)

