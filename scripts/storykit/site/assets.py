"""The site's own stylesheets and scripts, with the build's values written in and a hash in their names.

The scheme's colours (one list, `theme.SCHEME_ROLES`) are written into the stylesheets, the words
the chart loader shows into the loader, and plotly.js's hashed name into the loader too; every
asset is named by a hash of its content, so a host may cache it for ever.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from ..core.errors import StoryError
from ..core.catalogue import Language
from ..core.locales import plotly_locale
from ..core.settings import Settings
from ..charts.look import SCHEME_ROLES

STATIC = Path(__file__).parents[1] / "static"
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


def localized_bundle(settings: Settings) -> Path | None:
    """plotly.js as the edition's charts need it: the bundle, followed for a language other than English by
    its locale (month names, separators, plotly.js's own words) made the default, so that a live chart and its
    picture, drawn by the same file, write dates alike. Written beside the picture cache, named by its content."""
    bundle = settings.plotly_bundle
    if bundle is None or not bundle.is_file():
        return bundle
    locale = plotly_locale(settings.language, settings.plotly_locales)
    if locale is None:
        return bundle
    content = bundle.read_bytes() + b"\n" + locale.encode("utf-8")
    made = settings.pictures_cache / f"plotly-{hashlib.sha256(content).hexdigest()[:16]}.js"
    if not made.is_file():
        made.parent.mkdir(parents=True, exist_ok=True)
        partial = made.with_name(f".{made.name}.{os.getpid()}")
        partial.write_bytes(content)
        partial.replace(made)
    return made


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
