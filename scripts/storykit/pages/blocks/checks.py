"""The fact-check: each claim of the story's subject, its verdict and why, and what other sources say.

Each check says its point once: the verdict with its reason in one line, the subject's words, the
evidence in one short paragraph whose figures link to their records, and every fact the check rests on
folded away beneath. A quote is printed once on the page: a claim whose words an earlier check already
quotes is given by its value.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from ...core import paths
from ...core.markers import Marker
from ...data.model import Check
from .common import Context
from .facts_table import escape_markdown

# A symbol beside each verdict, so that colour is never the only cue.
SYMBOLS = {"accurate": "✓", "imprecise": "≈", "misattributed": "⇄", "overstated": "↑", "wrong": "✗",
           "disputed": "?", "missing_context": "…", "outdated": "⌛", "unsupported": "∅"}
# Words, and characters of the scripts that write without spaces, as units of a text.
UNITS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")
SAME = 0.6  # the share of a value's units found in its label above which the value adds nothing


def render(context: Context, marker: Marker) -> str:
    printed: list[str] = []  # the quotes already on the page, as compared
    return "\n".join(_check(context, check, printed) for check in context.build.story.checks)


def says_the_same(label: str, value: str) -> bool:
    """Whether a value adds nothing to its label ("Target: inducing minors to tip" and "inducing minors
    to tip"): most of its words (or characters, in Chinese) are in the label already."""
    units = UNITS.findall(value.casefold())
    if not units:
        return False
    in_label = set(UNITS.findall(label.casefold()))
    return sum(unit in in_label for unit in units) / len(units) >= SAME


# Helpers


def _check(context: Context, check: Check, printed: list[str]) -> str:
    build, prose = context.build, context.writer
    lang = build.language
    where = build.where_in_data
    verdict = lang.html("checks.verdict", verdict=Markup(context.markup.strong(lang.say(f"verdicts.{check.verdict}"))))
    claim, claims = _claims(context, check, printed)
    quotes = [lang.html("checks.quoted", label=build.story.fact(fact_id).label(lang), quote=prose.quote_html(fact_id))
              for fact_id in check.quotes]
    printed += [_compared(build.story.fact(fact_id).fact.quote) for fact_id in check.quotes]
    block = build.templates.render(
        "blocks/check.html", kind=check.verdict.replace("_", "-"), symbol=SYMBOLS[check.verdict], verdict=verdict,
        reason=prose.inline(check.reason, where("checks", check.id, "reason")), claim=claim, claims=claims,
        quotes=quotes, quotes_head=lang.say("checks.quotes"),
        finding=prose.inline(check.finding, where("checks", check.id, "finding")),
        evidence_summary=lang.say("checks.evidence_summary"),
        evidence=[_evidence(context, fact_id) for fact_id in check.evidence])
    heading = f"### {escape_markdown(lang.local(check.title))} {{#{paths.check_anchor(check.id)}}}\n"
    return heading + str(block) + "\n"  # the heading is escaped already: Markup + str would escape it again


def _claims(context: Context, check: Check, printed: list[str]) -> tuple[Markup, list[Markup]]:
    """The subject's words, each quote once on the page, under the subject's name, which links to its entry
    among the sources (the page introduces the subject once: its quotes need no credit of their own): the
    line that says them (the one quote, or what comes before a list of them), and the quotes."""
    build, prose = context.build, context.writer
    lang = build.language
    shown: list[Markup] = []
    in_this_check: list[str] = []
    for claim in check.claims:
        quote = _compared(build.story.fact(claim).fact.quote)
        if any(quote in earlier for earlier in in_this_check):
            continue  # the same words as another claim of this check
        if any(quote in earlier for earlier in printed):
            shown.append(lang.html("checks.quoted_above", value=prose.fact_html(claim, ())))
            continue
        printed.append(quote)
        in_this_check.append(quote)
        shown.append(prose.quote_html(claim, credit=False, link=False))
    source = build.story.fact(check.claims[0]).fact.source or ""
    subject = Markup(context.markup.link(prose.link(paths.on_page(prose.facts_page, paths.source_anchor(source))),
                                         lang.say("checks.subject"), class_="sk-check__subject"))
    if len(shown) == 1:
        return lang.html("checks.claim", subject=subject, quote=shown[0]), shown
    return lang.html("checks.claims", subject=subject), shown


def _evidence(context: Context, fact_id: str) -> Markup:
    """One fact a check rests on: its label and value (the label alone where the value repeats it), and
    the outlets it comes from (none for a figure worked out or counted for the site)."""
    build, prose = context.build, context.writer
    lang = build.language
    fact = build.story.fact(fact_id)
    label = fact.label(lang)
    if says_the_same(label, prose.value(fact)):
        shown = Markup(context.markup.fact(prose.fact_link(fact_id), prose.tooltip(fact), label, ""))
    else:
        shown = lang.html("checks.evidence", label=label, value=prose.fact_html(fact_id, ()))
    sources = [] if fact.fact.kind == "derived" else build.story.cited(fact)
    outlets = [prose.outlet(source) for source in sources if source.role != "compilation"]
    if not outlets:
        return shown
    return lang.html("checks.from", fact=shown, outlets=lang.join(outlets, "semicolon"))


def _compared(quote: str | None) -> str:
    """A quote as compared with others: its words alone, whatever its quotation marks and spacing."""
    return " " + " ".join(UNITS.findall((quote or "").casefold())) + " "
