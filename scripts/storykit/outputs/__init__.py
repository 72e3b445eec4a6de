"""Everything a build adds to the site besides its pages. Each output is one module with two functions
of the build record: `files` (site path -> content) and `downloads` (what the Downloads block offers).
A new output is one module and one line in OUTPUTS; the order of OUTPUTS is the order of the downloads.
An output that sets `SHARED = True` (the dataset) is written once, by the story's first edition, and
every edition links to it there.
"""

from __future__ import annotations

from ..record import Build
from . import assetfiles, cards, embeds, feed, figures, package, robots, tables
from .download import Download

OUTPUTS = (package, tables, feed, figures, embeds, cards, assetfiles, robots)


def files(build: Build) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for output in OUTPUTS:
        if getattr(output, "SHARED", False) and not build.settings.primary:
            continue
        for path, content in output.files(build).items():
            if path in found:
                raise RuntimeError(f"two outputs write {path}")  # a bug in the machinery, not the story's
            found[path] = content
    return found


def downloads(build: Build) -> list[Download]:
    return [download for output in OUTPUTS for download in output.downloads(build)]


__all__ = ["OUTPUTS", "Download", "downloads", "files"]
