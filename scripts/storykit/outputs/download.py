"""A file the site offers to download, as an output names it for the Downloads block."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Download:
    path: str  # site-relative
    kind: str  # how the block lists it (downloads.<kind> in the catalogue): file, series or chart
    text: str  # the words of its link; every edition links to the file where the first edition wrote it
