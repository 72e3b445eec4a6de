"""Authors' editors check the data as it is typed: the JSON Schemas come from the models that validate the
data (and from the catalogue of words), every data file names its schema, and the schemas accept the data
the build accepts and refuse what it refuses."""

from __future__ import annotations

import json

import jsonschema
import pytest

from helpers import MACHINERY, ROOT, STORIES, check_against_its_schema


def test_the_schemas_are_made_from_the_models_and_the_catalogue():
    from storykit.data import schema

    assert json.loads(schema.DATA_SCHEMA.read_text(encoding="utf-8")) == schema.data_schema(), \
        "regenerate: python -m storykit.data.schema"
    assert json.loads(schema.WORDS_SCHEMA.read_text(encoding="utf-8")) == schema.words_schema()


# The machinery's catalogues, and the data of each story in tests/stories (this site's: tests/story/test_data.py).
DATA_FILES = sorted((MACHINERY / "words").glob("*.yaml")) + sorted(STORIES.rglob("docs/data/**/*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_data_file_names_its_schema_and_passes_it(path):
    check_against_its_schema(path)


def test_the_storys_data_files_name_their_schema_and_pass_it(story_under_test):
    """The story `--story` names (`storykit new` writes each file's schema line)."""
    settings = story_under_test.settings
    files = sorted(settings.data.rglob("*.yaml"))
    assert files
    for path in files:
        check_against_its_schema(path)


@pytest.mark.parametrize("mistake, says", [
    ({"facts": [{"id": "a", "label": "A", "unit": "count", "value": 1, "kind": "guessed"}]}, "'guessed' is not one of"),
    ({"facts": [{"id": "A b", "label": "A", "unit": "count", "kind": "reported"}]}, "does not match"),
    ({"facts": [{"id": "a", "label": "A", "unit": "count", "kind": "reported", "colour": "red"}]},
     "Additional properties are not allowed"),
    ({"sources": [{"id": "s", "outlet": "O", "title": "T", "url": "http://example.org"}]}, "does not match"),
    ({"units": [{"id": "eur", "kind": "money", "describe": "euros"}]}, "'written' is a required property"),
    ({"checks": [{"id": "c", "title": "T", "verdict": "wrong", "reason": "R", "claims": [], "evidence": ["x"],
                  "finding": "F"}]},
     "should be non-empty"),
], ids=["kind", "id", "unknown-field", "http-address", "unit-without-forms", "check-without-claims"])
def test_the_schema_refuses_what_the_build_refuses(mistake, says):
    from storykit.data import schema

    with pytest.raises(jsonschema.ValidationError) as refused:
        jsonschema.validate(mistake, schema.data_schema())
    assert says in refused.value.message, refused.value.message
