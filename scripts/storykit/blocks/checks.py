"""The fact-check: each claim of the story's subject set beside what other sources say, with a verdict."""

from __future__ import annotations

from markupsafe import Markup

from .. import paths
from ..markers import Marker
from .context import Context
from .facts_table import escape_markdown

# A symbol beside each verdict, so that colour is never the only cue.
SYMBOLS = {"accurate": "✓", "imprecise": "≈", "misattributed": "⇄", "overstated": "↑", "wrong": "✗",
           "disputed": "?", "missing_context": "…", "outdated": "⌛", "unsupported": "∅"}


def render(context: Context, marker: Marker) -> str:
    build, prose = context.build, context.prose
    lang = build.language
    parts: list[str] = []
    for check in build.story.checks:
        claims = Markup("").join(Markup("<li>{}</li>").format(prose.quote_html(claim)) for claim in check.claims)
        evidence = Markup("").join(
            Markup("<li>{}</li>").format(lang.html("checks.evidence", label=build.story.fact(fact_id).label(lang),
                                                   value=prose.fact_html(fact_id, ())))
            for fact_id in check.evidence)
        finding = prose.inline(check.finding, build.where_in_data("checks", check.id, "finding"))
        parts.append(f"### {escape_markdown(lang.local(check.title))} {{#{paths.check_anchor(check.id)}}}\n")
        verdict = lang.html("checks.verdict", verdict=Markup("<strong>{}</strong>").format(
            lang.say(f"verdicts.{check.verdict}")))
        parts.append(Markup(
            '<div class="sk-check sk-check--{kind}"><p class="sk-verdict"><span aria-hidden="true">'
            '{symbol}</span> {verdict}</p><div class="sk-check__sides">'
            '<div class="sk-check__side"><p class="sk-check__heading">{subject}</p><ul>{claims}</ul></div>'
            '<div class="sk-check__side"><p class="sk-check__heading">{others}</p><ul>{evidence}</ul>'
            '</div></div><p class="sk-check__finding">{finding}</p></div>\n').format(
            kind=check.verdict.replace("_", "-"), symbol=SYMBOLS[check.verdict], verdict=verdict,
            subject=lang.say("checks.subject"), others=lang.say("checks.others"), claims=claims,
            evidence=evidence, finding=finding))
    return "\n".join(parts)
