"""HTTP headers to host a built site with: a Content-Security-Policy that lists the site's inline scripts.

Material for MkDocs inlines a few small scripts in every page (one of them differs by page depth,
as it holds a relative URL), so the policy allows exactly those by their sha256 instead of allowing
any inline script. Run it on the finished site and hand the result to the host:

    python -m scripts.storykit.headers site > site/_headers     # Netlify, Cloudflare Pages

Only the standard library is used, so this runs wherever the site is built.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import sys
from html.parser import HTMLParser
from pathlib import Path

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
#   style-src-attr 'unsafe-inline'  chart boxes carry their height in a style attribute
#   img-src data: blob:             plotly.js draws PNG downloads through blob: and data: URLs
#   connect-src 'self'              instant navigation and search fetch pages and the index
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
    "frame-ancestors": ["'none'"],
}

OTHER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
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
    hashes = {hash_source(text) for page in sorted(Path(site_dir).rglob("*.html"))
              for text in inline_scripts(page.read_text(encoding="utf-8"))}
    return sorted(hashes)


def content_security_policy(site_dir: Path) -> str:
    directives = dict(STATIC_DIRECTIVES)
    directives["script-src"] = ["'self'", *inline_script_hashes(site_dir)]
    order = ["default-src", "script-src", *[name for name in STATIC_DIRECTIVES if name != "default-src"]]
    return "; ".join(f"{name} {' '.join(directives[name])}" for name in order)


def security_headers(site_dir: Path) -> dict[str, str]:
    """Every header the site should be served with, name -> value."""
    return {"Content-Security-Policy": content_security_policy(site_dir), **OTHER_HEADERS}


def headers_file(headers: dict[str, str], path: str = "/*") -> str:
    """The `_headers` file format of Netlify and Cloudflare Pages."""
    return path + "\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site_dir", nargs="?", default="site", help="a built site (default: site)")
    options = parser.parse_args(argv)
    site = Path(options.site_dir)
    if not (site / "index.html").is_file():
        print(f"{options.site_dir}/index.html is missing: build the site first (make build)", file=sys.stderr)
        return 1
    sys.stdout.write(headers_file(security_headers(site)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
