"""Run reports that say what happened: unreachable ≠ no issue today ≠ layout changed; stale sites;
a missed e-paper day is fetched on the next night."""

from __future__ import annotations

import json
import re

import pytest

from hospitalnews.nightly.issues import IssueLog

from ..support import scrapy_command

pytestmark = pytest.mark.slow   # several real crawls each (10-30 s on a busy machine)

REGISTRY = """
[[site]]
key = "gone"
name = "已下线医院"
start_urls = ["http://nowhere.invalid/news/"]
"""


def crawlall(mirror, tmp_path, *args, settings=None, env_proxy=None):
    registry = tmp_path / "sites.toml"
    registry.write_text(REGISTRY, "utf-8")
    return scrapy_command(env_proxy or mirror.url, ["crawlall", "--registry", str(registry), *args], tmp_path,
                          settings={"RUNS_DIR": str(tmp_path / "runs"), **(settings or {})}, feed=False)


def latest(tmp_path) -> dict:
    return json.loads((tmp_path / "runs" / "latest.json").read_text("utf-8"))


def test_unreachable_site_and_a_day_without_issue_are_told_apart(mirror, tmp_path, monkeypatch):
    from .. import support
    # nowhere.invalid is resolved by the crawl itself, as on a live night: the DNS lookup fails
    monkeypatch.setattr(support, "proxy_env", _proxy_env_keeping_no_proxy(support.proxy_env))
    result = crawlall(mirror, tmp_path, "--only", "gone,taianribao",
                      settings={"EPAPER_SINCE": "2024-02-07", "EPAPER_UNTIL": "2024-02-07", "RETRY_TIMES": "0"})
    report = latest(tmp_path)
    by_site = {s["site"]: s for s in report["sites"]}
    assert result.returncode == 1, result.log[-3000:]
    gone, paper = by_site["gone"], by_site["taianribao"]
    assert gone["status"] == "unreachable" and report["unreachable"] == ["gone"] and report["broken"] == []
    assert gone["problems"][0].startswith("site unreachable: CannotResolveHostError: DNS lookup failed")
    assert paper["status"] == "ok" and paper["problems"] == [] and paper["notes"] == ["no issue published (1 issue page(s) missing)"]
    assert "UNREACHABLE gone: site unreachable: CannotResolveHostError" in result.log
    assert "NOTE taianribao: no issue published" in result.log


def _proxy_env_keeping_no_proxy(original):
    def proxy_env(url):
        env = original(url)
        env["no_proxy"] = env["NO_PROXY"] = "nowhere.invalid"
        return env
    return proxy_env


def test_a_site_without_new_articles_for_n_runs_is_flagged_stale(mirror, tmp_path):
    settings = {"CRAWLALL_STALE_NIGHTS": "2"}
    for night, (new, stale) in enumerate([(9, False), (0, False), (0, True)], start=1):
        result = crawlall(mirror, tmp_path, "--only", "sd_cancer", settings=settings)
        site = latest(tmp_path)["sites"][0]
        assert result.returncode == 0 and (site["new"], site["stale"]) == (new, stale), (night, result.log[-2000:])
    assert latest(tmp_path)["stale"] == ["sd_cancer"] and site["nights_without_new"] == 2
    assert "STALE sd_cancer: no new article for 2 runs in a row" in result.log
    # one labelled line per site, not Scrapy's unlabelled stats dump per crawler
    assert "Dumping Scrapy stats" not in result.log and re.search(r"^sd_cancer +ok +\d+ +0 ", result.log, re.M)


def test_a_missed_e_paper_day_is_fetched_the_next_night(mirror, tmp_path):
    nightly = {"EPAPER_CATCH_UP_DAYS": "2", "RETRY_TIMES": "0"}
    # night of 2024-02-06: the paper's site cannot be reached (no proxy answers)
    down = scrapy_command("http://127.0.0.1:9", ["crawl", "epaper", "-a", "paper=taianribao"], tmp_path,
                          settings={**nightly, "EPAPER_TODAY": "2024-02-06"})
    assert down.stat("archive/written") == 0 and down.stat("epaper/issues") == 0
    log = IssueLog(tmp_path / "archive" / "taianribao")
    assert log.days == {}
    # next night: 2024-02-07 has no issue yet; 02-06 and 02-05, missed, are fetched now
    up = scrapy_command(mirror.url, ["crawl", "epaper", "-a", "paper=taianribao"], tmp_path,
                        settings={**nightly, "EPAPER_TODAY": "2024-02-07"})
    assert up.returncode == 0 and up.stat("epaper/issues") == 2 and up.stat("epaper/issues_missing") == 1
    days = {item["publish_time"][:10] for item in up.items}
    assert days == {"2024-02-05", "2024-02-06"} and up.stat("archive/written") == len(up.items) > 0
    assert IssueLog(tmp_path / "archive" / "taianribao").days == {"2024-02-05": "complete", "2024-02-06": "complete"}
    # the night after: closed days are not asked again, only today's issue
    again = scrapy_command(mirror.url, ["crawl", "epaper", "-a", "paper=taianribao"], tmp_path,
                           settings={**nightly, "EPAPER_TODAY": "2024-02-07"})
    assert again.stat("epaper/issues") == 0 and again.stat("epaper/issues_missing") == 1
