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
