"""The site's own stylesheets and scripts, with the build's values written in and a hash in their names.

The scheme's colours (one list, `theme.SCHEME_ROLES`) are written into the stylesheets, the words
the chart loader shows into the loader, and plotly.js's hashed name into the loader too; every
asset is named by a hash of its content, so a host may cache it for ever.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import StoryError
from .language import Language
from .theme import SCHEME_ROLES

STATIC = Path(__file__).parent / "static"
# Asset roles: the site's stylesheet and the three scripts every page loads, an embed page's own
# two files, and plotly.js (fetched by the chart loader only when a reader wants a live chart).
PAGE_CSS, CHARTS_JS, TIPS_JS, EMBED_CSS, EMBED_JS, PLOTLY = "css", "js", "tips", "embed_css", "embed_js", "plotly"
EDITIONS_JS = "editions"  # the language switcher's links, kept on the page read (only with several editions)
SEARCH_JS = "search"  # Material's search index and worker held back until the reader goes to the search


@dataclass(frozen=True)
class Asset:
    path: str  # site-relative, content-hashed
    content: bytes


def hashed(name: str, content: bytes) -> Asset:
    """An asset whose name carries a hash of its content, so it can be cached for ever."""
    return Asset(paths.asset(name, hashlib.sha256(content).hexdigest()[:10]), content)


def scheme_css(text: str) -> str:
    """A stylesheet with the scheme's colours written in where it asks for them."""
    for marker, index in (("/* __LIGHT_SCHEME__", 2), ("/* __DARK_SCHEME__", 3)):
        while marker in text:
            start = text.index(marker)
            end = text.index("*/", start) + 2
            indent = " " * (start - text.rfind("\n", 0, start) - 1)
            text = text[:start] + f"\n{indent}".join(
                f"{role[1]}: {role[index]};" for role in SCHEME_ROLES.values()) + text[end:]
    return text


def build_assets(bundle: Path | None, bundle_shown: str, language: Language) -> dict[str, Asset]:
    """Every asset by role; `bundle` is the plotly.js file the charts need (None for a story without charts)."""
    stylesheet = scheme_css((STATIC / "storykit.css").read_text(encoding="utf-8"))
    assets = {PAGE_CSS: hashed("storykit.css", stylesheet.encode())}
    loader = (STATIC / "charts.js").read_text(encoding="utf-8")
    if bundle is not None:
        if not bundle.is_file():
            raise StoryError("plotly.js is not built here; expected the bundle that `make setup` builds from "
                             "the lockfile", file=bundle_shown)
        assets[PLOTLY] = hashed("plotly.min.js", bundle.read_bytes())
        loader = loader.replace("__PLOTLY_BUNDLE__", assets[PLOTLY].path.rsplit("/", 1)[1])
    roles = {role: [placeholder, variable] for role, (placeholder, variable, _, _) in SCHEME_ROLES.items()}
    loader = loader.replace("__SCHEME_ROLES__", json.dumps(roles, sort_keys=True))
    loader = loader.replace("__WORDS__", json.dumps(dict(language.text("chart.script")), ensure_ascii=False,
                                                    sort_keys=True))
    assets[CHARTS_JS] = hashed("charts.js", loader.encode())
    assets[EMBED_JS] = hashed("embed.js", (STATIC / "embed.js").read_bytes())
    assets[EMBED_CSS] = hashed("embed.css", scheme_css((STATIC / "embed.css").read_text(encoding="utf-8")).encode())
    assets[TIPS_JS] = hashed("tips.js", (STATIC / "tips.js").read_bytes())
    assets[EDITIONS_JS] = hashed("editions.js", (STATIC / "editions.js").read_bytes())
    assets[SEARCH_JS] = hashed("search.js", (STATIC / "search.js").read_bytes())
    return assets
