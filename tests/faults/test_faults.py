"""The fault matrix: a crawl of a hostile local server always finishes, names every failure, archives every good page."""

import json
import os
import subprocess
import sys

import pytest

from hospitalnews.nightly.lock import RunLock

from ..support import REPO, archive_lines
from .server import (
    BAD,
    CALENDAR_DAYS_WITH_NEWS,
    COUNTER_ARTICLES,
    GOOD,
    counter_title,
    HUGE_BYTES,
    SELF_ARTICLES,
    SESSION_PAGES,
    fault_server,
)

SETTINGS = {
    "SPIDER_MODULES": "tests.faults.spiders",
    "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "DOWNLOAD_TIMEOUT": "2", "RETRY_TIMES": "2", "DOWNLOAD_MAXSIZE": str(1024 * 1024),
    "DOWNLOAD_WARNSIZE": "0", "REDIRECT_MAX_TIMES": "4",
}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    (tmp / "sites.toml").write_text("", "utf-8")
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    with fault_server() as server:
        settings = {**SETTINGS, "FAULT_SERVER_URL": server.url, "ARCHIVE_DIR": str(tmp / "archive"),
                    "RUNS_DIR": str(tmp / "runs"), "STATS_FILE": str(tmp / "stats.json")}
        cmd = [sys.executable, "-m", "scrapy.cmdline", "crawlall", "--registry", str(tmp / "sites.toml"),
               "--only", "fault_site"]
        for name, value in settings.items():
            cmd += ["-s", f"{name}={value}"]
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        hits = list(server.hits)
    report = json.loads((tmp / "runs" / "latest.json").read_text("utf-8"))
    stats = json.loads((tmp / "stats.json").read_text("utf-8"))
    return proc, report["sites"][0], stats, hits, tmp


TRAP_REGISTRY = """
[[site]]
key = "counter_site"
name = "计数医院"
start_urls = ["{url}/counter/"]
"""


@pytest.fixture(scope="module")
def trapped(tmp_path_factory):
    """Crawler traps and an off-host view counter, each its own site, in one crawlall run (bounded: 120 s)."""
    tmp = tmp_path_factory.mktemp("traps")
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    with fault_server() as server:
        (tmp / "sites.toml").write_text(TRAP_REGISTRY.format(url=server.url), "utf-8")
        settings = {**SETTINGS, "SPIDER_MODULES": "hospitalnews.spiders,tests.faults.spiders",
                    "FAULT_SERVER_URL": server.url, "ARCHIVE_DIR": str(tmp / "archive"), "RUNS_DIR": str(tmp / "runs")}
        cmd = [sys.executable, "-m", "scrapy.cmdline", "crawlall", "--registry", str(tmp / "sites.toml"),
               "--only", "cal_trap,session_trap,selflink_trap,counter_site"]
        for name, value in settings.items():
            cmd += ["-s", f"{name}={value}"]
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        hits = list(server.hits)
    report = json.loads((tmp / "runs" / "latest.json").read_text("utf-8"))
    return proc, {s["site"]: s for s in report["sites"]}, hits, tmp


def url_of(report, slug):
    return next((f for f in report["failures"] if f["url"].endswith(f"/a/{slug}.html")), None)


def test_crawl_finishes_and_archives_every_good_page(crawled):
    proc, report, stats, hits, tmp = crawled
    assert stats["finish_reason"] == "finished"
    assert proc.returncode == 0, proc.stdout + proc.stderr[-4000:]
    assert report["status"] == "ok"
    titles = sorted(json.loads(line)["title"] for line in archive_lines(tmp / "archive", "fault_site"))
    assert titles == sorted(f"{slug}号新闻" for slug in GOOD)


@pytest.mark.parametrize(("slug", "kind", "reason"), [
    ("reset", "download", "ConnectionLost"),
    ("timeout", "download", "took longer than 2.0 seconds"),
    ("loop", "redirect_loop", "redirect back to an already-requested URL"),
    ("offsite", "skipped", "Filtered offsite request to 'localhost' (never followed"),
    ("huge", "download", ""),
    ("binary", "binary", "binary response body"),
    ("empty", "empty", "empty response body"),
    ("hollow", "empty", "empty response body"),     # 200 with <html></html>: not an article
    ("chrome", "dropped", "no body"),               # 200 with the site's frame and no article in it
    ("dataloss", "download", ""),
    ("missing", "http", "HTTP 404"),
    ("error500", "http", "HTTP 500"),
    ("forbidden", "skipped", "Forbidden by robots.txt"),
])
def test_every_failure_is_in_the_run_report_with_its_url(crawled, slug, kind, reason):
    report = crawled[1]
    failure = url_of(report, slug)
    assert failure is not None, report["failures"]
    assert failure["kind"] == kind and reason in failure["reason"]


