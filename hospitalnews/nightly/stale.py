"""Stale sites: no new article for ``CRAWLALL_STALE_NIGHTS`` runs in a row (the run reports say so).

A site that answers, whose lists still parse, but that has brought nothing new for a week has most
likely moved its news elsewhere (a new column URL) or stopped publishing: worth a look, not a fault.
Counted from the run reports in ``RUNS_DIR`` (``<run id>.json``, names sorted by time).
"""

from __future__ import annotations

import json
from pathlib import Path

MAX_REPORTS = 400   # how far back to look, at most


def previous_reports(runs_dir: Path) -> list[dict]:
    """Earlier run reports, newest first (unreadable ones skipped)."""
    names = sorted(p for p in Path(runs_dir).glob("*.json") if p.name != "latest.json")[-MAX_REPORTS:]
    reports = []
    for path in reversed(names):
        try:
            reports.append(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            continue
    return reports


def nights_without_new(site: str, new_now: int, history: list[dict]) -> int:
    """Runs in a row, this one included, in which ``site`` archived nothing new (runs without it are skipped)."""
    if new_now:
        return 0
    nights = 1
    for report in history:
        entry = next((s for s in report.get("sites", []) if s.get("site") == site), None)
        if entry is None:
            continue
        if entry.get("new", 0) or entry.get("status") != "ok":
            break
        nights += 1
    return nights
