"""storykit: turns a story's data (facts with sources) into MkDocs pages and Plotly charts.

Nothing in this package knows which story it tells: the story lives in `docs/` (pages and
data) and in a chart module named in `mkdocs.yml` under `extra.storykit`.
"""
