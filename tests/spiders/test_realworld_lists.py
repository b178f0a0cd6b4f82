"""News lists rebuilt from real hospital sites, crawled end to end through the real ``scrapy crawl news``.

Each case of tests/fixtures/realworld_lists/ (``list-NN``: copied from the shared realworld-lists
cases; ``form-*``: a second form of each kind, written by _make_cases.py) is served on 127.0.0.1 and
a free port by caseserver.py and crawled from its start URL alone. A case passes with every expected
article (url path + query, title, publish_time), nothing else archived, and a crawl that ends by
itself (finish reason ``finished``, far from the page bound). The cases whose lists cannot be fully
followed must say so: the self-check's shortfall and the needing-an-override report reach the run
report (nightly/report.py) as a broken site.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest

from hospitalnews.nightly.walks import WalkState

from hospitalnews.nightly.report import Job, site_report

from ..support import FAST, FIXTURES, REPO, CrawlResult, read_jsonl

CASES_DIR = FIXTURES / "realworld_lists"
_spec = importlib.util.spec_from_file_location("caseserver", CASES_DIR / "caseserver.py")
caseserver = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(caseserver)

CASES = sorted(d.name for d in CASES_DIR.iterdir() if (d / "case.json").exists())
BOUND = 60   # CLOSESPIDER_PAGECOUNT: a crawl that reaches it did not end by itself


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def run_news(server, start_url: str, tmp_path, *extra: str) -> CrawlResult:
    """``scrapy crawl news -a start_url=…`` against a case server (no proxy), archive in tmp_path/archive."""
    stamp = time.time_ns()
    stats_file, feed = tmp_path / f"stats-{stamp}.json", tmp_path / f"feed-{stamp}.jsonl"
    settings = {**FAST, "ARCHIVE_DIR": str(tmp_path / "archive"), "STATS_FILE": str(stats_file),
                "CLOSESPIDER_PAGECOUNT": str(BOUND)}
    cmd = [sys.executable, "-m", "scrapy.cmdline", "crawl", "news", "-a", f"start_url={start_url}", *extra,
           "-O", str(feed)]
    for key, value in settings.items():
        cmd += ["-s", f"{key}={value}"]
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    items = read_jsonl(feed) if feed.exists() else []
    return CrawlResult(proc.returncode, stats, proc.stdout + proc.stderr, items)


def crawl_case(name: str, tmp_path) -> tuple[CrawlResult, list, dict]:
    case_dir = CASES_DIR / name
    meta = json.loads((case_dir / "case.json").read_text("utf-8"))
    with caseserver.serve(case_dir) as server:
        result = run_news(server, server.origin + meta["start_path"], tmp_path)
        requests = list(server.requests)
    return result, requests, meta


@pytest.mark.parametrize("name", CASES)
def test_every_listed_article_and_nothing_else(name, tmp_path):
    result, requests, meta = crawl_case(name, tmp_path)
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("finish_reason") == "finished", result.log[-3000:]     # ended by itself, not by the bound
    assert len([r for r in requests if r[1] != "/robots.txt"]) < BOUND
    expected = {e["url_path"]: e for e in read_jsonl(CASES_DIR / name / "expected.jsonl")}
    got = {path_of(item["url"]): item for item in result.items}
    assert sorted(got) == sorted(expected), result.log[-3000:]
    wrong = [(p, field, got[p].get(field), expected[p][field])
             for p in expected for field in ("title", "publish_time") if got[p].get(field) != expected[p][field]]
    assert wrong == []
    failures = result.stat("hospitalnews/failures", [])
    report = site_report(Job(site=name, spider="news"), result.stats)
    if name == "form-shortfall":   # the pages behind onclick="nextPage()" cannot be followed: loudly so
        assert any(f["kind"] == "shortfall" and "found 4 of 12 stated" in f["reason"] for f in failures), failures
        assert any(f["kind"] == "pagination" for f in failures), failures
        assert report["status"] == "broken" and any("found 4 of 12 stated" in p for p in report["problems"])
        walks = WalkState(tmp_path / "archive" / "127_0_0_1")
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(result.items[0]["url"]))
        assert not walks.was_complete(origin + meta["start_path"])   # the next run pages it all again
    elif name == "form-needs-override":
        assert any(f["kind"] == "needs_override" for f in failures), failures
        assert report["status"] == "broken"
    else:
        assert [f for f in failures if f["kind"] != "skipped"] == []
        assert result.stat("log_count/ERROR") == 0, result.log[-3000:]
        assert report["status"] == "ok", report["problems"]
    offsite = meta.get("offsite", [])
    assert result.stat("hospitalnews/offsite_entries") == len(offsite)
    if offsite:   # reported with their titles and URLs, never requested
        assert sorted((o["url"], o["title"]) for o in result.stat("hospitalnews/offsite")) == sorted(
            (o["url"], o["title"]) for o in offsite)
        assert sorted((o["url"], o["title"]) for o in report["offsite_entries"]) == sorted(
            (o["url"], o["title"]) for o in offsite)


def test_pinned_old_entries_never_stop_an_incremental_walk(tmp_path):
    """list-08: two pinned 2023 cards above every page. A nightly run whose archive holds them (and page 1)
    still pages on to page 2 and archives its articles: known pinned entries are neither new nor an end."""
    case_dir = CASES_DIR / "list-08"
    meta = json.loads((case_dir / "case.json").read_text("utf-8"))
    with caseserver.serve(case_dir) as server:
        start = server.origin + meta["start_path"]
        first = run_news(server, start, tmp_path, "-a", "max_pages=1")
        assert first.returncode == 0 and len(first.items) == 6          # 2 pinned + page 1's 4
        walks = tmp_path / "archive" / "127_0_0_1" / ".walks.json"     # as if that walk had ended normally
        walks.write_text(json.dumps({start: {"complete": True}}), "utf-8")
        second = run_news(server, start, tmp_path)
    assert second.returncode == 0, second.log[-3000:]
    expected = {e["url_path"] for e in read_jsonl(case_dir / "expected.jsonl")}
    assert {path_of(i["url"]) for i in second.items} == expected - {path_of(i["url"]) for i in first.items}
    assert second.stat("hospitalnews/articles_known") >= 6
