"""A page over its CPU budget (PAGE_CPU_BUDGET) is abandoned with a failure record; the crawl goes on."""

import json
import os
import subprocess
import sys

import pytest

from ..support import REPO, archive_lines
from .server import HEAVY, HEAVY_OVER_BUDGET, fault_server, heavy_title
from .test_faults import SETTINGS


@pytest.mark.parametrize("processes", ["2", "0"])   # extraction in the pool's workers, and in the crawl process
def test_pages_over_the_cpu_budget_are_abandoned_and_the_crawl_goes_on(tmp_path, processes):
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    with fault_server() as server:
        settings = {**SETTINGS, "SPIDER_MODULES": "hospitalnews.spiders", "DOWNLOAD_MAXSIZE": str(16 << 20),
                    "PAGE_CPU_BUDGET": "0.05", "ARCHIVE_DIR": str(tmp_path / "archive"),
                    "STATS_FILE": str(tmp_path / "stats.json"), "EXTRACT_PROCESSES": processes}
        cmd = [sys.executable, "-m", "scrapy.cmdline", "crawl", "news", "-a", f"start_url={server.url}/heavy/",
               "-a", "site=heavy_site"]
        for name, value in settings.items():
            cmd += ["-s", f"{name}={value}"]
        # a 60,000-paragraph or 60,000-row page costs several times the budget even read up to
        # document.MAX_ELEMENTS elements (parse, count, re-parse, extract); ordinary pages take a few ms
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=90)
    stats = json.loads((tmp_path / "stats.json").read_text("utf-8"))
    assert stats["finish_reason"] == "finished", proc.stderr[-3000:]
    titles = sorted(json.loads(line)["title"] for line in archive_lines(tmp_path / "archive", "heavy_site"))
    assert titles == sorted(heavy_title(slug) for slug in HEAVY if slug not in HEAVY_OVER_BUDGET)
    over = {f["url"].rsplit("/", 1)[1]: f["reason"] for f in stats["hospitalnews/failures"] if f["kind"] == "budget"}
    assert set(over) == {f"{slug}.html" for slug in HEAVY_OVER_BUDGET}
    assert all("PAGE_CPU_BUDGET 0.05 s" in r for r in over.values())
    assert stats["hospitalnews/over_budget"] == len(HEAVY_OVER_BUDGET)
