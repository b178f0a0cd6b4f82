"""Run today's extractor over the stored pages (WARC), without one network request, into a fresh archive.

For each site with captures in the WARC directory, the site's own spider (the one ``scrapy crawlall``
runs for it: a dedicated spider, or ``news -a site=KEY``) crawls again with
``hospitalnews.warc.replay.WarcReplayMiddleware`` answering every request from the capture: the same
callbacks, extraction and pipelines as a live crawl, writing ``OUT/<site>/`` through the archive
store (same layout, same guarantees). The old archive is only read. Then a diff per archive site and
field (how many articles changed, with examples) is printed and written to ``OUT/reextract-diff.json``. Swap the new
archive in by hand (e.g. ``mv data/archive data/archive.old && mv OUT data/archive``).

    hospitalnews reextract [--site S]... [--since 2026-01-01] [--out DIR] [--archive data/archive] [--warc data/warc]

Exit status: 0 done; 1 a site's replay crawl failed; 2 a usage error (bad date, unknown site, OUT
not empty or the archive itself), nothing written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from ..archive.store import read_archive
from ..commands.crawlall import plan_jobs
from ..nightly.report import Job
from ..registry import load_sites
from ..warc.capture import SPIDER_FIELD
from ..warc.diff import diff_archives, summary_lines
from ..warc.reader import recorded_info
from .selection import default_dir

HELP = "re-extract the stored WARC pages with today's code (no network) into a fresh archive, with a diff"


def add_arguments(parser):
    parser.add_argument("--site", action="append", help="site key (repeatable; default: every site with captures)")
    parser.add_argument("--since", help="only pages captured on or after this UTC date/time (YYYY-MM-DD[THH:MM:SS])")
    parser.add_argument("--out", type=Path, help="the fresh archive (default <project root>/data/reextract/<UTC time>); must not exist or be empty")
    parser.add_argument("--archive", type=Path, default=None, help="the archive to compare with (read only; default <project root>/data/archive)")
    parser.add_argument("--warc", type=Path, help="WARC directory (default: warc beside --archive)")
    parser.add_argument("--registry", type=Path, help="site registry (default data/sites.toml)")
    parser.add_argument("-a", dest="spider_args", action="append", default=[], metavar="NAME=VALUE",
                        help="extra spider argument for every site")
    parser.add_argument("-s", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                        help="extra Scrapy setting for every site")


def _fail(message: str) -> int:
    print(f"hospitalnews reextract: {message}", file=sys.stderr)
    return 2


def _since(text: str | None) -> str | None:
    """The --since value as a WARC-Date-comparable UTC string, or ValueError."""
    if not text:
        return None
    if len(text) == 10:
        return date.fromisoformat(text).isoformat()
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.isoformat()


def _jobs(registry: Path | None, warc: Path, sites: list[str]) -> dict:
    """site → the crawl that re-extracts it: crawlall's job for the site, else the spider named in
    the capture's warcinfo (e.g. ``epaper -a paper=KEY`` captures under the paper's key)."""
    from scrapy.spiderloader import get_spider_loader
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "hospitalnews.settings")   # also outside the project directory
    loader = get_spider_loader(get_project_settings())
    names = loader.list()
    jobs = {job.site: job for job in plan_jobs(names, {n: loader.load(n) for n in names}, load_sites(registry))}
    for site in sites:
        if site not in jobs or jobs[site].startup_error:
            spider = recorded_info(warc, site).get(SPIDER_FIELD)
            if spider in names:
                jobs[site] = Job(site=site, spider=spider)
    return jobs


def replay_crawl(job, *, warc: Path, out: Path, since: str | None, registry: Path | None,
                 spider_args: list[str], settings: list[str]) -> dict:
    """One site's replay crawl in a subprocess; returns its final stats."""
    work = out / ".reextract"
    stats_file = work / f"{job.site}.stats.json"
    cmd = [sys.executable, "-m", "scrapy.cmdline", "crawl", job.spider]
    for name, value in job.args.items():
        cmd += ["-a", f"{name}={value}"]
    for arg in spider_args:
        cmd += ["-a", arg]
    fixed = {"ARCHIVE_DIR": out, "WARC_ENABLED": "0", "WARC_REPLAY_DIR": warc, "WARC_REPLAY_SITE": job.site,
             "STATS_FILE": stats_file,
             "LOG_FILE": work / f"{job.site}.log",
             # nothing leaves the machine: no politeness delays to keep
             "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0"}
    if since:
        fixed["WARC_REPLAY_SINCE"] = since
    if registry:
        fixed["SITES_REGISTRY"] = registry
    for name, value in fixed.items():
        cmd += ["-s", f"{name}={value}"]
    for setting in settings:
        cmd += ["-s", setting]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": os.environ.get("SCRAPY_SETTINGS_MODULE", "hospitalnews.settings")}
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}


