"""MkDocs hooks: make the storykit plugin and hand it MkDocs' events (nothing else happens here).

MkDocs loads this file once per process, so the plugin, and what it keeps from build to build,
lives as long as `mkdocs serve` does; the plugin itself imports the machinery afresh for each build.
"""

from __future__ import annotations

from storykit.mkdocs_plugin import StoryKitPlugin  # this folder is on the path while MkDocs loads hooks

plugin = StoryKitPlugin()

on_startup = plugin.on_startup
on_config = plugin.on_config
on_files = plugin.on_files
on_page_markdown = plugin.on_page_markdown
on_page_context = plugin.on_page_context
on_env = plugin.on_env
on_post_page = plugin.on_post_page
on_post_template = plugin.on_post_template
on_post_build = plugin.on_post_build
on_shutdown = plugin.on_shutdown
