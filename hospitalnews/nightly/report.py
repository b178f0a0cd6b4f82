"""The run report of ``scrapy crawlall``: per-site figures from each crawl's stats, the broken rules, the table.

Pure functions over stats dicts, so the rules are tested without crawling.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .failures import FAILURES_KEY

# The fields whose absence makes a site broken (besides title, which the ValidationPipeline requires).
KEY_FIELDS = ("title", "publish_time")
# Failure kinds of a list walk that make a site broken (the news spider's self-check, spiders/news.py):
# a list that found fewer articles than it states, a pager that could not be followed, a script-built
# list whose data endpoint could not be found.
LIST_PROBLEMS = {"shortfall": "list shortfall", "pagination": "pager not followed",
                 "needs_override": "needs a per-site override"}
OFFSITE_KEY = "hospitalnews/offsite"   # list entries on other hosts (WeChat articles): reported, not crawled
# Failure kinds that are not faults: policy (robots.txt, offsite) and an e-paper day with no issue.
NOT_FAULTS = ("skipped", "no_issue")
# A start request that failed with one of these never reached the site (DNS, refused, unroutable, timeout).
UNREACHABLE = ("DNSLookupError", "CannotResolveHostError", "ConnectionRefusedError", "NoRouteError", "TCPTimedOutError", "TimeoutError",
               "ConnectError", "ConnectionLost", "ResponseNeverReceived")


@dataclass
class Job:
    """One crawl of crawlall: a spider, its arguments, and the registry key it archives under."""

    site: str
    spider: str
    args: dict = field(default_factory=dict)
    startup_error: str | None = None


def fill_rates(stats: dict) -> dict[str, float]:
    items = stats.get("fields/items", 0)
    prefix = "fields/filled/"
    return {key[len(prefix):]: round(value / items, 3) if items else 0.0
            for key, value in sorted(stats.items()) if key.startswith(prefix)}


def site_report(job: Job, stats: dict, *, min_fill_rate: float = 0.9) -> dict:
    failures = list(stats.get(FAILURES_KEY) or [])
    errors = [f for f in failures if f["kind"] not in NOT_FAULTS]
    rates = fill_rates(stats)
    invalid = sum(v for k, v in stats.items() if k.startswith("hospitalnews/dropped/") and k != "hospitalnews/dropped/duplicate")
    report = {
        "site": job.site,
        "spider": job.spider,
        "args": job.args,
        "finish_reason": stats.get("finish_reason"),
        "elapsed_seconds": round(stats.get("elapsed_time_seconds", 0) or 0, 1),
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("downloader/response_count", 0),
        "list_pages": stats.get("hospitalnews/list_pages", 0),
        "article_links": stats.get("hospitalnews/articles_new", 0) + stats.get("hospitalnews/articles_known", 0),
        "new": stats.get("archive/written", 0),
        "known": stats.get("hospitalnews/articles_known", 0) + stats.get("archive/already_archived", 0),
        "items": stats.get("item_scraped_count", 0),
        "invalid": invalid,
        "errors": len(errors),
        "failures": failures,
        "walk_stops": list(stats.get("hospitalnews/walk_stops") or []),   # walks ended by a bound (crawlbounds.py)
        "fill_rates": rates,
        "offsite_entries": list(stats.get(OFFSITE_KEY) or []),
    }
    report["problems"] = problems(job, report, stats, min_fill_rate)
    report["notes"] = notes(report, stats)
    unreachable = any(p.startswith("site unreachable") for p in report["problems"])
    report["status"] = ("unreachable" if unreachable else "broken") if report["problems"] else "ok"
    return report


def no_issue(report: dict, stats: dict) -> bool:
    """An e-paper run whose every asked issue was missing (404): nothing published, nothing wrong."""
    return bool(stats.get("epaper/issues_missing")) and not stats.get("epaper/issues") and not report["errors"]


def notes(report: dict, stats: dict) -> list[str]:
    found = []
    if no_issue(report, stats):
        found.append(f"no issue published ({stats['epaper/issues_missing']} issue page(s) missing)")
    return found


def unreachable_reason(report: dict) -> str | None:
    """Why the site could not be reached at all (every request failed before an answer), or None."""
    if report["responses"]:
        return None
    down = [f for f in report["failures"] if f["kind"] == "download" and f["reason"].startswith(UNREACHABLE)]
    return down[0]["reason"] if down else None


def problems(job: Job, report: dict, stats: dict, min_fill_rate: float) -> list[str]:
    found = []
    if job.startup_error:
        found.append(f"errored out: {job.startup_error}")
    elif str(report["finish_reason"]).startswith("closespider_"):
        found.append(f"stopped at a site bound: {report['finish_reason']} (setting {str(report['finish_reason']).upper()})")
    elif report["finish_reason"] != "finished":
        found.append(f"errored out: finish reason {report['finish_reason']!r}")
    if stats.get("archive/write_failed"):
        reasons = [f["reason"] for f in report["failures"] if f["kind"] == "archive"]
        found.append(f"archive write failed ({stats['archive/write_failed']}×): " + (reasons[0] if reasons else "see the log"))
    if any(key.startswith("spider_exceptions/") for key in stats):
        found.append("spider raised exceptions")
    if not job.startup_error and report["article_links"] == 0 and not report.get("offsite_entries"):
        reason = unreachable_reason(report)
        if reason:
            found.append(f"site unreachable: {reason}")
        elif not no_issue(report, stats):
            found.append("its list yields no article links")
    layout = [f["url"] for f in report["failures"] if f["kind"] == "layout"]
    if layout and report["article_links"]:
        found.append("a start list yields no article links: " + ", ".join(layout))
    for failure in report["failures"]:
        if failure["kind"] in LIST_PROBLEMS:
            found.append(f"{LIST_PROBLEMS[failure['kind']]}: {failure['url']}: {failure['reason']}")
    # items dropped for want of a title never reach the fill rates: count them as title-less items
    untitled = stats.get("hospitalnews/dropped/missing_title", 0)
    counted = stats.get("fields/items", 0)   # fill rates are over the items counted (nightly/fillrates.py)
    for name in KEY_FIELDS:
        if report["items"] and not counted:
            break   # items scraped, none counted (a crawl stopped before its counts reached the stats): unknown
        total = report["items"] + (untitled if name == "title" else 0)
        rate = report["fill_rates"].get(name, 0.0) * report["items"] / total if total else 1.0
        if rate < min_fill_rate:
            found.append(f"new items lack {name} ({rate:.0%} of {total} filled)")
    if stats.get("distributed/joined_run") and not report["list_pages"]:
        # a distributed worker that fetched no list page: other workers walked them (distributed/scheduler.py)
        found = [problem for problem in found if problem != "its list yields no article links"]
    return found


def exit_code(sites: list[dict]) -> int:
    return 1 if any(s["status"] in ("broken", "unreachable") for s in sites) else 0


def summary_table(sites: list[dict]) -> str:
    header = ("site", "status", "requests", "new", "known", "invalid", "errors", "title", "published")
    rows = [header] + [(
        s["site"], s["status"], str(s["requests"]), str(s["new"]), str(s["known"]), str(s["invalid"]), str(s["errors"]),
        f"{s['fill_rates'].get('title', 0):.0%}" if s["items"] else "-",
        f"{s['fill_rates'].get('publish_time', 0):.0%}" if s["items"] else "-",
    ) for s in sites]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    for s in sites:
        for problem in s["problems"]:
            lines.append(f"{'UNREACHABLE' if s['status'] == 'unreachable' else 'BROKEN'} {s['site']}: {problem}")
        for note in s.get("notes", []):
            lines.append(f"NOTE {s['site']}: {note}")
        if s.get("stale"):
            lines.append(f"STALE {s['site']}: no new article for {s['nights_without_new']} runs in a row")
    return "\n".join(lines)