def run(args) -> int:
    try:
        since = _since(args.since)
    except ValueError:
        return _fail(f"--since {args.since!r} is not a date (YYYY-MM-DD or an ISO date-time)")
    malformed = [a for a in args.spider_args + args.settings if "=" not in a or a.startswith("=")]
    if malformed:
        return _fail(f"-a/-s take NAME=VALUE, not {malformed[0]!r}")
    args.archive = args.archive or default_dir("archive")   # the checkout's data/, never the cwd's
    warc = args.warc or args.archive.parent / "warc"
    if not warc.is_dir():
        return _fail(f"no WARC directory at {warc} (was the site crawled with WARC_ENABLED?)")
    captured = sorted(p.name for p in warc.iterdir() if p.is_dir() and not p.name.startswith("."))
    sites = args.site or captured
    unknown = [s for s in sites if s not in captured]
    if unknown:
        return _fail(f"no captures for site(s) {', '.join(unknown)} in {warc}")
    out = args.out or default_dir("reextract") / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    if args.archive.exists() and out.resolve() == args.archive.resolve():
        return _fail("--out is the archive itself: the old archive is never modified")
    if out.exists() and any(out.iterdir()):
        return _fail(f"{out} is not empty: re-extraction writes a fresh archive")
    jobs = _jobs(args.registry, warc, sites)
    missing = [s for s in sites if s not in jobs or jobs[s].startup_error]
    if missing:
        return _fail(f"no spider for site(s) {', '.join(missing)} (not in the spiders nor the registry)")
    (out / ".reextract").mkdir(parents=True, exist_ok=True)
    failed, replays = [], {}       # archive site → what the replay crawls that wrote it said
    for site in sites:
        stats = replay_crawl(jobs[site], warc=warc, out=out, since=since, registry=args.registry,
                             spider_args=args.spider_args, settings=args.settings)
        if stats.get("finish_reason") != "finished":
            failed.append(site)
        # a spider may archive under other keys than its capture's (epaper: one per paper)
        written = sorted(k.removeprefix("archive/written/") for k in stats if k.startswith("archive/written/"))
        for archive_site in written or [site]:
            replays.setdefault(archive_site, []).append({
                "captured_as": site, "pages_answered": stats.get("warc_replay/answered", 0),
                "not_captured": stats.get("warc_replay/missing", 0),
                "articles_written": stats.get(f"archive/written/{archive_site}", 0),
                "finish_reason": stats.get("finish_reason")})
    report = {}
    for archive_site, replayed in sorted(replays.items()):
        old = read_archive(args.archive, archive_site) if (args.archive / archive_site).is_dir() else []
        new = read_archive(out, archive_site) if (out / archive_site).is_dir() else []
        report[archive_site] = {**diff_archives(old, new, since=since), "replay": replayed}
        print("\n".join(summary_lines(archive_site, report[archive_site])))
    diff_path = out / "reextract-diff.json"
    diff_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(f"new archive: {out}   diff: {diff_path}")
    for site in failed:
        print(f"hospitalnews reextract: the replay crawl of {site} did not finish (log: {out}/.reextract/{site}.log)",
              file=sys.stderr)
    return 1 if failed else 0
