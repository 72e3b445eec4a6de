"""Pages: `render` (a page's markers replaced by facts, quotes, charts and blocks; its description, card
and citation), `blocks` (one module per block marker) and `templates` (what the site's templates read)."""
