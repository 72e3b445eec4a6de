"""Material's pages and search index as the site serves them.

Each fix names the markup it expects; if a Material update changes that markup, the fix no longer applies
and the tests say so (accessibility, loading, the index's size).

- Parts of Material's pages that accessibility checkers (axe) flag on stock pages are named, in the
  language's words (`theme`).
- The page's scripts (Material's bundle, then the site's own) fetched once the page has loaded, so that
  on a slow connection the text and pictures come first, not 40 kB of scripts beside them.

  Material's bundle sits at the end of <body> and starts its work on DOMContentLoaded. Each page gets,
  in place of those script tags, one small inline script: on the window's load event it adds the same
  scripts, fetched side by side and run in their order (`async = false`), then tells the bundle the
  document is ready (a DOMContentLoaded event of its own; Material listens once), and sets
  `window.__skReady`. Scripts that must run before the bundle (`first`) go before it. It runs once per
  visit: instant navigation re-runs a new page's inline scripts, and finds the scripts already there.
  The script's text is the same on every page (the addresses are in its `data-sk-load`), so the
  security policy allows it by one hash. Without JavaScript nothing changes: the pictures, links and
  text need none.

  One more thing happens while the page is still loading. Material's instant navigation, when it
  starts, rewrites every relative address in the page as an absolute one. A stylesheet whose `href`
  changes is loaded again, and once the load event is over Chromium no longer holds the page's own
  copy: on a host that does not say how long files stay fresh (`mkdocs serve`, a bare static server)
  every stylesheet went over the network twice. Resolved by the loader while the page loads, the
  addresses are already absolute when Material starts, and it leaves them alone.
- The search index is written with its characters as themselves. Material's search plugin writes
  `search/search_index.json` with every character beyond ASCII as a `\\uXXXX` escape: six bytes for each
  Chinese character (three in UTF-8) and for each zero-width space that separates Chinese words, so the
  Chinese index cost 42 kB gzipped where the same text as UTF-8 costs 36 kB (310 kB and 172 kB to
  parse). The content is unchanged: the same JSON value, read the same way by the search worker.
- Material's pages without the indentation between their tags.

  Material's templates indent their markup deeply: about a tenth of a page's bytes, half a kilobyte
  gzipped, which on the pages richest in text was the difference between a first round trip of the
  network (about 14 kB) and two. A run of spaces and newlines that starts with a newline becomes that
  newline: wherever white space collapses (everywhere but the elements kept below), the page renders
  exactly as before. Kept as they are: elements whose white space shows (<pre>, <textarea>, and
  <code> and <kbd>, which Material sets in pre-wrap), scripts and styles, and SVG pictures.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
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
LOADER = ('<script data-sk-load="{sources}">(function(){{if(window.__skScripts)return;window.__skScripts=1;'
          '[].forEach.call(document.querySelectorAll("head link[href]"),function(l){{l.href=l.href}});'
          'var s=document.currentScript.getAttribute("data-sk-load").split(" ");'
          'function start(){{var e;s.forEach(function(u){{e=document.createElement("script");e.src=u;e.async=false;'
          'document.body.appendChild(e)}});e.onload=e.onerror=function(){{document.dispatchEvent(new Event("DOMContentLoaded"));'
          'window.__skReady=true}}}}'
          'if(document.readyState==="complete")start();else addEventListener("load",start,{{once:true}})}})()</script>')


def load_after_paint(html: str, first: Iterable[str] = ()) -> str:
    """The page with its end-of-body scripts loaded by the inline loader instead (pages without them,
    such as a chart's page of its own, are left as they are). `first`: site paths of scripts among
    them that must run before Material's bundle."""
    found = END_SCRIPTS.search(html)
    if found is None or "assets/javascripts/bundle." not in found.group(0):
        return html
    sources = SOURCE.findall(found.group(0))
    early = tuple(first)
    ordered = sorted(sources, key=lambda source: not any(source.endswith(path) for path in early))
    loader = LOADER.format(sources=escape(" ".join(ordered)))
    return html[:found.start()] + loader + "\n" + html[found.end():]


# The search index


def compact_search_index(site_dir: Path) -> None:
    """Rewrite the index in `site_dir`, if the build wrote one, as UTF-8 without escapes."""
    index = site_dir / SEARCH_INDEX
    if not index.is_file():
        return
    value = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# Indentation

KEPT = re.compile(r"<(pre|textarea|code|kbd|script|style|svg)\b.*?</\1\s*>", re.S | re.I)
INDENT = re.compile(r"\n[ \t\r\n]+")


def without_indentation(html: str) -> str:
    parts, position = [], 0
    for kept in KEPT.finditer(html):
        parts += [INDENT.sub("\n", html[position:kept.start()]), kept.group(0)]
        position = kept.end()
    parts.append(INDENT.sub("\n", html[position:]))
    return "".join(parts)
