"""`storykit new`: a minimal story in the languages asked for, which builds at once with `--strict`.

It writes one page with a few facts and their source, one chart, the Sources and Changes pages, the
story's words in each language, a CITATION.cff, and mkdocs.yml (with one more configuration per edition
after the first). The sample's texts (`scaffold/sample.yaml`) exist in a few languages; a language without
them gets the English ones, to be replaced like the rest. A language without a catalogue of the machinery's
words (`storykit/words/`) gets the English catalogue in its words file, to translate: `storykit check`
lists what is still in English.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from ..core.errors import StoryError
from ..core.catalogue import CATALOGUES
from ..core.locales import cldr_locale
from ..core.yamlfile import read_yaml

SAMPLE = Path(__file__).parents[1] / "scaffold" / "sample.yaml"
SCHEMAS = Path(__file__).parents[1] / "schema"
FALLBACK = "en"  # the sample's language where it has none of its own


def new_story(folder: Path, languages: list[str]) -> None:
    """Write a new story into `folder` (new or empty), told in `languages` (BCP 47 tags, the first first)."""
    if not languages:
        raise StoryError("no language; expected at least one, e.g. --languages en or --languages de,fr")
    for tag in languages:
        cldr_locale(tag)  # a StoryError for a tag CLDR does not know
    if len(set(languages)) != len(languages):
        raise StoryError(f"a language named twice in {', '.join(languages)}; expected each once")
    if folder.exists() and any(folder.iterdir()):
        raise StoryError(f"{folder} is not empty; expected a new folder for the story")
    samples = read_yaml(SAMPLE, "storykit/scaffold/sample.yaml").data
    texts = {tag: samples.get(tag) or samples[FALLBACK] for tag in languages}
    first = languages[0]
    files: dict[str, str] = {
        "mkdocs.yml": _config(languages, texts[first]),
        "CITATION.cff": _citation(texts[first]),
        "charts.py": CHART_MODULE,
        "docs/data/story.yaml": _data(folder, languages, texts),
    }
    for number, tag in enumerate(languages):
        docs = "docs/" if number == 0 else f"docs/{_folder(tag)}"
        files[f"{docs}index.md"] = _page(texts[tag]["home_title"], texts[tag]["home_description"],
                                         texts[tag]["home_text"] + "\n\n<!-- chart:visitors -->")
        files[f"{docs}sources.md"] = _page(texts[tag]["sources"], texts[tag]["sources_text"],
                                           "<!-- facts-table -->\n\n<!-- sources-list -->\n\n<!-- downloads -->")
        files[f"{docs}changes.md"] = _page(texts[tag]["changes"], texts[tag]["changes_text"], "<!-- changes -->")
        files[f"docs/data/words/{tag}.yaml"] = _words(folder, tag, texts[tag])
        if number:
            files[f"mkdocs.{tag}.yml"] = _edition_config(tag, texts[tag])
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# Helpers


def _folder(tag: str) -> str:
    return tag.lower() + "/"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string, whatever it holds


def _schema(folder: Path, name: str, at: str) -> str:
    """The line that tells an editor which JSON Schema checks the file at `at` (relative to the story)."""
    target = (SCHEMAS / name).resolve()
    try:
        link = os.path.relpath(target, (folder / at).resolve().parent)
    except ValueError:
        link = target.as_uri()
    return f"# yaml-language-server: $schema={link}\n"


def _nav(text: dict[str, str]) -> str:
    return (f"nav:\n  - {_quoted(text['home'])}: index.md\n  - {_quoted(text['sources'])}: sources.md\n"
            f"  - {_quoted(text['changes'])}: changes.md\n")


def _config(languages: list[str], text: dict[str, str]) -> str:
    editions = ""
    if len(languages) > 1:
        editions = "      editions:  # the story in each language\n" + f"        - language: {languages[0]}\n" + "".join(
            f"        - language: {tag}\n          path: {_folder(tag)}\n          config: mkdocs.{tag}.yml\n"
            for tag in languages[1:])
    return f"""# A story told with storykit: `mkdocs serve` to write it, `storykit build` to build every edition.
site_name: {_quoted(text['site_name'])}
site_description: {_quoted(text['site_description'])}
site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]
copyright: {_quoted(text['copyright'])}
docs_dir: docs
{_nav(text)}theme:
  name: material
  language: {languages[0]}
  font: false  # no web fonts: the pages ask no other host for anything
  features:
    - navigation.instant
plugins:
  - search
  - storykit:
      data_folder: docs/data
      words: docs/data/words
      charts: charts.py
{editions}extra:
  generator: false
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
"""


def _edition_config(tag: str, text: dict[str, str]) -> str:
    return f"""# The edition in {tag}: mkdocs.yml's settings, with its own pages, name and navigation.
INHERIT: mkdocs.yml
site_name: {_quoted(text['site_name'])}
site_description: {_quoted(text['site_description'])}
copyright: {_quoted(text['copyright'])}
docs_dir: docs/{_folder(tag)}
{_nav(text)}"""


def _citation(text: dict[str, str]) -> str:
    return f"""cff-version: 1.2.0
