"""The Downloads block: every file the outputs offer, the whole dataset first."""

from __future__ import annotations

from markupsafe import Markup

from ... import outputs
from ...core.markers import Marker
from .common import Context


def render(context: Context, marker: Marker) -> str:
    lang = context.build.language
    items = []
    for download in outputs.downloads(context.build):
        href = context.build.shared_link(download.path, context.page.url)
        link = Markup(context.markup.link(href, download.text, download=True))
        items.append(lang.html(f"downloads.{download.kind}", link=link))
    note = "" if context.build.settings.is_first_edition else lang.say("downloads.shared")
    return str(context.build.templates.render("blocks/downloads.html", items=items, note=note))
