"""robots.txt: where search engines find each edition's sitemap (MkDocs writes one per edition)."""

from __future__ import annotations

from ..site.record import Build

SHARED = True  # one for the whole site, at its root


def files(build: Build) -> dict[str, bytes]:
    lines = ["User-agent: *", "Allow: /", ""]
    lines += [f"Sitemap: {root}sitemap.xml" for root in build.settings.edition_roots().values()]
    return {"robots.txt": ("\n".join(lines) + "\n").encode()}
