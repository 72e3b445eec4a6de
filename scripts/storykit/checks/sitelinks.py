"""Links to nowhere: every link and reference a built site makes to itself leads to a file it has, and to
an id on that page where it names one.

Read from the built HTML, so that what an author wrote (Markdown or HTML), what the theme wrote and what
the machinery wrote are all checked alike. A link that leaves the edition being checked (to another
edition's folder, or above the site's root) leads to files another build writes, and is left alone.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import unquote, urlsplit

NOT_FOLLOWED = ("mailto", "tel", "data", "javascript")


@dataclass(frozen=True)
class LinkNowhere:
    page: str  # the built file that holds the link, relative to the site folder ("about/index.html")
    written: str  # the link as the page has it (href or src)
    missing: str  # what is not there: a file ("sources/index.html") or an id ("#fact-x in sources/index.html")

    def __str__(self) -> str:
        return f"{self.page}: {self.written} (no {self.missing})"


def links_to_nowhere(site_dir: Path, site_url: str, elsewhere: Iterable[str] = ()) -> tuple[int, list[LinkNowhere]]:
    """How many references the site's pages make to the site itself, and those that lead nowhere.
    `elsewhere`: folders of the site (other editions, "zh/") that this site does not write."""
    root = urlsplit(site_url)
    skipped = tuple(folder.strip("/") + "/" for folder in elsewhere if folder.strip("/"))
    pages = {name: _read(site_dir / name) for name in sorted(path.relative_to(site_dir).as_posix()
                                                             for path in site_dir.rglob("*.html"))
             if not name.startswith(skipped) and not any(part.startswith(".") for part in name.split("/"))}
    checked, broken = 0, []
    for name, page in pages.items():
        for written in page.links:
            target = _target(written, name, root)
            if target is None or target[0].startswith(skipped):
                continue
            checked += 1
            path, fragment = target
            file = path + "index.html" if path == "" or path.endswith("/") else \
                f"{path}/index.html" if (site_dir / path).is_dir() else path
            if not (site_dir / file).is_file():
                broken.append(LinkNowhere(name, written, file))
            elif fragment and file.endswith(".html"):
                ids = pages[file].ids if file in pages else _read(site_dir / file).ids
                if fragment not in ids:
                    broken.append(LinkNowhere(name, written, f"#{fragment} in {file}"))
    return checked, broken


# Helpers


@dataclass
class _Page:
    links: list[str]
    ids: set[str]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page([], set())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src"):
                self.page.links.append(value)
            elif name == "id" or name == "name" and tag == "a":
                self.page.ids.add(value)


def _read(path: Path) -> _Page:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def _target(written: str, page: str, root: Any) -> tuple[str, str] | None:
    """Where a link from `page` leads, as (a path inside the site, a fragment), or None if it leads out of
    the site."""
    parts = urlsplit(written)
    if parts.scheme in NOT_FOLLOWED:
        return None
    if parts.scheme or parts.netloc or parts.path.startswith("/"):
        if (parts.scheme or root.scheme, parts.netloc or root.netloc) != (root.scheme, root.netloc) \
                or not parts.path.startswith(root.path):
            return None
        path = parts.path[len(root.path):]
    elif not parts.path:
        return page, unquote(parts.fragment)  # this page
    else:
        path = posixpath.join(posixpath.dirname(page), parts.path)
    folder = path == "" or path.endswith("/") or path.endswith("/.") or path in (".", "..")
    path = posixpath.normpath(unquote(path)) if path else "."
    if path == ".." or path.startswith("../"):
        return None  # above this site's root: another edition's files
    path = "" if path == "." else path + ("/" if folder else "")
    return path, unquote(parts.fragment)