message: If you use this story or its data, please cite it as below.
title: {_quoted(text['site_name'])}
abstract: {_quoted(text['site_description'])}
authors:
  - name: The story's authors
license: CC-BY-4.0
type: dataset
"""


def _page(title: str, description: str, body: str) -> str:
    return f"---\ntitle: {_quoted(title)}\ndescription: {_quoted(description)}\n---\n\n# {title}\n\n{body}\n"


def _each(texts: dict[str, dict[str, str]], key: str, indent: int) -> str:
    """A text in each language, as a YAML mapping."""
    pad = " " * indent
    return "\n" + "".join(f"{pad}{tag}: {_quoted(text[key])}\n" for tag, text in texts.items())


def _data(folder: Path, languages: list[str], texts: dict[str, dict[str, str]]) -> str:
    first = languages[0]

    def reported(fact_id: str, value: int, as_of: str, year: str) -> str:
        others = {tag: text for tag, text in texts.items() if tag != first}
        gloss = f"    gloss:{_each(others, 'quote_' + year, 6)}" if others else ""
        return f"""  - id: {fact_id}
    label:{_each(texts, 'label_' + year, 6)}    unit: count
    value: {value}
    as_of: {as_of}
    kind: reported
    confidence: confirmed
    source: annual_report
    quote: {_quoted(texts[first]['quote_' + year])}
    quote_lang: {first}
{gloss}"""

    return (_schema(folder, "data.schema.json", "docs/data/story.yaml") + f"""# The story's data: every figure a page shows, with its source and the words that carry it. Replace the sample.
title:{_each(texts, 'facts_title', 2)}sources:
  - id: annual_report
    outlet:{_each(texts, 'outlet', 6)}    title:{_each(texts, 'report', 6)}    url: https://example.org/annual-report
    published: 2025-01-15
    language: {first}
facts:
{reported('visitors_2023', 38200, '2023-12-31', '2023')}{reported('visitors_2024', 41000, '2024-12-31', '2024')}  - id: visitors_change
    label:{_each(texts, 'label_change', 6)}    unit: percent
    kind: derived
    formula: pct_change(visitors_2024, visitors_2023)
    decimals: 1
changes:
  - id: first_version
    date: 2025-01-20
    kind: addition
    summary:{_each(texts, 'change_summary', 6)}    details:{_each(texts, 'change_details', 6)}    facts: [visitors_2023, visitors_2024]
""")


def _words(folder: Path, tag: str, text: dict[str, str]) -> str:
    words = _schema(folder, "words.schema.json", f"docs/data/words/{tag}.yaml") + f"""# The story's own words in {tag}: its chart's words, and any of the machinery's words it changes.
charts:
  visitors:
    title: {_quoted(text['chart_title'])}
    takeaway: {_quoted(text['chart_takeaway'])}
    description: {_quoted(text['chart_description'])}
"""
    if not (CATALOGUES / f"{tag}.yaml").is_file():
        words += _catalogue_to_translate(tag)
    return words


def _catalogue_to_translate(tag: str) -> str:
    """The machinery's English words, for a language it has no catalogue of: every entry to translate, but
    English's own choices of form (British dates, numbers below ten in words), which CLDR makes for the language."""
    english = read_yaml(CATALOGUES / "en.yaml", "storykit/words/en.yaml").data
    words = {key: value for key, value in english.items() if key not in ("cldr_locale", "dates")}
    words["numbers"] = {key: value for key, value in english["numbers"].items() if key not in ("small", "durations")}
    return (f"\n# The machinery's words, in English until translated into {tag}: translate every entry (`storykit "
            "check` lists those\n# still in English). What CLDR knows (months, number and date forms) is not here.\n"
            + yaml.safe_dump(words, allow_unicode=True, sort_keys=False, width=120))


CHART_MODULE = '''"""The story's charts: one pure function per chart, from facts to a Plotly figure."""

from __future__ import annotations

import plotly.graph_objects as go

from storykit.charts import ACCENT, NEUTRAL, ChartRegistry, Facts, Screen, new_figure

charts = ChartRegistry()


@charts.chart("visitors", height=320, phone_height=340)
def visitors(facts: Facts, screen: Screen) -> go.Figure:
    """The visitors of two years, side by side (the chart's words are in docs/data/words/)."""
    ids = ["visitors_2023", "visitors_2024"]
    figure = new_figure(screen)
    figure.add_trace(go.Bar(
        x=[facts.label(fact_id) for fact_id in ids], y=[facts.value(fact_id) for fact_id in ids],
        text=[facts.text(fact_id) for fact_id in ids], textposition="outside", customdata=ids,
        marker=dict(color=[NEUTRAL, ACCENT]), hoverinfo="skip"))
    figure.update_yaxes(visible=False)
    return figure
'''
