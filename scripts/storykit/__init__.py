"""storykit: tells a news story from its data, as a MkDocs site with Plotly charts, in any language.

Nothing in this package knows which story it tells: the story lives in its own `docs/` (pages and data), its
chart module and its words, named in the plugin's settings in mkdocs.yml. The package is in layers, each a
package that imports only from the ones before it (tests/storykit/test_structure.py measures it):

- `core`: errors with file and line, YAML read with lines, markers, line breaks, what CLDR, Material and
  plotly.js know of a language, a language's catalogue of words, the settings, every path of the site.
- `data`: the shape of a story's data and its schemas; loading and checking it into one `Story`.
- `writing`: figures and dates as a language writes them; facts written as text, and into a page.
- `charts`: the author's chart API, the charts' look, running the chart functions, their pictures and words.
- `checks`: the guarantees every story needs (typed figures, hedges, links, editions that agree).
- `site`: the one record of a build (`record.Build`) and what it is made with: assets, cards, citation,
  the dataset's columns, hosting headers, Material's pages as the site serves them.
- `outputs`: each file a build adds to the site, one module per output.
- `pages`: a page's markers replaced by facts, quotes, charts and blocks, and what templates read.
- `adapter`: MkDocs, in one place: the plugin, a project's settings and editions, the `storykit` command.
"""

LAYERS = ("core", "data", "writing", "charts", "checks", "site", "outputs", "pages", "adapter")
