"""The page's scripts (Material's bundle, then the site's own) fetched once the page has loaded, so that
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
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import escape

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
