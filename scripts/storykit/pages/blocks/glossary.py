"""The glossary: every term with its definition (the Markdown abbreviations that explain each term
wherever it appears on a page come from the same records)."""

from __future__ import annotations

import html


from ...core.catalogue import Language
from ...core.markers import Marker
from ...data.model import Term
from ...data.story import Story
from .common import Context
from .facts_table import slugify


def render(context: Context, marker: Marker) -> str:
    lang = context.build.language
    entries = []
    for term in sorted(terms_for(context.build.story, lang), key=lambda t: sort_key(t, lang)):
        name = lang.local(term.term)
        aliases = [lang.local(alias) for alias in term.aliases]
        entries.append({"slug": slugify(name), "term": name, "definition": lang.local(term.definition),
                        "also": lang.say("glossary.also", aliases=lang.join(aliases)) if aliases else ""})
    return str(context.build.templates.render("blocks/glossary.html", entries=entries))


def terms_for(story: Story, lang: Language) -> list[Term]:
    """The terms this language's readers need explained (a term may be left out of one edition)."""
    return [term for term in story.terms if term.in_language(lang.tag)]


def sort_key(term: Term, lang: Language) -> str:
    """A term's place in the glossary: as the data spells it for sorting in this language (pinyin for
    Chinese, whose characters do not give an order), or as it is written."""
    return term.sort_as.get(lang.tag, lang.local(term.term)).casefold()


def tooltip_attribute(text: str) -> str:
    """Text for a title attribute that Material shows as a tooltip.

    Material's tooltips put the attribute's value into innerHTML, so markup in the data would run
    there: the text is escaped once here (only &, < and >, so screen readers still read quotes and
    apostrophes), and once more where it is written into the attribute.
    """
    return html.escape(text, quote=False)


def abbreviations(story: Story, lang: Language) -> str:
    """Markdown abbreviation definitions (the abbr extension), one per term and alias."""
    lines = []
    for term in terms_for(story, lang):
        # Material shows these title attributes as tooltips through innerHTML, so the attribute
        # must hold the text escaped once more (see tooltip_attribute). Python-Markdown leaves
        # an & that starts an entity unescaped in attributes: escaping twice here gives it that.
        words = " ".join(lang.local(term.definition).split()).replace("]", ")")
        definition = tooltip_attribute(tooltip_attribute(words))
        for spelling in (term.term, *term.aliases):
            lines.append(f"*[{lang.local(spelling)}]: {definition}")
    return "\n".join(lines)
