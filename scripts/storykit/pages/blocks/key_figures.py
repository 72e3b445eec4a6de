"""Key figures: a few facts as cards, each its value, what it is and who says so."""

from __future__ import annotations


from ...core.markers import Marker
from ...writing.writer import unknown
from .common import Context


def render(context: Context, marker: Marker) -> str:
    story, lang, prose = context.build.story, context.build.language, context.writer
    missing = [fact_id for fact_id in marker.args if fact_id not in story.facts]
    if missing or not marker.args:
        raise context.where(marker.line, unknown("fact", missing[0], story.facts, story.data_folder) if missing
                            else "the key-figures marker needs fact ids")
    cards = []
    for fact_id in marker.args:
        fact = story.fact(fact_id)
        # Each outlet once: a derived fact's inputs may come from two reports of the same outlet.
        outlets = list(dict.fromkeys(prose.outlet(source) for source in story.sources_of(fact_id)))
        badge = prose.badge(fact.confidence)  # an estimate or a dispute is labelled on its card too
        cards.append({"href": prose.fact_link(fact_id), "tip": prose.tooltip(fact), "value": prose.value(fact),
                      "badge": badge, "label": fact.label(lang), "sources": lang.join(outlets)})
    return str(context.build.templates.render("blocks/key_figures.html", cards=cards))
