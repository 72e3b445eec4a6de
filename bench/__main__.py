"""`python -m bench [--quick]`: build, load, Lighthouse, rebuild; print the report, write latest.json.

The order matters: the builds come first (the scenarios load the first warm build's site, built
for the server's own address so that instant navigation works), and the `mkdocs serve` timing
last, once the server and its browser are gone and no other work of the bench competes with it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import plotly

from workspace import copy_project

from .builds import time_builds
from .config import (CHROMIUM, CHROMIUM_ARGS, FULL, FULL_PLOTLY, GZIP_LEVEL, LIGHTHOUSE, QUICK, RESULTS, ROOT,
                     SCROLL_EVERY_MS, TARGETS, VIEWPORT, Plan)
from .lighthouse import lighthouse_pages
from .measure import measure_pages
from .rebuilds import time_rebuilds
from .report import report
from .serve import SiteFiles, SiteServer
from .site import chart_ids, edition_of, page_file, site_pages
from .summary import chart_page_medians, summarise_page
from .targets import evaluate
from .usual import usual_page, usual_path


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def chosen_pages(pages: list[str], charts: dict[str, int], plan: Plan) -> list[str]:
    """Every page, or for a quick run the page with the most charts and the home page."""
    if not plan.quick:
        return pages
    most = max(pages, key=lambda path: charts[path])
    return [path for path in pages if path in (most, "/")]


def bench(plan: Plan, workdir: Path) -> dict[str, Any]:
    project = copy_project(workdir / "project")  # one snapshot: others may be editing the repository
    files = SiteFiles(workdir / "site-warm-1")
    server = SiteServer(files)
    progress(f"Building the site {plan.builds} time(s) cold and {plan.builds} warm (timed) for {server.url} ...")
    builds = time_builds(project, workdir, server.url, plan.builds)
    site_dir = files.root
    all_pages = site_pages(site_dir, server.url)
    charts = {path: len(chart_ids(page_file(site_dir, path).read_text(encoding="utf-8"))) for path in all_pages}
    if not any(charts.values()):
        raise RuntimeError("no page has a chart: nothing to compare")
    pages = chosen_pages(all_pages, charts, plan)
    for path in pages:
        if charts[path]:
            ours = page_file(site_dir, path)
            usual = usual_page(ours.read_text(encoding="utf-8"), ours.parent)
            (site_dir / usual_path(path).lstrip("/")).write_text(usual, encoding="utf-8")
    server.start()
    try:
        progress(f"Loading {len(pages)} pages, {plan.runs} round(s) ...")
        runs = measure_pages(server, pages, charts, plan.runs, progress)
        RESULTS.parent.mkdir(exist_ok=True)
        lighthouse = lighthouse_pages(server.url, pages, plan.lighthouse_runs, RESULTS.parent, progress)
    finally:
        server.stop()
    progress("Timing saves -> rebuilt page under mkdocs serve ...")
    # On the same snapshot: a second copy of a repository others are editing might not build.
    rebuilds = time_rebuilds(project, workdir, site_dir, all_pages, plan.rebuilds)

    summaries = {path: summarise_page(path, runs[path], charts[path], edition_of(site_dir, path)) for path in pages}
    return {
        "settings": {"plan": plan.as_dict(), "viewport": VIEWPORT, "scroll_every_ms": SCROLL_EVERY_MS,
                     "gzip_level": GZIP_LEVEL, "chromium": CHROMIUM, "chromium_args": CHROMIUM_ARGS,
                     "full_plotly_js": str(FULL_PLOTLY), "plotly_py": plotly.__version__, "targets": TARGETS},
        "pages": summaries, "chart_page_medians": chart_page_medians(summaries), "lighthouse": lighthouse,
        "builds": builds, "rebuilds": rebuilds, "targets": evaluate(summaries, lighthouse, builds, rebuilds),
        "runs": runs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="one run of each kind, on one chart page and the home page (to check the bench works)")
    plan = QUICK if parser.parse_args().quick else FULL
    if not LIGHTHOUSE.exists():
        progress(f"{LIGHTHOUSE.relative_to(ROOT)} is missing: run `make .make/npm-dev` (npm ci) first")
        return 2
    if not Path(CHROMIUM).exists():
        progress(f"{CHROMIUM} is missing: `make test-setup` installs Debian's chromium")
        return 2
    started, load_at_start = time.perf_counter(), os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="storykit-bench-") as temporary:
            results = bench(plan, Path(temporary))
    except RuntimeError as error:  # something could not be measured: say what, without a traceback
        progress(f"bench: could not measure: {error}")
        return 1
    results["bench_seconds"] = time.perf_counter() - started
    # Times (not bytes) move with whatever else the machine runs: say how busy it was.
    results["load_average"] = {"cpus": os.cpu_count(), "start": load_at_start, "end": os.getloadavg()[0]}
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(report(results))
    failed = sum(not target["pass"] for target in results["targets"])
    print(f"\n{len(results['targets']) - failed} of {len(results['targets'])} targets met. Raw results: "
          f"{RESULTS.relative_to(ROOT)} (bench took {results['bench_seconds']:.0f} s"
          f"{', quick run' if plan.quick else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
