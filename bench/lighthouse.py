"""Lighthouse (the npm package, mobile defaults) on each page, several runs, the median one kept.

Lighthouse throttles CPU and network as for a mid-range phone, so it shows what the page costs a
reader the desktop loads in measure.py do not. Each run's full report is kept in bench-results/.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any, Callable

from .config import CHROMIUM, CHROMIUM_ARGS, LIGHTHOUSE, ROOT

METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
           "speed-index")


def run_lighthouse(url: str, output: Path) -> dict[str, Any]:
    """Lighthouse with its mobile defaults on one page: the four scores and what cost points."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
               "--chrome-flags=" + " ".join(CHROMIUM_ARGS)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=240)
    if result.returncode != 0 or not output.exists():
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    scores, lost = {}, {}
    for key, category in report["categories"].items():
        scores[key] = None if category["score"] is None else round(category["score"] * 100)
        lost[key] = [ref["id"] for ref in category["auditRefs"]
                     if ref.get("weight") and (report["audits"][ref["id"]].get("score") or 0) < 1
                     and report["audits"][ref["id"]].get("scoreDisplayMode") in ("binary", "numeric")]
    metrics = {name: report["audits"][name].get("numericValue") for name in METRICS}
    findings = {audit: audit_items(report["audits"][audit]) for key, audits in lost.items()
                if key != "performance" for audit in audits}
    return {"scores": scores, "lost_points_on": lost, "findings": findings, "metrics": metrics,
            "runtime_error": report.get("runtimeError"), "report": str(output.relative_to(ROOT))}


def audit_items(audit: dict[str, Any], limit: int = 5) -> list[str]:
    """What a failed audit points at: HTML snippets, CSS selectors or URLs, a few of them."""
    items = (audit.get("details") or {}).get("items") or []
    shown = []
    for item in items[:limit]:
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        # Font sizes: a CSS selector (or Lighthouse's own label for the rest), the size, the share of the text.
        selector = "fontSize" in item and " ".join(str(part) for part in (
            item.get("selector") or (item.get("source") or {}).get("value"), item["fontSize"], item.get("coverage")))
        shown.append(node.get("snippet") or selector or item.get("text") or item.get("href") or item.get("url")
                     or str(item)[:200])
    return shown


def median_report(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median performance score (this shared 2-core machine makes single runs noisy),
    with every run's scores kept alongside."""
    ordered = sorted(reports, key=lambda report: report["scores"].get("performance") or 0)
    chosen = dict(ordered[len(ordered) // 2])
    chosen["all_performance_scores"] = [report["scores"].get("performance") for report in reports]
    chosen["all_cls"] = [report["metrics"]["cumulative-layout-shift"] for report in reports]
    return chosen


def lighthouse_pages(base_url: str, pages: list[str], runs: int, results_dir: Path,
                     progress: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    """Every page, `runs` times each, one after another (runs side by side would slow each other)."""
    for stale in results_dir.glob("lighthouse-*.json"):  # an earlier run's reports would mislead
        stale.unlink()
    chosen = {}
    for path in pages:
        progress(f"Lighthouse {path} ({runs} run{'s' if runs > 1 else ''}) ...")
        slug = path.strip("/").replace("/", "-") or "home"
        reports = [run_lighthouse(base_url.rstrip("/") + path, results_dir / f"lighthouse-{slug}-{number}.json")
                   for number in range(1, runs + 1)]
        chosen[path] = median_report(reports)
    return chosen
