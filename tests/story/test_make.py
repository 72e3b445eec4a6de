"""The project's two commands: `make build` runs `storykit build` into site/ (whose guarantees, for any story, are
tests/storykit/test_build.py), and only builds once set up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, copy_project

VENV = Path(sys.prefix)  # the tests' own environment: `make` reuses it instead of installing one
MAKE_FILES = ("Makefile", "pyproject.toml", "requirements.txt", "requirements-test.txt", "requirements-cff.txt", "package.json",
              "package-lock.json")
# The suite itself runs under `make test`: the copies' make must not inherit its flags and level.
OUTSIDE_MAKE = {name: value for name, value in os.environ.items()
                if name not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}


def planned(project: Path, *arguments: str) -> list[str]:
    return subprocess.run(["make", "--no-print-directory", "-n", *arguments, f"VENV={VENV}"], cwd=project,
                          env=OUTSIDE_MAKE, capture_output=True, text=True, check=True).stdout.strip().splitlines()


def test_make_build_only_runs_storykit_build_once_set_up(tmp_path):
    """In a copy of the project whose set-up is done (stamps present), `make build` is `storykit build` alone: no
    `npm ci`, which would empty the node_modules the copy shares with the project."""
    project = copy_project(tmp_path / "project")
    for name in MAKE_FILES:
        shutil.copy2(ROOT / name, project / name)
    (project / ".make").mkdir()
    for stamp in ("python", "npm", "chromium", "fonts"):
        (project / ".make" / stamp).touch()
    assert planned(project, "build") == [f"{VENV}/bin/storykit build --site-dir site"]
    assert planned(project, "build", "SITE_DIR=older") == [f"{VENV}/bin/storykit build --site-dir older"]
