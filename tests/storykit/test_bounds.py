"""What a formula does with a qualified figure: a worked-out figure whose input is "more than" (or "up to", or
"about") says so too, and moves the way the input's qualifier allows."""

from __future__ import annotations

import pytest

from storykit.writing.writer import FactWriter

from helpers import needs


def test_a_lower_bound_stays_a_lower_bound_through_every_formula(story, language):
    """Every worked-out figure whose input is "more than" (or "up to", or "about") says so too."""
    from storykit.data.units import QUALIFIER_KINDS

    checked = 0
    for fact in story.facts.values():
        if fact.fact.kind != "derived":
            continue
        qualified = [story.facts[name] for name in fact.inputs if name in story.facts and story.facts[name].qualifier]
        if qualified:
            checked += 1
            assert fact.qualifier, f"{fact.id} loses the qualifier of {qualified[0].id}"
            word = language.say(f"qualifiers.words.{fact.qualifier}")  # "more than", "rund"
            assert word in FactWriter(story, language).value(fact), (fact.id, word)
        if fact.qualifier:
            assert QUALIFIER_KINDS[fact.qualifier]
    needs(checked, "no figure worked out from a qualified one")


@pytest.fixture(scope="module")
def english():
    """The machinery's English, with no story's words."""
    from storykit.core.catalogue import load_language

    return load_language("en")


def test_how_a_bound_moves_through_a_formula(tmp_path, english):
    from storykit.core.errors import StoryError
    from storykit.data.load import load_story

    data = tmp_path / "data"
    data.mkdir()
    facts = """
sources:
  - {id: s, outlet: Somewhere, title: A report}
facts:
  - {id: users, label: Users, unit: count, value: 100, qualifier: more than, kind: reported, confidence: confirmed,
     source: s, quote: "over 100"}
  - {id: whole, label: All, unit: count, value: 1000, kind: reported, confidence: confirmed, source: s, quote: "1,000"}
  - {id: part, label: Part, unit: share, kind: derived, formula: "share(users, whole)"}
  - {id: rest, label: Rest, unit: count, kind: derived, formula: "whole - users"}
  - {id: fall, label: Fall, unit: percent, value: -10, qualifier: more than, kind: reported, confidence: confirmed,
     source: s, quote: "more than 10% down"}
  - {id: half_fall, label: Half the fall, unit: percent, kind: derived, formula: "fall / 2"}
"""
    (data / "facts.yaml").write_text(facts, encoding="utf-8")
    story = load_story(data, tmp_path)
    assert FactWriter(story, english).value("part") == "more than 10.0%"  # a bigger part is a bigger share
    assert FactWriter(story, english).value("rest") == "up to 900"  # more users leave fewer for the rest
    assert FactWriter(story, english).value("half_fall") == "down more than 5.0%"  # a bigger fall halves to a bigger one
    (data / "facts.yaml").write_text(facts.replace('formula: "share(users, whole)"}',
                                                   'formula: "share(users, whole)", qualifier: about}'),
                                     encoding="utf-8")
    with pytest.raises(StoryError) as error:
        load_story(data, tmp_path)
    assert "facts.part.qualifier" in str(error.value) and "expected qualifier: more than" in str(error.value)
