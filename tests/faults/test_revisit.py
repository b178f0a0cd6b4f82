"""``-a refresh_views=DAYS`` revisits obey allowed domains: a revisit redirected to another host is not followed."""

import json
import os
import subprocess
import sys

from ..support import REPO, read_jsonl
from .server import FRESH_ARTICLES, fault_server
from .test_faults import SETTINGS


def crawl(server, tmp, *args):
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    settings = {**SETTINGS, "FAULT_SERVER_URL": server.url, "ARCHIVE_DIR": str(tmp / "archive"),
                "VIEWS_DIR": str(tmp / "views"), "STATS_FILE": str(tmp / "stats.json")}
    cmd = [sys.executable, "-m", "scrapy.cmdline", "crawl", "fresh_site", *args]
    for name, value in settings.items():
        cmd += ["-s", f"{name}={value}"]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    return proc, json.loads((tmp / "stats.json").read_text("utf-8"))


def test_a_revisit_redirected_to_another_host_is_not_followed_and_is_recorded(tmp_path):
    with fault_server() as server:
        first, stats = crawl(server, tmp_path)
        assert first.returncode == 0 and stats["archive/written"] == FRESH_ARTICLES, first.stderr[-3000:]
        server.moved = True
        refresh, stats = crawl(server, tmp_path, "-a", "refresh_views=2")
        hits = list(server.hits)
    assert refresh.returncode == 0, refresh.stderr[-3000:]
    assert not [h for h in hits if h[1].startswith("localhost")]           # never followed
    observed = [o for p in (tmp_path / "views").glob("*/*.jsonl") for o in read_jsonl(p)]
    assert observed == []                                                   # no count read on the other host
    skipped = [f for f in stats["hospitalnews/failures"] if f["kind"] == "skipped"]
    assert len(skipped) == FRESH_ARTICLES and all("never followed: http://localhost" in f["reason"] for f in skipped)
    assert all(f["url"].startswith(server.url + "/fresh/a") for f in skipped)


def test_a_view_refresh_killed_before_its_last_publish_is_salvaged_by_the_next_crawl(tmp_path):
    with fault_server() as server:
        assert crawl(server, tmp_path)[0].returncode == 0
        assert crawl(server, tmp_path, "-a", "refresh_views=2")[0].returncode == 0
        views = tmp_path / "views" / "fresh_site"
        for segment in views.glob("*.jsonl"):     # the state of a refresh killed before its final publish
            segment.rename(views / ".staging" / (segment.stem + ".part"))
        again, stats = crawl(server, tmp_path)   # a plain nightly crawl: nothing new, no refresh
    assert again.returncode == 0 and stats.get("archive/salvaged_views") == FRESH_ARTICLES
    assert len([o for p in views.glob("*.jsonl") for o in read_jsonl(p)]) == FRESH_ARTICLES


def test_a_lost_index_is_rebuilt_from_the_segments_before_the_spider_asks_it(tmp_path):
    """After a power cut (or a lost or restored index) the next crawl neither refetches nor re-archives."""
    with fault_server() as server:
        assert crawl(server, tmp_path)[0].returncode == 0
        for name in (".index.sqlite", ".index.sqlite-wal", ".index.sqlite-shm"):
            (tmp_path / "archive" / "fresh_site" / name).unlink(missing_ok=True)
        server.hits.clear()
        again, stats = crawl(server, tmp_path)
        paths = [path for path, _ in server.hits]
    assert again.returncode == 0 and stats.get("archive/reconciled") == FRESH_ARTICLES
    assert not [p for p in paths if p.startswith("/fresh/a")]          # nothing fetched again
    lines = [json.loads(line) for p in (tmp_path / "archive" / "fresh_site").glob("*.jsonl")
             for line in p.read_text("utf-8").splitlines()]
    assert len(lines) == len({r["id"] for r in lines}) == FRESH_ARTICLES
