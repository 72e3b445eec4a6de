"""The site's security policy: a <meta> Content-Security-Policy in every page, and headers for hosts.

Material for MkDocs inlines a few small scripts in every page (one of them differs by page depth,
as it holds a relative URL), so the policy allows exactly those by their sha256 instead of allowing
any inline script. Every page carries the policy in a `<meta http-equiv>` (what a meta tag can
carry: not frame-ancestors), so it holds on any host, GitHub Pages included; hosts that read a
`_headers` file (Netlify, Cloudflare Pages) also get it as headers, with the framing rules a meta
tag cannot give: story pages may not be framed, a chart's embed page may. Run it on the finished site:

    python -m storykit.site.headers site > site/_headers     # Netlify, Cloudflare Pages

Only the standard library is used (and `paths`), so this runs wherever the site is built.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from ..core.paths import EMBEDS

# Script types a browser executes (anything else, like Material's application/json config, is data).
EXECUTABLE_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript",
                    "application/ecmascript"}


def hash_source(text: str) -> str:
    """A CSP hash-source for an inline script's (or style's) text, exactly as the page holds it."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# Directives that do not depend on the site's content. Why each source is there:
#   style-src 'unsafe-inline'       only for browsers without style-src-elem/-attr (CSP level 2)
#   style-src-elem <empty hash>     plotly.js adds an empty <style> element, then fills it through
#                                   the CSSOM (insertRule), which CSP does not restrict
#   style-src-attr 'unsafe-inline'  chart boxes carry their proportions in a style attribute, and
#                                   the charts' pictures (SVG) their colours
#   img-src data: blob:             plotly.js draws PNG downloads through blob: and data: URLs
#   connect-src 'self'              instant navigation and search fetch pages and the index;
#                                   charts fetch their figures
#   worker-src 'self'               search runs in a same-origin web worker
STATIC_DIRECTIVES = {
    "default-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "style-src-elem": ["'self'", hash_source("")],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
NO_FRAMING = {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}
FRAMABLE = (EMBEDS,)  # pages made to sit in another site's <iframe>
META = '<meta http-equiv="Content-Security-Policy" content="{}">'

OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                          "microphone=(), payment=(), usb=()",
}


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "script":
            return
        attributes = dict(attrs)
        kind = (attributes.get("type") or "").strip().lower()
        if "src" not in attributes and kind in EXECUTABLE_TYPES:
            self._current = []

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_scripts(html: str) -> list[str]:
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The sorted hash-sources of every inline script of every page of the site."""
    hashes = {hash_source(text) for page in site_pages(site_dir)
              for text in inline_scripts(page.read_text(encoding="utf-8"))}
    return sorted(hashes)


def content_security_policy(site_dir: Path) -> str:
    """The policy of every page (framing aside): one list of inline scripts for all, because
    instant navigation brings one page's inline scripts into another."""
    directives = dict(STATIC_DIRECTIVES)
    directives["script-src"] = ["'self'", *inline_script_hashes(site_dir)]
    order = ["default-src", "script-src", *[name for name in STATIC_DIRECTIVES if name != "default-src"]]
    return "; ".join(f"{name} {' '.join(directives[name])}" for name in order)


def security_headers(site_dir: Path) -> dict[str, str]:
    """The headers every file of the site is served with, name -> value."""
    return {"Content-Security-Policy": content_security_policy(site_dir), **OTHER_HEADERS}


def header_rules(site_dir: Path) -> list[tuple[str, dict[str, str]]]:
    """(path, headers) rules as hosts read them: every file, then each page that must not be framed."""
    rules = [("/*", security_headers(site_dir))]
    for page in site_pages(site_dir):
        relative = page.relative_to(site_dir).as_posix()
        if relative.startswith(FRAMABLE):
            continue
        paths = [f"/{relative}"]
        if relative == "index.html" or relative.endswith("/index.html"):
            paths.insert(0, "/" + relative[: -len("index.html")])
        rules += [(path, dict(NO_FRAMING)) for path in paths]
    return rules


def headers_for(rules: list[tuple[str, dict[str, str]]], path: str) -> list[tuple[str, str]]:
    """The headers a host sends for `path`: those of every rule that matches it (a trailing * matches
    any rest), in order; a header named twice is sent twice, and browsers enforce both policies."""
    sent = []
    for pattern, headers in rules:
        if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            sent += list(headers.items())
    return sent


def headers_file(rules: list[tuple[str, dict[str, str]]]) -> str:
    """The `_headers` file format of Netlify and Cloudflare Pages."""
    return "".join(path + "\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
                   for path, headers in rules)


def site_pages(site_dir: Path) -> list[Path]:
    """The site's pages, but for hidden folders (another edition's pages, set aside while this one builds)."""
    root = Path(site_dir)
    return sorted(page for page in root.rglob("*.html")
                  if not any(part.startswith(".") for part in page.relative_to(root).parts))


def add_meta_policy(site_dir: Path) -> int:
    """Put the policy into every page, first thing in its <head>; returns how many pages it went into."""
    tag = META.format(html.escape(content_security_policy(site_dir), quote=False).replace('"', "&quot;"))
    pages = 0
    for page in site_pages(site_dir):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' in text:
            continue
        found = re.search(r"<head(\s[^>]*)?>\s*(<meta charset=[^>]*>)?", text, re.I)
        if found is None:
            continue
        page.write_text(text[: found.end()] + tag + text[found.end():], encoding="utf-8")
        pages += 1
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", default="site", help="a built site (default: site)")
    options = parser.parse_args(argv)
    site = Path(options.site_dir)
    if not (site / "index.html").is_file():
        print(f"{options.site_dir}/index.html is missing: build the site first (make build)", file=sys.stderr)
        return 1
    sys.stdout.write(headers_file(header_rules(site)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
