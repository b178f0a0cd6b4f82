"""The run report of ``scrapy crawlall``: per-site figures from each crawl's stats, the broken rules, the table.

Pure functions over stats dicts, so the rules are tested without crawling.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .failures import FAILURES_KEY

# The fields whose absence makes a site broken (besides title, which the ValidationPipeline requires).
KEY_FIELDS = ("title", "publish_time")


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
    errors = [f for f in failures if f["kind"] != "skipped"]
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
        "fill_rates": rates,
    }
    report["problems"] = problems(job, report, stats, min_fill_rate)
    report["status"] = "broken" if report["problems"] else "ok"
    return report


def problems(job: Job, report: dict, stats: dict, min_fill_rate: float) -> list[str]:
    found = []
    if job.startup_error:
        found.append(f"errored out: {job.startup_error}")
    elif report["finish_reason"] != "finished":
        found.append(f"errored out: finish reason {report['finish_reason']!r}")
    if any(key.startswith("spider_exceptions/") for key in stats):
        found.append("spider raised exceptions")
    if not job.startup_error and report["article_links"] == 0:
        found.append("its list yields no article links")
    layout = [f["url"] for f in report["failures"] if f["kind"] == "layout"]
    if layout and report["article_links"]:
        found.append("a start list yields no article links: " + ", ".join(layout))
    # items dropped for want of a title never reach the fill rates: count them as title-less items
    untitled = stats.get("hospitalnews/dropped/missing_title", 0)
    for name in KEY_FIELDS:
        total = report["items"] + (untitled if name == "title" else 0)
        rate = report["fill_rates"].get(name, 0.0) * report["items"] / total if total else 1.0
        if rate < min_fill_rate:
            found.append(f"new items lack {name} ({rate:.0%} of {total} filled)")
    if stats.get("distributed/joined_run") and not report["list_pages"]:
        # a distributed worker that fetched no list page: other workers walked them (distributed/scheduler.py)
        found = [problem for problem in found if problem != "its list yields no article links"]
    return found


def exit_code(sites: list[dict]) -> int:
    return 1 if any(s["status"] == "broken" for s in sites) else 0


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
            lines.append(f"BROKEN {s['site']}: {problem}")
    return "\n".join(lines)
