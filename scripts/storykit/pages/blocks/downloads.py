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
        link = Markup('<a href="{}" download>{}</a>').format(href, download.text)
        items.append(Markup("<li>{}</li>").format(lang.html(f"downloads.{download.kind}", link=link)))
    listed = Markup('<ul class="sk-downloads">{}</ul>').format(Markup("").join(items))
    if context.build.settings.is_first_edition:
        return str(listed)
    return str(Markup('<p class="sk-note">{}</p>').format(lang.say("downloads.shared")) + listed)
