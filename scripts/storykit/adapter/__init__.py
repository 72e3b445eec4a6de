"""MkDocs, in one place: `plugin` (the plugin MkDocs loads and keeps; it imports nothing else of storykit),
`facade` (what the plugin calls, imported afresh for every build), `project` (a project's settings and
editions read from its configuration, and what an edition changes in it), and the `storykit` command
(`cli`): `sitebuild` (every edition, side by side, replacing the site only on success), `scaffold`
(`storykit new`), serve and check."""
