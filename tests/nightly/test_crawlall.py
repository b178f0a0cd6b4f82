"""``scrapy crawlall``: one process, every site, a run report, broken sites flagged, exit codes, the lock."""

import json
import re
import threading
import time

import pytest

from hospitalnews.nightly.lock import RunLock
from hospitalnews.nightly.report import Job, site_report
from hospitalnews.offline import serve_mirrors

from ..support import scrapy_command
from .site import build_site

SPIDERS = {"SPIDER_MODULES": "tests.nightly.spiders"}
REGISTRY = """
[[site]]
key = "nightly_site"
name = "夜间测试医院"
start_urls = ["http://www.nightly-hospital.test/news/"]
spider = "nightly_site"

[[site]]
key = "orphan"
name = "无爬虫医院"
start_urls = ["http://www.orphan-hospital.test/"]
"""


@pytest.fixture
def sites(tmp_path):
    mirrors = tmp_path / "mirrors"
    build_site(mirrors, {"news": 12, "notice": 7})
    build_site(mirrors, {"news": 5}, host="www.changed-hospital.test")
    build_site(mirrors, {"news": 4}, host="www.undated-hospital.test", dated=False)
    (tmp_path / "sites.toml").write_text(REGISTRY, "utf-8")
    with serve_mirrors([mirrors]) as proxy:
        yield proxy


def crawlall(proxy, tmp_path, *args, timeout=120):
    settings = {**SPIDERS, "RUNS_DIR": str(tmp_path / "runs")}
    return scrapy_command(proxy.url, ["crawlall", "--registry", str(tmp_path / "sites.toml"), *args], tmp_path,
                          settings=settings, feed=False, timeout=timeout)


def latest_report(tmp_path):
    return json.loads((tmp_path / "runs" / "latest.json").read_text("utf-8"))


def test_run_report_flags_broken_sites_and_exits_1(sites, tmp_path):
    result = crawlall(sites, tmp_path)
    assert result.returncode == 1, result.log[-3000:]
    report = latest_report(tmp_path)
    by_site = {s["site"]: s for s in report["sites"]}
    assert set(by_site) == {"nightly_site", "nightly_changed_layout", "nightly_undated", "orphan"}
    assert sorted(report["broken"]) == ["nightly_changed_layout", "nightly_undated", "orphan"]

    healthy = by_site["nightly_site"]
    assert healthy["status"] == "ok" and healthy["problems"] == []
    assert healthy["new"] == 19 and healthy["known"] == 0 and healthy["invalid"] == 0
    assert healthy["requests"] == 1 + 3 + 19   # robots.txt, news pages 1-2 and notice page 1, 19 articles
    assert healthy["fill_rates"]["title"] == 1.0 and healthy["fill_rates"]["publish_time"] == 1.0

    changed = by_site["nightly_changed_layout"]
    assert "its list yields no article links" in changed["problems"]
    assert {"url": "http://www.changed-hospital.test/news/", "kind": "layout",
            "reason": "list page yields no article links"} in changed["failures"]
    undated = by_site["nightly_undated"]
    assert undated["new"] == 4 and any("lack publish_time" in p for p in undated["problems"])
    assert any("no 'news' spider" in p for p in by_site["orphan"]["problems"])

    # the summary table names every site and every problem
    assert re.search(r"^nightly_site +ok +23 +19 +0 +0 +0 +100% +100%$", result.log, re.M)
    assert "BROKEN nightly_undated: new items lack publish_time" in result.log
    assert (tmp_path / "runs" / f"{report['run_id']}.json").exists()


def test_healthy_rerun_exits_0_and_counts_known_items(sites, tmp_path):
    assert crawlall(sites, tmp_path, "--only", "nightly_site").returncode == 0
    again = crawlall(sites, tmp_path, "--only", "nightly_site")
    assert again.returncode == 0
    (site,) = latest_report(tmp_path)["sites"]
    assert site["new"] == 0 and site["known"] == 19 and site["requests"] == 4


def test_a_second_run_exits_75_while_one_holds_the_lock_and_wait_queues_behind_it(sites, tmp_path):
    lock = RunLock(tmp_path / "runs")
    lock.acquire()
    try:
        busy = crawlall(sites, tmp_path, "--only", "nightly_site")
        assert busy.returncode == 75
        assert "another nightly run holds" in busy.log and "--wait" in busy.log
        assert not (tmp_path / "archive" / "nightly_site").exists()   # nothing was crawled
        gave_up = crawlall(sites, tmp_path, "--only", "nightly_site", "--wait", "--wait-timeout", "0.5")
        assert gave_up.returncode == 75
        threading.Timer(1.0, lock.release).start()
        started = time.monotonic()
        waited = crawlall(sites, tmp_path, "--only", "nightly_site", "--wait")
        assert waited.returncode == 0 and time.monotonic() - started >= 1.0
    finally:
        lock.release()
    assert latest_report(tmp_path)["sites"][0]["new"] == 19


