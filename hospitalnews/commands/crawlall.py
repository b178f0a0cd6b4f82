"""``scrapy crawlall``: every dedicated spider and every registry site, in parallel, in one process.

Each site is its own crawler (own stats, own per-domain politeness), all in one CrawlerProcess. At the
end a run report goes to ``RUNS_DIR/<run id>.json`` (and ``RUNS_DIR/latest.json``), a summary table is
printed, and the exit code says how it went:

    0   every site ok
    1   at least one site broken (see the report's "problems")
    75  another crawlall holds the lock (without --wait); nothing was crawled
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import arglist_to_dict

from ..nightly.lock import LockBusy, RunLock
from ..nightly.report import Job, exit_code, site_report, summary_table
from ..registry import load_sites

GENERIC_SPIDER = "news"     # crawls registry sites that have no dedicated spider: `-a site=KEY`
EXIT_LOCKED = 75            # EX_TEMPFAIL: try again later


def plan_jobs(spider_names: list[str], spider_classes: dict, sites) -> list[Job]:
    """Dedicated spiders first (under their site key), then registry sites the generic spider crawls."""
    jobs: dict[str, Job] = {}
    for name in sorted(spider_names):
        if name == GENERIC_SPIDER:
            continue
        key = getattr(spider_classes[name], "site", "") or name
        jobs[key] = Job(site=key, spider=name)
    for site in sites:
        if site.spider:
            if site.spider not in spider_names:
                jobs[site.key] = Job(site=site.key, spider=site.spider,
                                     startup_error=f"registry names spider {site.spider!r}, which does not exist")
            continue
        if site.key in jobs:
            continue
        job = Job(site=site.key, spider=GENERIC_SPIDER, args={"site": site.key})
        if GENERIC_SPIDER not in spider_names:
            job.startup_error = f"no {GENERIC_SPIDER!r} spider in this project to crawl registry site {site.key!r}"
        jobs[site.key] = job
    return list(jobs.values())


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[options]"

    def short_desc(self) -> str:
        return "Run every spider and registry site in parallel; write a run report; exit 1 if a site is broken"

    def add_options(self, parser):
        super().add_options(parser)
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
                            help="spider argument for every site (e.g. -a full=1, -a refresh_views=7)")
        parser.add_argument("--only", metavar="KEYS", help="comma-separated site keys or spider names to run")
        parser.add_argument("--registry", metavar="FILE", help="site registry (default: setting SITES_REGISTRY)")
        parser.add_argument("--wait", action="store_true", help="wait for a running crawlall instead of exiting 75")
        parser.add_argument("--wait-timeout", type=float, default=None, metavar="SECONDS",
                            help="with --wait: give up (exit 75) after this long")

    def process_options(self, args, opts):
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("Invalid -a value, use -a NAME=VALUE", print_help=False)

    def run(self, args, opts):
        settings = self.settings
        runs_dir = Path(settings.get("RUNS_DIR", "data/runs"))
        lock = RunLock(runs_dir)
        try:
            lock.acquire(wait=opts.wait, timeout=opts.wait_timeout)
        except LockBusy as busy:
            print(f"crawlall: another nightly run holds {lock.path} ({busy}); not starting. "
                  f"Use --wait to queue behind it.", file=sys.stderr)
            self.exitcode = EXIT_LOCKED
            return
        with lock:
            self.exitcode = self._crawl_all(opts, runs_dir)

    def _crawl_all(self, opts, runs_dir: Path) -> int:
        process = self.crawler_process
        loader = process.spider_loader
        names = loader.list()
        sites = load_sites(opts.registry or self.settings.get("SITES_REGISTRY"))
        jobs = plan_jobs(names, {n: loader.load(n) for n in names}, sites)
        if opts.only:
            wanted = {k.strip() for k in opts.only.split(",") if k.strip()}
            jobs = [j for j in jobs if j.site in wanted or j.spider in wanted]
        started = datetime.now(timezone.utc)
        crawlers = []
        for job in jobs:
            if job.startup_error:
                crawlers.append((job, None))
                continue
            crawler = process.create_crawler(job.spider)
            running = process.crawl(crawler, **{**opts.spargs, **job.args})
            _on_failure(running, lambda exc, job=job: setattr(job, "startup_error", f"{type(exc).__name__}: {exc}"))
            crawlers.append((job, crawler))
        if any(crawler for _, crawler in crawlers):
            process.start()
        min_fill = self.settings.getfloat("CRAWLALL_MIN_FILL_RATE", 0.9)
        reports = []
        for job, crawler in crawlers:
            stats = dict(crawler.stats.get_stats()) if crawler is not None and crawler.stats else {}
            if crawler is not None and not getattr(crawler, "spider", None) and not job.startup_error:
                job.startup_error = "the crawler never started (see the log)"
            reports.append(site_report(job, stats, min_fill_rate=min_fill))
        code = exit_code(reports)
        finished = datetime.now(timezone.utc)
        run_id = started.strftime("%Y%m%dT%H%M%SZ") + f"-{os.getpid()}"
        report = {
            "run_id": run_id,
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": finished.isoformat(timespec="seconds"),
            "spider_args": opts.spargs,
            "exit_code": code,
            "broken": [r["site"] for r in reports if r["status"] == "broken"],
            "sites": reports,
        }
        path = write_report(runs_dir, run_id, report)
        print(summary_table(reports))
        print(f"run report: {path}")
        return code


def write_report(runs_dir: Path, run_id: str, report: dict) -> Path:
    runs_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, ensure_ascii=False, indent=1, default=str)
    path = runs_dir / f"{run_id}.json"
    for target in (path, runs_dir / "latest.json"):
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, target)
    return path


def _on_failure(running, callback) -> None:
    """Call ``callback(exception)`` if a crawl fails to run: a Deferred (CrawlerProcess) or a Future (Async…)."""
    if hasattr(running, "addErrback"):
        def errback(failure):
            callback(failure.value)
            return None
        running.addErrback(errback)
    elif hasattr(running, "add_done_callback"):
        running.add_done_callback(lambda fut: fut.cancelled() or (fut.exception() and callback(fut.exception())))
