"""HTML for facts, quotes and the generated blocks of pages (tables, lists, fact-checks).

Every string from the data passes through `escape` here (markupsafe), so data can never
inject markup into a page.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from typing import Any, Callable, Iterable

from markupsafe import Markup, escape

from .changes import corrected_note
from .errors import StoryError
from .markers import Marker, MarkerProblem, find_markers
from .model import Check, Source
from .story import Story, StoryFact
from .units import DisplayOptions, format_date

VERDICTS = {
    # verdict: (label, symbol shown beside it, so colour is never the only cue)
    "accurate": ("Accurate", "✓"),
    "imprecise": ("Imprecise", "≈"),
    "misattributed": ("Misattributed", "⇄"),
    "overstated": ("Overstated", "↑"),
    "wrong": ("Wrong", "✗"),
    "disputed": ("Disputed", "?"),
    "missing_context": ("Missing context", "…"),
    "outdated": ("Outdated", "⌛"),
    "unsupported": ("Unsupported", "∅"),
}
KIND_LABELS = {"reported": "Reported", "derived": "Derived", "inferred": "Inferred", "estimate": "Estimate"}
CONFIDENCE_LABELS = {"confirmed": "confirmed", "likely": "likely (secondary or worked out)",
                     "disputed": "disputed"}


def relative_url(target: str, page_url: str) -> str:
    """URL of `target` (site-relative, may carry #fragment) as seen from the page at `page_url`."""
    path, _, fragment = target.partition("#")
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    if path == page_url and fragment:
        return "#" + fragment
    relative = posixpath.relpath("/" + path, "/" + base)
    if path.endswith("/") or path == "":
        relative = relative.rstrip("/") + "/"  # relpath drops the slash of a directory URL
    return relative + (f"#{fragment}" if fragment else "")


def options_from(flags: Iterable[str]) -> DisplayOptions:
    flags = set(flags)
    return DisplayOptions(absolute="abs" in flags, short="short" in flags, weekday="weekday" in flags,
                          bare="bare" in flags)


class Renderer:
    """Renders facts and blocks for one story; `facts_page` is the page holding the facts table."""

    def __init__(self, story: Story, facts_page: str, changes_page: str = "changes/") -> None:
        self.story = story
        self.facts_page = facts_page
        self.changes_page = changes_page

    # Inline

    def fact_anchor(self, fact_id: str) -> str:
        return f"{self.facts_page}#fact-{fact_id}"

    def fact_text(self, fact: StoryFact, flags: Iterable[str]) -> str:
        flags = set(flags)
        if "as-of" in flags:
            if fact.fact.as_of is None:
                raise KeyError("as-of")
            return _date_text(fact.fact.as_of, flags)
        if {"year", "month"} & flags:
            if fact.unit.value_type != "date":
                raise KeyError("year" if "year" in flags else "month")
            return _date_text(fact.value, flags)
        return fact.display(options_from(flags))

    def plain_text(self, text: str, where: Callable[[int, str], StoryError]) -> str:
        """Text with fact markers written as plain values (for meta descriptions and cards)."""
        markers = markers_in(text, where)
        lines = text.split("\n")
        for marker in reversed(markers):
            if marker.name != "fact" or marker.target not in self.story.facts:
                raise where(marker.line, unknown("fact", marker.target or marker.name, self.story.facts)
                            if marker.name == "fact" else f"only fact markers may appear here, not '{marker.name}'")
            line = lines[marker.line - 1]
            try:
                value = self.fact_text(self.story.fact(marker.target), marker.args)
            except KeyError as flag:
                raise where(marker.line, f"the option {flag} does not apply to fact '{marker.target}'") from None
            lines[marker.line - 1] = line[:marker.start] + value + line[marker.end:]
        return " ".join("\n".join(lines).split())

    def fact_html(self, fact_id: str, flags: Iterable[str], page_url: str) -> Markup:
        fact = self.story.fact(fact_id)
        flags = set(flags)
        text = self.fact_text(fact, flags)
        # The date a fact describes is not what the estimate or dispute is about.
        badge = None if {"as-of", "year"} & flags else self.badge(fact)
        if "plain" in flags:
            return escape(text) + (Markup(" (") + badge[1] + Markup(")") if badge else Markup(""))
        link = Markup('<a class="sk-fact{cls}" href="{href}" data-sk-tip="{tip}">{text}</a>').format(
            cls=f" sk-fact--{fact.confidence}" if fact.confidence in ("likely", "disputed") else "",
            href=relative_url(self.fact_anchor(fact_id), page_url), tip=self.tooltip(fact), text=text)
        if badge:
            link += Markup(' <span class="sk-badge sk-badge--{}">{}</span>').format(*badge)
        return link

    def badge(self, fact: StoryFact) -> tuple[str, str] | None:
        """A visible label for facts that may only be shown as estimates or as disputed."""
        return self.badge_for(fact.confidence)

    def tooltip(self, fact: StoryFact) -> str:
        """A fact's quote and source (or its formula), shown by tips.js as plain text."""
        if fact.fact.kind == "derived":
            return f"{fact.fact.label}. Worked out: {self.formula_text(fact)}." + self._corrected(fact)
        outlets = "; ".join(source.outlet for source in self.cited(fact))
        if fact.fact.quote_type == "summary":
            # The summariser's words, not the outlet's: no quotation marks, and credited as a summary.
            return f"{fact.fact.quote} — {self.summariser()}'s summary of {outlets}" + self._corrected(fact)
        quote = f"“{fact.fact.quote}”"
        if fact.fact.gloss:
            quote += f" ({fact.fact.gloss})"
        return f"{quote} — {outlets}" + self._corrected(fact)

    def _corrected(self, fact: StoryFact) -> str:
        days = [format_date(change.date, DisplayOptions()) for change in self.story.corrections_of(fact.id)]
        return f". Corrected on {', '.join(days)}." if days else ""

    def summariser(self) -> str:
        """Who wrote the summaries that stand in for a source's own words: the site's own compilation."""
        return next((source.outlet for source in self.story.sources.values() if source.role == "compilation"),
                    "This site")

    def cited(self, fact: StoryFact) -> list[Source]:
        """The sources a reported fact names: its own, then those that carry it too."""
        return [self.story.sources[source_id] for source_id in [fact.fact.source or "", *fact.fact.also]]

    def formula_text(self, fact: StoryFact) -> str:
        text = fact.fact.formula or ""
        for name in sorted(fact.inputs, key=len, reverse=True):
            shown = f"{self.story.series[name].series.name} series" if name in self.story.series \
                else self.story.fact(name).display()
            text = re.sub(rf"\b{re.escape(name)}\b", lambda _: f"[{shown}]", text)
        return f"{text} = {fact.display()}"

    def quote_html(self, fact_id: str, page_url: str) -> Markup:
        fact = self.story.fact(fact_id)
        quoted = Markup('<q lang="{}">{}</q>').format(fact.fact.quote_lang, fact.fact.quote)
        if fact.fact.quote_type == "summary":
            quoted = Markup('<span lang="{}">{}</span>').format(fact.fact.quote_lang, fact.fact.quote)
        if fact.fact.gloss:
            quoted += Markup(' (“{}”)').format(fact.fact.gloss)
        outlets = "; ".join(source.outlet for source in self.cited(fact))
        return quoted + Markup(' — <a class="sk-cite" href="{}">{}</a>').format(
            relative_url(self.fact_anchor(fact_id), page_url), outlets)

    def inline_text(self, text: str, page_url: str, where: Callable[[int, str], StoryError]) -> Markup:
        """Text from the data with fact markers rendered and everything else escaped."""
        markers = markers_in(text, where)
        lines = text.split("\n")
        out: list[Markup] = []
        for number, line in enumerate(lines, start=1):
            position = 0
            for marker in (m for m in markers if m.line == number):
                out.append(escape(line[position:marker.start]))
                if marker.name not in ("fact", "quote"):
                    raise where(number, f"only fact and quote markers may appear here, not '{marker.name}'")
                out.append(self.marker_html(marker, page_url, where))
                position = marker.end
            out.append(escape(line[position:]))
            if number < len(lines):
                out.append(Markup("\n"))
        return Markup("").join(out)

    def marker_html(self, marker: Marker, page_url: str, where: Callable[[int, str], StoryError]) -> Markup:
        assert marker.target is not None
        if marker.target not in self.story.facts:
            raise where(marker.line, unknown("fact", marker.target, self.story.facts))
        try:
            if marker.name == "quote":
                return self.quote_html(marker.target, page_url)
            return self.fact_html(marker.target, marker.args, page_url)
        except KeyError as flag:
            raise where(marker.line, f"the option {flag} does not apply to fact '{marker.target}' "
                                     f"(it needs a date{' it describes' if str(flag) == repr('as-of') else ''})"
                        ) from None

    # Blocks

    def key_figures(self, fact_ids: Iterable[str], page_url: str) -> Markup:
        cards = []
        for fact_id in fact_ids:
            fact = self.story.fact(fact_id)
            sources = ", ".join(source.outlet for source in self.story.sources_of(fact_id))
            cards.append(Markup(
                '<li class="sk-figure"><a href="{href}" data-sk-tip="{tip}"><span class="sk-figure__value">{value}'
                '</span><span class="sk-figure__label">{label}</span><span class="sk-figure__source">{sources}'
                '</span></a></li>').format(
                href=relative_url(self.fact_anchor(fact_id), page_url), tip=self.tooltip(fact),
                value=fact.display(), label=fact.fact.label, sources=sources))
        return Markup('<ul class="sk-figures">{}</ul>').format(Markup("").join(cards))

    def facts_table(self, page_url: str) -> str:
        """Markdown headings (so they reach the table of contents) with one HTML table per data file."""
        parts: list[str] = []
        for title, fact_ids in self.story.groups:
            slug = "facts-" + "-".join("".join(ch if ch.isalnum() else " " for ch in title.lower()).split())
            rows = Markup("").join(self._fact_row(self.story.fact(fact_id), page_url) for fact_id in fact_ids)
            parts.append(f"### {escape_markdown(title)} {{#{slug}}}\n")
            # The row count lets the browser reserve about the right height before laying it out.
            parts.append(Markup(
                '<div class="sk-table-wrap sk-deferred" style="--sk-rows: {count}"><table class="sk-facts"><thead>'
                '<tr><th scope="col">Fact</th><th scope="col">Value</th><th scope="col">Basis</th>'
                '<th scope="col">Source and quote</th></tr></thead><tbody>{rows}</tbody></table></div>\n'
            ).format(count=len(fact_ids), rows=rows))
        return "\n".join(parts)

    def _fact_row(self, fact: StoryFact, page_url: str) -> Markup:
        record = fact.fact
        basis = KIND_LABELS[record.kind]
        if fact.confidence:
            basis += f", {CONFIDENCE_LABELS[fact.confidence]}"
        value = escape(fact.display())
        badge = self.badge(fact)
        if badge:
            value += Markup(' <span class="sk-badge sk-badge--{}">{}</span>').format(*badge)
        if record.kind == "derived":
            inputs = Markup(", ").join(
                Markup('<a href="#series-{0}">{1}</a>').format(name, self.story.series[name].series.label)
                if name in self.story.series else
                Markup('<a href="#fact-{0}">{1}</a>').format(name, self.story.fact(name).fact.label)
                for name in fact.inputs)
            evidence = Markup('Worked out: <code>{}</code> from {}').format(self.formula_text(fact), inputs)
        else:
            source = self.story.sources[record.source or ""]
            quote = Markup('<q lang="{}">{}</q>').format(record.quote_lang, record.quote)
            if record.quote_type == "summary":
                quote = Markup('{}\'s summary: <span lang="{}">{}</span>').format(
                    self.summariser(), record.quote_lang, record.quote)
            if record.gloss:
                quote += Markup(' <span class="sk-gloss">(“{}”)</span>').format(record.gloss)
            cited = [Markup('<a href="#source-{}">{}</a>').format(source.id, source.outlet)]
            cited += [Markup('<a href="#source-{}">{}</a>').format(other, self.story.sources[other].outlet)
                      for other in record.also]
            evidence = quote + Markup("<br>") + Markup("; ").join(cited)
        if record.note:
            evidence += Markup('<br><span class="sk-note">{}</span>').format(record.note)
        evidence += corrected_note(self.story.corrections_of(record.id),
                                   lambda anchor: relative_url(f"{self.changes_page}#{anchor}", page_url))
        when = Markup("<br><small>{}</small>").format(format_date(record.as_of, DisplayOptions())) \
            if record.as_of else Markup("")
        return Markup(
            '<tr id="fact-{id}"><td>{label}<br><code>{id}</code></td><td class="sk-value">{value}{when}</td>'
            '<td>{basis}</td><td>{evidence}</td></tr>').format(
            id=record.id, label=record.label, value=value, when=when, basis=basis, evidence=evidence)

    def series_table(self, page_url: str) -> Markup:
        """One row per dated series: what it holds, its days, its source and where it differs from the news."""
        rows = []
        for item in self.story.series.values():
            record = item.series
            source = self.story.sources[record.source]
            if record.quote_type == "summary":  # the words of the data's documentation, not its publisher's
                quote = Markup('Column used: <span lang="{}">{}</span>').format(record.quote_lang, record.quote)
            else:
                quote = Markup('Column used: <q lang="{}">{}</q>').format(record.quote_lang, record.quote)
            if record.gloss:
                quote += Markup(' (“{}”)').format(record.gloss)
            span = f"{format_date(item.days[0], DisplayOptions())} to {format_date(item.days[-1], DisplayOptions())}"
            notes = [Markup('<a href="#source-{}">{}</a>').format(source.id, source.outlet), quote]
            for difference in item.differences:
                fact = self.story.fact(difference.fact_id)
                notes.append(Markup(
                    'On {day} the reported value, <a href="#fact-{id}">{reported}</a> ({outlet}), differs from '
                    'the series\' {in_series}; the site shows the reported value.').format(
                    day=format_date(difference.day, DisplayOptions()), id=fact.id, reported=fact.display(),
                    outlet=", ".join(s.outlet for s in self.story.sources_of(fact.id)),
                    in_series=item.display(difference.in_series)))
            if record.reported and not item.differences:
                notes.append(Markup("Matches every reported value it is checked against ({}).").format(
                    ", ".join(format_date(self.story.fact(f).fact.as_of, DisplayOptions(short=True))
                              for f in record.reported)))
            if record.note:
                notes.append(Markup('<span class="sk-note">{}</span>').format(record.note))
            badge = self.badge_for(item.confidence)
            basis = escape(CONFIDENCE_LABELS.get(item.confidence or "", "")).capitalize() if item.confidence else ""
            rows.append(Markup(
                '<tr id="series-{id}"><td>{label}<br><code>{id}</code></td><td>{count} days<br><small>{span}</small>'
                '</td><td>Daily series, {basis}{badge}</td><td>{notes}<br><a href="{csv}" download>The series (CSV)</a>'
                '</td></tr>').format(
                id=record.id, label=record.label, count=len(item.days), span=span, basis=basis,
                badge=Markup(' <span class="sk-badge sk-badge--{}">{}</span>').format(*badge) if badge else "",
                notes=Markup("<br>").join(notes), csv=relative_url(series_csv_path(record.id), page_url)))
        return Markup(
            '<div class="sk-table-wrap"><table class="sk-facts sk-series"><thead><tr><th scope="col">Series</th>'
            '<th scope="col">Days</th><th scope="col">Basis</th><th scope="col">Source and checks</th></tr></thead>'
            '<tbody>{}</tbody></table></div>').format(Markup("").join(rows))

    def badge_for(self, confidence: str | None) -> tuple[str, str] | None:
        return {"disputed": ("disputed", "disputed"), "likely": ("estimate", "estimate")}.get(confidence or "")

    def sources_list(self) -> Markup:
        items = [self._source_item(source) for source in self.story.sources.values()]
        return Markup('<ol class="sk-sources">{}</ol>').format(Markup("").join(items))

    def _source_item(self, source: Source) -> Markup:
        outlet = Markup('<a href="{}" rel="noreferrer nofollow">{}</a>').format(source.url, source.outlet) \
            if source.url else escape(source.outlet)
        date = ""
        if source.published:
            date = ("about " if source.published_approx else "") + format_date(source.published, DisplayOptions())
        parts = [outlet, escape(source.title)]
        if date:
            parts.append(escape(date))
        if source.language != "en":
            parts.append(Markup('<span class="sk-lang">in {}</span>').format(language_name(source.language)))
        item = Markup(". ").join(parts)
        if source.note:
            item += Markup('<br><span class="sk-note">{}</span>').format(source.note)
        return Markup('<li id="source-{}">{}</li>').format(source.id, item)

    def glossary(self) -> Markup:
        entries = []
        for term in sorted(self.story.terms, key=lambda t: t.term.lower()):
            also = Markup(' <span class="sk-note">(also: {})</span>').format(", ".join(term.aliases)) \
                if term.aliases else Markup("")
            entries.append(Markup('<dt id="term-{slug}">{term}{also}</dt><dd>{definition}</dd>').format(
                slug=slugify(term.term), term=term.term, also=also, definition=term.definition))
        return Markup('<dl class="sk-glossary">{}</dl>').format(Markup("").join(entries))

    def abbreviations(self) -> str:
        """Markdown abbreviation definitions (the abbr extension), one per term and alias."""
        lines = []
        for term in self.story.terms:
            # Material shows these title attributes as tooltips through innerHTML, so the attribute
            # must hold the text escaped once more (see tooltip_attribute). Python-Markdown leaves
            # an & that starts an entity unescaped in attributes: escaping twice here gives it that.
            definition = tooltip_attribute(tooltip_attribute(" ".join(term.definition.split()).replace("]", ")")))
            for spelling in (term.term, *term.aliases):
                lines.append(f"*[{spelling}]: {definition}")
        return "\n".join(lines)

    def checks(self, page_url: str, where: Callable[[Check], Callable[[int, str], StoryError]]) -> str:
        parts: list[str] = []
        for check in self.story.checks:
            label, symbol = VERDICTS[check.verdict]
            claims = Markup("").join(
                Markup('<li>{}</li>').format(self.quote_html(claim, page_url)) for claim in check.claims)
            evidence = Markup("").join(
                Markup('<li>{label}: {value}</li>').format(
                    label=self.story.fact(fact_id).fact.label, value=self.fact_html(fact_id, (), page_url))
                for fact_id in check.evidence)
            finding = self.inline_text(check.finding, page_url, where(check))
            parts.append(f"### {escape_markdown(check.title)} {{#check-{check.id.replace('_', '-')}}}\n")
            parts.append(Markup(
                '<div class="sk-check sk-check--{verdict} sk-deferred"><p class="sk-verdict"><span aria-hidden="true">{symbol}'
                '</span> Verdict: <strong>{label}</strong></p><div class="sk-check__sides">'
                '<div class="sk-check__side"><p class="sk-check__heading">The article</p><ul>{claims}</ul></div>'
                '<div class="sk-check__side"><p class="sk-check__heading">Other sources</p><ul>{evidence}</ul>'
                '</div></div><p class="sk-check__finding">{finding}</p></div>\n').format(
                verdict=check.verdict.replace("_", "-"), symbol=symbol, label=label, claims=claims,
                evidence=evidence, finding=finding))
        return "\n".join(parts)



def series_csv_path(series_id: str) -> str:
    return f"data/series/{series_id}.csv"


def markers_in(text: str, where: Callable[[int, str], StoryError]) -> list[Marker]:
    """The markers in a page or a text from the data; a malformed one stops the build at its line."""
    try:
        return find_markers(text)
    except MarkerProblem as problem:
        raise where(problem.line, problem.message) from None


def tooltip_attribute(text: str) -> str:
    """Text for a title attribute that Material shows as a tooltip.

    Material's tooltips put the attribute's value into innerHTML, so markup in the data would run
    there: the text is escaped once here (only &, < and >, so screen readers still read quotes and
    apostrophes), and once more where it is written into the attribute.
    """
    return html.escape(text, quote=False)


def _date_text(value: Any, flags: set[str]) -> str:
    if "year" in flags:
        return str(value.year)
    if "month" in flags:
        return f"{value:%B %Y}"
    return format_date(value, options_from(flags))


def unknown(kind: str, name: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    where = "docs/data" if kind == "fact" else "the chart module"
    return (f"unknown {kind} '{name}'; expected the id of a {kind} in {where}"
            + (f"; did you mean '{close[0]}'?" if close else ""))


def slugify(text: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())


def escape_markdown(text: str) -> str:
    """Text for a Markdown heading: Markdown's syntax characters neutralised, then HTML-escaped."""
    escaped = text
    for char in "\\`*_{}[]#+!|":
        escaped = escaped.replace(char, "\\" + char)
    return html.escape(escaped, quote=False)


LANGUAGE_NAMES = {"zh": "Chinese", "zh-Hans": "Chinese", "zh-Hant": "Chinese", "en": "English"}


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag, tag)
