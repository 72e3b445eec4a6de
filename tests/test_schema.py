"""Authors' editors check the data as it is typed: the JSON Schemas come from the models that validate the
data (and from the catalogue of words), every data file names its schema, and the schemas accept the data
the build accepts and refuse what it refuses."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import ROOT

DATA = ROOT / "docs" / "data"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(?P<path>\S+)$")


def as_an_editor_reads_it(value):
    """YAML as the YAML language server reads it (YAML 1.2: a date is text)."""
    if isinstance(value, dict):
        return {str(key): as_an_editor_reads_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_an_editor_reads_it(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def schema_of(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    found = MODELINE.match(first)
    assert found, f"{path.relative_to(ROOT)} does not name its schema on its first line"
    return (path.parent / found.group("path")).resolve()


def test_the_schemas_are_made_from_the_models_and_the_catalogue():
    from storykit.data import schema

    assert json.loads(schema.DATA_SCHEMA.read_text(encoding="utf-8")) == schema.data_schema(), \
        "regenerate: python -m storykit.data.schema"
    assert json.loads(schema.WORDS_SCHEMA.read_text(encoding="utf-8")) == schema.words_schema()


DATA_FILES = sorted(DATA.rglob("*.yaml")) + sorted((ROOT / "scripts" / "storykit" / "words").glob("*.yaml")) + \
    sorted((ROOT / "tests" / "stories").rglob("docs/data/**/*.yaml"))


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_data_file_names_its_schema_and_passes_it(path):
    schema_path = schema_of(path)
    assert schema_path.is_file(), f"{path.relative_to(ROOT)} names a schema that is not there: {schema_path}"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(as_an_editor_reads_it(yaml.safe_load(path.read_text(encoding="utf-8"))), schema)


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
