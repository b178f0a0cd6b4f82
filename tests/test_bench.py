"""bench/run at its tiny size: every section runs and reports (figures are not checked: benchmarks are
not timed tests). The crawl section needs nginx and is reported as skipped without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .support import REPO


@pytest.mark.slow
def test_bench_run_tiny_reports_every_section(tmp_path):
    out = tmp_path / "bench.json"
    env = {**os.environ, "BENCH_PYTHON": sys.executable}
    proc = subprocess.run([str(REPO / "bench" / "run"), "--tiny", "--json", str(out)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=280)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    results = json.loads(out.read_text("utf-8"))
    for section in ("crawl", "extraction", "large_pages", "startup", "index", "lists", "dates"):
        assert section in results, section
    crawl = results["crawl"]
    if "skipped" not in crawl:
        pair = crawl["pairs"][0]
        # both spiders fetched the whole site; the news spider archived every article
        assert pair["bare"]["pages"] == pair["news"]["pages"] > 0
        assert pair["news"]["items"] == pair["bare"]["items"] == 25
        assert crawl["rerun_requests"] < crawl["first_crawl_requests"]
    ours = results["extraction"]["hospitalnews extract_article"]
    assert ours["pages"] > 0 and set(ours["accuracy"]) == {"title", "publish_time", "authors", "content"}
    assert "magic-html 0.1.8" in results["extraction"]  # measured, or skipped with the reason
    assert results["index"]["1000"]["hits"] == 500
    assert results["lists"]["entries_found"] == 25
    assert 0 <= results["dates"]["share_reaching"] <= 1
    assert "summary" in proc.stdout
