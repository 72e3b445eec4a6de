"""What the benchmark and the tests share: a working copy of the project and the browser they drive.

Pages, data and code are copied, for them to edit or break freely; what `make` installed
(node_modules, the plotly.js bundle) is shared through symbolic links.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("docs", "scripts", "overrides", "mkdocs.yml", "mkdocs.zh.yml", "CITATION.cff")
INSTALLED_PARTS = ("node_modules", ".cache")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")  # the Makefile sets it from BROWSER_PATH
# Flags that work as root with no network (the project's notes on this machine).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def copy_project(destination: Path) -> Path:
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, destination / part)
    for part in INSTALLED_PARTS:
        (destination / part).symlink_to(ROOT / part)
    return destination
