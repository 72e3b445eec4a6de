"""The site's own stylesheets and scripts, and plotly.js, under their content-hashed names."""

from __future__ import annotations

from ..site.record import Build


def files(build: Build) -> dict[str, bytes]:
    return {asset.path: asset.content for asset in build.assets.values()}
