"""Crawl health, night by night and site by site, from the run reports of ``scrapy crawlall``.

Input: ``RUNS_DIR/<run_id>.json`` as written by ``commands/crawlall.py`` (``latest.json`` is a copy of
the newest and is skipped). Each report has ``started_at`` and ``sites``: one entry per site with
``site``, ``status``, ``new``, ``errors`` and ``problems``. A status the page does not know is shown
as ``broken`` when the site has problems, else ``ok``.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path

from . import page

logger = logging.getLogger(__name__)

STATUSES = ("ok", "stale", "broken", "unreachable")
LEGEND = {"ok": "ok · 正常", "stale": "stale · 久无新文", "broken": "broken · 故障", "unreachable": "unreachable · 无法访问"}


def load_runs(runs_dir: Path | str, *, since: date | None = None) -> list[dict]:
    """The run reports in ``runs_dir``, oldest first; unreadable files are logged and skipped.

    Returns [] when the directory does not exist (no night has run yet).
    """
    runs_dir = Path(runs_dir)
    runs = []
    for path in sorted(runs_dir.glob("*.json")) if runs_dir.is_dir() else []:
        if path.name == "latest.json":
            continue
        try:
            report = json.loads(path.read_text("utf-8"))
            started = datetime.fromisoformat(report["started_at"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            logger.warning("health: skipping unreadable run report %s (%s)", path, exc)
            continue
        if since is None or started.date() >= since:
            runs.append(report)
    return sorted(runs, key=lambda r: r["started_at"])


def site_status(entry: dict) -> str:
    """One of ``STATUSES`` for a site entry of a run report."""
    status = entry.get("status")
    if status in STATUSES:
        return status
    return "broken" if entry.get("problems") else "ok"


def grid(runs: list[dict]) -> str:
    """A sites × nights table; each cell coloured by status, showing new articles, problems as tooltip."""
    if not runs:
        return page.paragraph("No crawlall run report yet · 还没有运行记录")
    sites = sorted({entry["site"] for run in runs for entry in run.get("sites", [])})
    headers = ["site · 站点"] + [run["started_at"][:16].replace("T", " ") for run in runs]
    rows = []
    for site in sites:
        row = [site]
        for run in runs:
            entry = next((e for e in run.get("sites", []) if e["site"] == site), None)
            if entry is None:
                row.append(page.Cell("–", css="none", title="not crawled this night"))
                continue
            status = site_status(entry)
            detail = "; ".join(entry.get("problems") or []) or status
            row.append(page.Cell(f"{entry.get('new', 0)} new" + (f", {entry['errors']} err" if entry.get("errors") else ""),
                                 css=status, title=detail))
        rows.append(row)
    return page.table(headers, rows, css_id="health-grid") + _legend()


def _legend() -> str:
    cells = "".join(page.Cell(LEGEND[s], css=s).render() for s in STATUSES)
    return f'<table class="legend"><tr>{cells}</tr></table>'


def problems(run: dict) -> str:
    """The latest night's problems, one line per site that is not ok."""
    rows = [(e["site"], site_status(e), "; ".join(e.get("problems") or []))
            for e in run.get("sites", []) if site_status(e) != "ok"]
    if not rows:
        return page.paragraph("Every site ok · 所有站点正常")
    return page.table(["site · 站点", "status · 状态", "problems · 问题"], rows, css_id="latest-problems")


def build_health_page(runs: list[dict], *, generated_at: datetime) -> str:
    """The operator's page: the grid of every night, then the latest night's problems."""
    latest = runs[-1] if runs else None
    subtitle = f"generated {generated_at.isoformat(timespec='seconds')} · {len(runs)} night(s)"
    sections = [page.section("Crawl health · 抓取健康", grid(runs), css_id="health")]
    if latest:
        sections.append(page.section(f"Latest night · 最近一次 ({latest['started_at']})", problems(latest),
                                     css_id="latest"))
    return page.document("hospitalnews crawl health", subtitle, sections)
