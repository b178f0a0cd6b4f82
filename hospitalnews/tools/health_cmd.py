"""Render the crawl-health page from crawlall's run reports (crawlall also writes it each night).

    hospitalnews health --out health.html [--runs data/runs] [--since YYYY-MM-DD]

One row per site, one column per night, each cell coloured ok / stale / broken / unreachable with the
number of new articles; the latest night's problems below.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from .selection import default_dir, iso_date

HELP = "render the crawl-health page (sites × nights) from the run reports"


def add_arguments(parser):
    parser.add_argument("--runs", type=Path, default=None, help="RUNS_DIR (default <data dir>/runs)")
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD")
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")


def run(args) -> int:
    from ..analysis.health import build_health_page, load_runs
    from ..analysis.files import atomic_write_text

    args.runs = args.runs or default_dir("runs")
    if not args.runs.is_dir():
        print(f"hospitalnews health: no run reports at {args.runs}", file=sys.stderr)
        return 2
    if not args.out.parent.is_dir():
        print(f"hospitalnews health: no directory {args.out.parent} for --out", file=sys.stderr)
        return 2
    runs = load_runs(args.runs, since=args.since)
    atomic_write_text(args.out, build_health_page(runs, generated_at=datetime.now(timezone.utc)))
    print(f"health page: {args.out} ({len(runs)} night(s))")
    return 0