@pytest.mark.parametrize(("stats", "problem"), [
    ({"finish_reason": "finished", "hospitalnews/articles_new": 2, "item_scraped_count": 2, "fields/items": 2,
      "fields/filled/title": 2, "fields/filled/publish_time": 2}, None),
    ({"finish_reason": "finished", "hospitalnews/articles_new": 0}, "its list yields no article links"),
    ({"finish_reason": "shutdown", "hospitalnews/articles_known": 3}, "errored out: finish reason 'shutdown'"),
    # items scraped whose fill counts never reached the stats (stopped without spider_closed): unknown, not 0 %
    ({"finish_reason": "shutdown", "hospitalnews/articles_new": 3, "item_scraped_count": 3},
     "errored out: finish reason 'shutdown'"),
    ({"finish_reason": "finished", "hospitalnews/articles_new": 10, "item_scraped_count": 10, "fields/items": 10,
      "fields/filled/title": 10, "fields/filled/publish_time": 8}, "new items lack publish_time (80% of 10 filled)"),
    ({"finish_reason": "finished", "hospitalnews/articles_new": 10, "item_scraped_count": 8, "fields/items": 8,
      "fields/filled/title": 8, "fields/filled/publish_time": 8, "hospitalnews/dropped/missing_title": 2},
     "new items lack title (80% of 10 filled)"),
    ({"finish_reason": "finished", "hospitalnews/articles_known": 5, "spider_exceptions/ValueError": 1},
     "spider raised exceptions"),
    ({"finish_reason": "closespider_timeout", "hospitalnews/articles_new": 3, "item_scraped_count": 3, "fields/items": 3,
      "fields/filled/title": 3, "fields/filled/publish_time": 3},
     "stopped at a site bound: closespider_timeout (setting CLOSESPIDER_TIMEOUT)"),
    ({"finish_reason": "archive_write_failed", "archive/write_failed": 2, "hospitalnews/articles_known": 3,
      "hospitalnews/failures": [{"url": "u", "kind": "archive", "reason": "not archived: OSError: [Errno 28] No space"}]},
     None),   # two problems: checked below
])
def test_broken_rules(stats, problem):
    report = site_report(Job(site="s", spider="s"), stats)
    if stats.get("archive/write_failed"):
        assert report["problems"] == ["errored out: finish reason 'archive_write_failed'",
                                      "archive write failed (2×): not archived: OSError: [Errno 28] No space"]
        assert report["status"] == "broken"
        return
    assert report["problems"] == ([problem] if problem else [])
    assert report["status"] == ("broken" if problem else "ok")


def test_invalid_items_are_counted_from_the_validation_pipeline_drops():
    stats = {"finish_reason": "finished", "hospitalnews/articles_new": 5, "item_scraped_count": 3, "fields/items": 3,
             "fields/filled/title": 3, "fields/filled/publish_time": 3, "hospitalnews/dropped/schema": 2,
             "hospitalnews/dropped/duplicate": 4}
    report = site_report(Job(site="s", spider="s"), stats)
    assert report["invalid"] == 2 and report["status"] == "ok"


def test_registry_option_reaches_the_news_spider_and_a_spider_that_fails_to_start_is_reported(sites, tmp_path):
    # --registry is the one registry of the run: the news spider crawls a site only that file names
    registry = tmp_path / "other-sites.toml"
    registry.write_text(REGISTRY.replace('spider = "nightly_site"', "").replace('key = "orphan"', 'key = "orphan_x"')
                        .replace("www.orphan-hospital.test/", "www.nightly-hospital.test/notice/"), "utf-8")
    settings = {"SPIDER_MODULES": "hospitalnews.spiders,tests.nightly.extra_spiders", "RUNS_DIR": str(tmp_path / "runs")}
    result = scrapy_command(sites.url, ["crawlall", "--registry", str(registry), "--only", "nightly_site,orphan_x,fails_to_start"],
                            tmp_path, settings=settings, feed=False, timeout=120)
    assert "Traceback" not in result.log.split("Spider closed")[-1]
    report = latest_report(tmp_path)
    by_site = {s["site"]: s for s in report["sites"]}
    assert by_site["nightly_site"]["new"] == 12 and by_site["orphan_x"]["new"] == 7, result.log[-3000:]
    assert by_site["nightly_site"]["spider"] == "news"
    failed = by_site["fails_to_start"]
    assert failed["status"] == "broken" and any("cannot start: no such list" in p for p in failed["problems"])
    assert result.returncode == 1 and report["exit_code"] == 1
