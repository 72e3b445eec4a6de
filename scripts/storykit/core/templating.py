"""The site's markup, written in Jinja templates a story may override, as Material's own partials are.

Every block of a page (a chart, the facts table, the fact-check...), a chart's page of its own, the "Cite
this page" block and the page MkDocs shows while the data has a mistake are templates in
`storykit/templates/storykit/`. Under MkDocs they are rendered with MkDocs' own environment (its loader
looks in the story's `custom_dir` first, then here, then in Material), so a story changes one by writing
`storykit/<name>.html` in its custom_dir. The values come from Python, escaped unless they are markup
already (autoescape, as `Markup.format` did).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

TEMPLATES = Path(__file__).parents[1] / "templates"  # a theme folder: main.html, 404.html, partials, storykit/


class Templates:
    """Renders the site's templates to markup."""

    def __init__(self, env: jinja2.Environment | None = None) -> None:
        base = env if env is not None else jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)))
        self.env = base.overlay(autoescape=True)
        self._modules: dict[str, Any] = {}

    def render(self, name: str, **values: Any) -> Markup:
        return Markup(self.env.get_template(f"storykit/{name}").render(**values))

    def macros(self, name: str) -> Any:
        """A template's macros, to call from Python (each returns markup)."""
        if name not in self._modules:
            self._modules[name] = self.env.get_template(f"storykit/{name}").module
        return self._modules[name]
