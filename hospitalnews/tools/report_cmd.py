"""Render the analyst's report: one self-contained HTML file (charts inline, works offline).

    hospitalnews report --out report.html
    hospitalnews report --site sd_cancer --since 2024-01-01 --out sd.html
    hospitalnews report --archive /srv/archive --runs /srv/runs --views /srv/views --out r.html
    hospitalnews report --out r.html --screenshot r.png     # and a PNG of it (headless Chromium)

Sections: per-site totals, dates and field fill rates; articles per month; most-viewed articles and the
view-count distribution; views growth over nights (from --views); top sources; credited people by role;
the crawl-health grid (from --runs). Exit 2 on a bad argument or a missing archive.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

from .selection import add_selection_arguments, default_dir, load_selection, scope

HELP = "render an HTML report (charts, fill rates, most viewed, sources, people, crawl health)"


def add_arguments(parser):
    add_selection_arguments(parser)
    parser.add_argument("--runs", type=Path, default=None, help="RUNS_DIR (default <data dir>/runs)")
    parser.add_argument("--views", type=Path, default=None, help="VIEWS_DIR (default <data dir>/views)")
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    parser.add_argument("--screenshot", type=Path, metavar="PNG",
                        help="also save a full-page PNG of the report, taken in headless Chromium (needs playwright)")


def run(args) -> int:
    table = load_selection(args, "report")
    if table is None:
        return 2
    from ..analysis import health
    from ..analysis.report import build_report
    from ..analysis.files import atomic_write_text

    runs = health.load_runs(args.runs or default_dir("runs"), since=args.since)
    text = build_report(table, runs=runs, views_dir=args.views or default_dir("views"), generated_at=datetime.now(timezone.utc),
                        scope=scope(args))
    atomic_write_text(args.out, text)
    print(f"report: {args.out} ({table.num_rows} articles, {len(runs)} night(s))")
    if args.screenshot:
        from ..analysis.screenshot import BrowserUnavailable, screenshot

        try:
            seen = screenshot(args.out, args.screenshot)
        except BrowserUnavailable as exc:
            print(f"hospitalnews report: no screenshot: {exc}", file=sys.stderr)
            return 1
        print(f"screenshot: {args.screenshot} ({len(seen['charts'])} charts)")
    return 0
