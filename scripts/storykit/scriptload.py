"""The page's scripts (Material's bundle, then the site's own) fetched once the page has loaded, so that
on a slow connection the text and pictures come first, not 40 kB of scripts beside them.

Material's bundle sits at the end of <body> and starts its work on DOMContentLoaded. Each page gets,
in place of those script tags, one small inline script: on the window's load event it adds the same
scripts in the same order, one after another, then tells the bundle the document is ready (a
DOMContentLoaded event of its own; Material listens once), and sets `window.__skReady`. It runs once per visit: instant
navigation re-runs a new page's inline scripts, and finds the scripts already there. Without
JavaScript nothing changes: the pictures, links and text need none.
"""

from __future__ import annotations

import json
import re

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
