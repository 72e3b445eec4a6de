"""The guarantees every story needs, whoever tells it: `typedfigures` (no figure typed by hand, as the
language writes figures), `sitelinks` (no link to nowhere in a built site), `editions` (every edition names
the same facts) and `storycheck` (all of them, and hedges, for one edition or every one: `check_story`)."""
