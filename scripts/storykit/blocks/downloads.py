"""The Downloads block: every file the outputs offer, the whole dataset first."""

from __future__ import annotations

from markupsafe import Markup

from .. import outputs
from ..markers import Marker
from .context import Context


def render(context: Context, marker: Marker) -> str:
    lang = context.build.language
    items = []
    for download in outputs.downloads(context.build):
        link = Markup('<a href="{}" download>{}</a>').format(context.link(download.path), download.text)
        items.append(Markup("<li>{}</li>").format(lang.html(f"downloads.{download.kind}", link=link)))
    return str(Markup('<ul class="sk-downloads">{}</ul>').format(Markup("").join(items)))
