"""Everything a build adds to the site besides its pages. Each output is one module with `files`, a function
of the build record (site path -> content), and, if it offers any, `downloads` (a `Download` each, from `download`:
what the Downloads block lists). A new output is one module and one line in OUTPUTS; the order of OUTPUTS
is the order of the downloads. An output that sets `SHARED = True` (the dataset) is written once, by the
story's first edition, and every edition links to it there.

The outputs: `package` (the Data Package, its zip and README), `tables` (every CSV and JSON of facts,
sources, changes, series and charts' data), `feed` (the Atom feed of changes), `chart_files` (each chart's
figures and pictures), `embeds` (each chart's page of its own), `cards` (social cards), `assetfiles` (the
site's stylesheets and scripts) and `robots` (robots.txt).
"""

from __future__ import annotations

from ..site.record import Build
from . import assetfiles, cards, chart_files, embeds, feed, package, robots, tables
from .download import Download

OUTPUTS = (package, tables, feed, chart_files, embeds, cards, assetfiles, robots)


def files(build: Build) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for output in OUTPUTS:
        if getattr(output, "SHARED", False) and not build.settings.is_first_edition:
            continue
        for path, content in output.files(build).items():
            if path in found:
                raise RuntimeError(f"two outputs write {path}")  # a bug in the machinery, not the story's
            found[path] = content
    return found


def downloads(build: Build) -> list[Download]:
    return [download for output in OUTPUTS for download in getattr(output, "downloads", lambda _: [])(build)]


__all__ = ["OUTPUTS", "Download", "downloads", "files"]