def test_failures_are_counted_in_the_stats(crawled):
    _, report, stats, _, _ = crawled
    assert report["errors"] == len(BAD) - 2   # all but the policy skips (robots.txt, offsite)
    assert stats["hospitalnews/failed/skipped"] == 2
    assert stats["hospitalnews/failed/http"] == 2 and stats["hospitalnews/failed/download"] == 4
    assert stats["robotstxt/request_count"] == 1 and stats["robotstxt/forbidden"] == 1
    assert stats["retry/count"] >= 2 + 2 + 2   # flaky 503s, timeouts, 500s (reset/dataloss retried too)


def test_what_must_never_happen_did_not(crawled):
    hits = crawled[3]
    paths = [path for path, _ in hits]
    assert "/a/forbidden.html" not in paths                       # robots.txt obeyed
    assert not [h for h in hits if h[1].startswith("localhost")]  # the offsite redirect was never followed
    assert paths.count("/a/flaky.html") == 3                      # 2 × 503, then success
    assert paths.count("/a/huge.html") <= 3 and HUGE_BYTES > 1024 * 1024   # capped, not retried forever


@pytest.mark.parametrize(("site", "articles", "reason", "list_pages"), [
    # days 1-3 have news, then WALK_MAX_BARREN_PAGES (3) empty days
    ("cal_trap", CALENDAR_DAYS_WITH_NEWS, "no_new_articles", CALENDAR_DAYS_WITH_NEWS + 3),
    # the real pages, then the last one again under a fresh session id
    ("session_trap", 3 * SESSION_PAGES, "repeated_list_page", SESSION_PAGES + 1),
])
def test_a_trap_walk_ends_on_its_own_with_the_stop_reason_reported(trapped, site, articles, reason, list_pages):
    proc, reports, hits, tmp = trapped
    report = reports[site]
    assert report["status"] == "ok" and report["finish_reason"] == "finished", proc.stderr[-3000:]
    assert [s["reason"] for s in report["walk_stops"]] == [reason]
    assert report["list_pages"] == list_pages
    assert len(archive_lines(tmp / "archive", site)) == articles
    # the stopped walk is complete: the next night does not page through the trap again
    walks = json.loads((tmp / "archive" / site / ".walks.json").read_text("utf-8"))
    assert all(w["complete"] for w in walks.values())


def test_a_list_that_links_to_itself_is_never_archived_as_an_article(trapped):
    _, reports, _, tmp = trapped
    report = reports["selflink_trap"]
    titles = sorted(json.loads(line)["title"] for line in archive_lines(tmp / "archive", "selflink_trap"))
    assert titles == sorted(f"selfa{i}号新闻" for i in range(1, SELF_ARTICLES + 1))
    as_lists = [f for f in report["failures"] if f["kind"] == "list_page"]
    assert len(as_lists) == 2 and {("sid=" in f["url"]) for f in as_lists} == {True, False}


def test_an_article_whose_view_counter_is_off_host_is_archived_without_the_count(trapped):
    proc, reports, hits, tmp = trapped
    report = reports["counter_site"]
    assert report["status"] == "ok", (report["problems"], proc.stderr[-3000:])
    records = [json.loads(line) for line in archive_lines(tmp / "archive", "counter_site")]
    assert sorted(r["title"] for r in records) == sorted(counter_title(i) for i in range(1, COUNTER_ARTICLES + 1))
    assert all(r["view_count"] is None for r in records)
    assert not [h for h in hits if h[1].startswith("localhost")]     # the counter was never requested


def test_every_trap_crawl_ended_within_its_bounds(trapped):
    proc, reports, hits, _ = trapped
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert len(hits) < 60


def test_with_the_walk_bounds_off_the_site_bound_still_ends_the_night_and_frees_the_lock(tmp_path):
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    (tmp_path / "sites.toml").write_text("", "utf-8")
    with fault_server() as server:
        settings = {**SETTINGS, "FAULT_SERVER_URL": server.url, "ARCHIVE_DIR": str(tmp_path / "archive"),
                    "RUNS_DIR": str(tmp_path / "runs"), "WALK_MAX_BARREN_PAGES": "0", "WALK_MAX_PAGES": "0",
                    "CLOSESPIDER_TIMEOUT": "3"}
        cmd = [sys.executable, "-m", "scrapy.cmdline", "crawlall", "--registry", str(tmp_path / "sites.toml"),
               "--only", "endless_trap"]
        for name, value in settings.items():
            cmd += ["-s", f"{name}={value}"]
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    (site,) = json.loads((tmp_path / "runs" / "latest.json").read_text("utf-8"))["sites"]
    assert proc.returncode == 1 and site["finish_reason"] == "closespider_timeout", proc.stderr[-3000:]
    assert site["problems"] == ["stopped at a site bound: closespider_timeout (setting CLOSESPIDER_TIMEOUT)"]
    assert site["list_pages"] > 6                      # the trap was walked until the site bound
    lock = RunLock(tmp_path / "runs")
    lock.acquire()                                     # the next night can start
    lock.release()
