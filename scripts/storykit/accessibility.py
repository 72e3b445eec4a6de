"""Small fixes to Material's page markup that accessibility checkers (axe) flag on stock pages.

Applied to each finished page. Each fix names the markup it expects; if a Material update
changes that markup, the fix no longer applies and the accessibility tests say so. The names it
gives come from the language's catalogue (`theme`).
"""

from __future__ import annotations

import re

from markupsafe import escape

from .language import Language

SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'
PROGRESS = '<div class="md-progress" data-md-component="progress" role="progressbar"></div>'
# Permalinks beside headings (Python-Markdown's toc) read only as a pilcrow, and their title made
# Material set up one tooltip each at start-up, its costliest work on long pages (Lighthouse).
# A label names them for screen readers; the light shared tooltip (tips.js) shows it on hover.
PERMALINK = re.compile(r'<a class="headerlink" href="([^"]*)" title="([^"]*)">')


def name_theme_parts(html: str, lang: Language) -> str:
    # The search overlay is a dialog with no name (axe: aria-dialog-name).
    html = html.replace(SEARCH, SEARCH[:-1] + f' aria-label="{escape(lang.say("theme.search"))}">')
    # The instant-navigation progress bar is purely visual and sits outside every landmark
    # (axe: aria-progressbar-name, region); the browser announces page loads itself.
    html = html.replace(PROGRESS, PROGRESS[:-7] + f' aria-label="{escape(lang.say("theme.loading"))}" '
                                                  'aria-hidden="true"></div>')
    return PERMALINK.sub(r'<a class="headerlink" href="\1" aria-label="\2" data-sk-tip="\2">', html)
