"""Full builds, timed: cold (an empty picture cache, so every chart's pictures are exported through
kaleido and Chromium) and warm (the cache filled, as on an author's machine after the first build).

Everything is built from one copy of the project taken at the start (scripts/workspace.py), so
others editing the repository meanwhile neither break nor change the measurement, and the
project's own .cache/pictures is never written. The picture cache is chosen through the copy's
`pictures_cache` setting (the storykit plugin's, in mkdocs.yml).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path
from typing import Any

from .config import MKDOCS

STORYKIT_SETTINGS = "\n  - storykit:\n"  # the plugin's settings in mkdocs.yml


def use_pictures_cache(project: Path, cache: Path) -> None:
    """Point the copy's picture cache at `cache` (an absolute path: outside what `mkdocs serve` watches)."""
    config = project / "mkdocs.yml"
    text = re.sub(r"^      pictures_cache:.*\n", "", config.read_text(encoding="utf-8"), flags=re.MULTILINE)
    if STORYKIT_SETTINGS not in text:
        raise RuntimeError("mkdocs.yml has no `- storykit:` plugin to set pictures_cache in")
    # JSON's quoted string is a YAML string too, whatever the path holds.
    setting = f"{STORYKIT_SETTINGS}      pictures_cache: {json.dumps(str(cache))}\n"
    config.write_text(text.replace(STORYKIT_SETTINGS, setting, 1), encoding="utf-8")


def timed(command: list[str], project: Path, site_url: str) -> float:
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(f"build failed ({' '.join(command[1:4])}):\n{result.stdout}{result.stderr}")
    return time.perf_counter() - started


def build_english(project: Path, site_dir: Path, site_url: str) -> float:
    """The English edition alone (`mkdocs build --strict`), in seconds."""
    return timed([*MKDOCS, "build", "--strict", "--quiet", "--config-file", "mkdocs.yml", "--site-dir", str(site_dir)],
                 project, site_url)


def build_site(project: Path, site_dir: Path, site_url: str) -> float:
    """Every edition as `make build` makes them (side by side, then put together), in seconds."""
    return timed([MKDOCS[0], "-m", "storykit", "build", "--site-dir", str(site_dir)], project, site_url)


def time_builds(project: Path, workdir: Path, site_url: str, count: int) -> dict[str, Any]:
    """`count` cold builds of the English edition and of the whole site, each with a new empty cache,
    then `count` warm ones of each on the first whole site's cache.

    The warm builds' sites are workdir/site-warm-N; the first is the one the scenarios load. The copy
    is left on the filled cache, for the rebuilds under `mkdocs serve`.
    """
    cold, cold_both, exported, exported_english = [], [], [], []
    for number in range(1, count + 1):
        english_cache = workdir / f"pictures-english-{number}"
        use_pictures_cache(project, english_cache)
        cold.append(build_english(project, workdir / f"site-english-cold-{number}", site_url))
        exported_english.append(len(list(english_cache.glob("*.svg"))))
        cache = workdir / f"pictures-cold-{number}"
        use_pictures_cache(project, cache)
        cold_both.append(build_site(project, workdir / f"site-cold-{number}", site_url))
        exported.append(len(list(cache.glob("*.svg"))))
    filled = workdir / "pictures-cold-1"
    use_pictures_cache(project, filled)
    before = set(filled.glob("*.svg"))
    warm = [build_english(project, workdir / f"site-english-warm-{number}", site_url) for number in range(1, count + 1)]
    warm_both = [build_site(project, workdir / f"site-warm-{number}", site_url) for number in range(1, count + 1)]
    if set(filled.glob("*.svg")) != before:  # a warm build that exported is not warm
        raise RuntimeError("a warm build exported pictures: the cold build left the cache incomplete")
    return {"cold_seconds": cold, "warm_seconds": warm, "cold_both_seconds": cold_both, "warm_both_seconds": warm_both,
            "pictures_exported_cold": exported, "pictures_exported_english": exported_english, "pictures_cache": str(filled)}
