"""JSON Schemas for authors' editors, generated from what the build itself checks.

`data.schema.json` comes from the models that validate every data file (`model.py`), and
`words.schema.json` from the English catalogue (`words/en.yaml`): an editor with the YAML language
server checks a file as it is typed once the file's first line names its schema:

    # yaml-language-server: $schema=../../scripts/storykit/schema/data.schema.json

Regenerate after changing the models or the catalogue (a test fails until you do):

    python -m storykit.data.schema
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from .model import DataFile
from ..core.yamlfile import read_yaml

FOLDER = Path(__file__).parents[1] / "schema"
DATA_SCHEMA = FOLDER / "data.schema.json"
WORDS_SCHEMA = FOLDER / "words.schema.json"
CATALOGUE = Path(__file__).parents[1] / "words" / "en.yaml"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def data_schema() -> dict[str, Any]:
    schema = DataFile.model_json_schema()
    return {"$schema": DIALECT, "$id": "storykit/data.schema.json", **schema,
            "title": "A storykit data file",
            "description": "Sources, facts, units, dated series, glossary terms, fact-checks and changes of a story "
                           "(scripts/storykit/model.py; the README says how to write each)."}


def _shape(value: Any) -> dict[str, Any]:
    """The schema of a catalogue entry: its keys (all optional) and the kind of each value."""
    if isinstance(value, dict):
        return {"type": "object", "properties": {str(key): _shape(item) for key, item in value.items()}}
    if isinstance(value, list):
        return {"type": "array"}
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, (int, float)):
        return {"type": "number"}
    return {"type": "string"}


def words_schema() -> dict[str, Any]:
    shape = _shape(read_yaml(CATALOGUE, "storykit/words/en.yaml").data)
    chart = {"type": "object", "properties": {key: {"type": "string"} for key in
                                              ("title", "takeaway", "description", "source_note")},
             "description": "A chart's words; other keys are the words its function reads with facts.say(key)"}
    shape["properties"]["charts"] = {"type": "object", "additionalProperties": chart,
                                     "description": "Each chart's words, by chart id"}
    return {"$schema": DIALECT, "$id": "storykit/words.schema.json", "title": "A storykit catalogue of words",
            "description": "A language's words (storykit/words/<language>.yaml), or a story's own words for a "
                           "language: any entry of the machinery's catalogue, and its charts' words.", **shape}


def written(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def main() -> int:
    FOLDER.mkdir(exist_ok=True)
    DATA_SCHEMA.write_text(written(data_schema()), encoding="utf-8")
    WORDS_SCHEMA.write_text(written(words_schema()), encoding="utf-8")
    print(f"wrote {DATA_SCHEMA.name} and {WORDS_SCHEMA.name} in {FOLDER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
