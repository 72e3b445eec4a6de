"""The foundations every layer uses: `errors` (errors an author can act on, with file and line), `yamlfile`
(YAML read with the line of every value), `markers` (the markers a page holds, defined once, and its front
matter), `linebreaks` (where a line of text may break, in any script), `locales` (what CLDR, Material and
plotly.js know of a language), `catalogue` (a language's words: the machinery's catalogue, CLDR's forms, the
story's words), `templating` (the site's markup, rendered from templates a story may override), `settings`
(what a story tells the machinery about itself, and its editions) and `paths` (every path and URL of the
site, once)."""
