"""Material's pages and search index as the site serves them.

Each fix names the markup it expects; if a Material update changes that markup, the fix no longer applies
and the tests say so (accessibility, loading, the index's size).

- Parts of Material's pages that accessibility checkers (axe) flag on stock pages are named, in the
  language's words (`theme`).
- The page's scripts (Material's bundle, then the site's own) are fetched once the page has loaded, so
  that on a slow connection the text and pictures come first, not 40 kB of scripts beside them. Material's
  bundle sits at the end of <body> and starts its work on DOMContentLoaded. Each page gets, in place of
  those script tags, one small inline script: on the window's load event it adds the same scripts in the
  same order, one after another, then tells the bundle the document is ready (a DOMContentLoaded event of
  its own; Material listens once), and sets `window.__skReady`. It runs once per visit: instant
  navigation re-runs a new page's inline scripts, and finds the scripts already there. Without
  JavaScript nothing changes: the pictures, links and text need none.
- The search index is written with its characters as themselves. Material's search plugin writes
  `search/search_index.json` with every character beyond ASCII as a `\\uXXXX` escape: six bytes for each
  Chinese character (three in UTF-8) and for each zero-width space that separates Chinese words, so the
  Chinese index cost 42 kB gzipped where the same text as UTF-8 costs 36 kB (310 kB and 172 kB to
  parse). The content is unchanged: the same JSON value, read the same way by the search worker.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from markupsafe import escape

from ..core.catalogue import Language
from ..core.paths import SEARCH_INDEX

# Named parts

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


# Scripts after the page

# Material's bundle and the site's own scripts, as the theme writes them at the end of <body>.
END_SCRIPTS = re.compile(r'(?:<script src="[^"]*(?:assets/javascripts/bundle\.|assets/storykit/)[^"]*\.js">'
                         r'</script>\s*)+(?=\s*</body>)')
SOURCE = re.compile(r'<script src="([^"]+)">')
LOADER = ('<script>(function(){{if(window.__skScripts)return;window.__skScripts=1;var s={sources};'
          'function next(){{var u=s.shift();if(!u){{document.dispatchEvent(new Event("DOMContentLoaded"));'
          'window.__skReady=true;return}}'
          'var e=document.createElement("script");e.src=u;e.onload=next;document.body.appendChild(e)}}'
          'if(document.readyState==="complete")next();else addEventListener("load",next,{{once:true}})}})()</script>')


def load_after_paint(html: str) -> str:
    """The page with its end-of-body scripts loaded by the inline loader instead (pages without them,
    such as a chart's page of its own, are left as they are)."""
    found = END_SCRIPTS.search(html)
    if found is None or "assets/javascripts/bundle." not in found.group(0):
        return html
    sources = SOURCE.findall(found.group(0))
    return html[:found.start()] + LOADER.format(sources=json.dumps(sources)) + "\n" + html[found.end():]


# The search index


def compact_search_index(site_dir: Path) -> None:
    """Rewrite the index in `site_dir`, if the build wrote one, as UTF-8 without escapes."""
    index = site_dir / SEARCH_INDEX
    if not index.is_file():
        return
    value = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
