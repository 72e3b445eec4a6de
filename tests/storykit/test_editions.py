"""Every edition tells the same story: the machinery's catalogues and the story's words have the same entries in
every language, each page names the same facts and charts in every edition, and a fact named in one edition
only stops the build naming both pages. A glossary term may be for one edition only."""

from __future__ import annotations

import re

import pytest
import yaml

from helpers import MACHINERY, SITE_URL, assert_failed_with_one_line, at, mkdocs_build, needs


def keys_of(node, prefix=""):
    if isinstance(node, dict):
        return {key for name, value in node.items() for key in keys_of(value, f"{prefix}{name}.")}
    return {prefix.rstrip(".")}


def test_the_catalogues_of_words_have_the_same_entries():
    from storykit.core.catalogue import load_language

    english = keys_of(load_language("en").words)
    for path in sorted((MACHINERY / "words").glob("*.yaml")):  # each, with what CLDR gives, has every English entry
        # English cards use the font built into Pillow; English's CLDR locale is its own choice.
        assert english - keys_of(load_language(path.stem).words) <= {"cards.file", "cards.index", "cldr_locale"}, \
            path.name


def test_the_storys_words_have_the_same_entries_in_every_language(story_under_test):
    words = story_under_test.settings.words
    needs(words, "no words of its own")
    found = {language: keys_of(yaml.safe_load((words / f"{language}.yaml").read_text("utf-8")) or {})
             for language in story_under_test.languages if (words / f"{language}.yaml").is_file()}
    needs(len(found) > 1, "words of its own in one language only")
    first = next(iter(found.values()))
    assert {language: keys for language, keys in found.items() if keys != first} == {}, "every chart word in each"


def page_pairs(story_under_test) -> list[tuple[str, str]]:
    """Each page of each edition after the first, with the first edition's page of the same name."""
    return [(page, page[len(edition.path):]) for edition in story_under_test.editions[1:]
            for page in story_under_test.pages(edition.language)]


def test_each_page_names_the_same_facts_and_charts_in_every_edition(story_under_test):
    from storykit.checks.editions import named

    needs(len(story_under_test.editions) > 1, "one edition")
    pairs = page_pairs(story_under_test)
    assert pairs
    for page, first in pairs:
        other = named(story_under_test.page_file(page).read_text(encoding="utf-8"))
        own = named(story_under_test.page_file(first).read_text(encoding="utf-8"))
        assert set(other) == set(own), page


def test_a_fact_named_in_one_edition_only_stops_the_build_naming_both_pages(story_under_test, tmp_path):
    from storykit.checks.editions import named

    needs(len(story_under_test.editions) > 1, "one edition")
    project = story_under_test.copy(tmp_path / "project")
    other = project.editions[1]
    page = next(page for page, _ in page_pairs(project) if "<!-- fact:" in project.page_file(page).read_text("utf-8"))
    file, first_file = project.page_file(page), project.page_file(page[len(other.path):])
    fact = next(fact for fact in project.story.facts if fact not in named(first_file.read_text(encoding="utf-8")))
    lines = file.read_text(encoding="utf-8").split("\n")
    number = next(index for index, line in enumerate(lines) if "<!-- fact:" in line and "---" not in line)
    lines[number] += f" <!-- fact:{fact} -->"
    file.write_text("\n".join(lines), encoding="utf-8")
    result = mkdocs_build(project.root, tmp_path / "site", SITE_URL, config=other.config_file.name)
    shown, first_shown = (path.relative_to(project.root).as_posix() for path in (file, first_file))
    assert_failed_with_one_line(result, at(shown, number + 1, None, f"'{fact}' is named here",
                                           f"not in {first_shown}", "edition_only"))


def test_a_term_for_one_edition_needs_no_words_in_the_other_and_names_a_language_of_the_story(story_under_test,
                                                                                               tmp_path):
    from storykit.core.errors import StoryError

    project = story_under_test.copy(tmp_path / "project")
    settings = project.settings
    written = [(path, found) for path in sorted(settings.data.rglob("*.yaml"))
               if settings.words not in path.parents
               for found in [re.search(r"^    languages: \[(\w[\w-]*)\]\n", path.read_text(encoding="utf-8"), re.M)]
               if found]
    needs(written and len(settings.languages) > 1, "no glossary term for one edition only")
    glossary, found = written[0]
    language = found.group(1)
    assert any(term.languages == [language] and set(settings.languages) - {language} - set(term.definition)
               for term in project.story.terms), "a term for one edition needs no words in the others"
    stranger = next(tag for tag in ("fr", "sv", "pt") if tag not in settings.languages)
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace(found.group(0), f"    languages: [{language}, {stranger}]\n", 1), encoding="utf-8")
    with pytest.raises(StoryError) as problem:
        type(project)(project.root).story  # loaded afresh, as the next build loads it
    line = text[:found.start()].count("\n") + 1
    assert (problem.value.file, problem.value.line) == (settings.as_written(glossary), line), str(problem.value)
    assert f"'{stranger}' is not one of the story's languages" in str(problem.value)
