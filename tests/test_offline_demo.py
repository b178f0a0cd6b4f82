"""`hospitalnews demo` crawls every bundled mirror: the dedicated spiders and, through `news -a site=KEY`,
the registered sites without one (tazhongyi), into the archive."""

import json
import os
import subprocess
import sys

from .support import FIXTURES, REPO, archive_lines, read_jsonl


def test_demo_archives_the_registry_site_through_the_news_spider(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "demo", "--", "-s", f"ARCHIVE_DIR={tmp_path}",
                           "-s", "LOG_LEVEL=WARNING"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    archived = [json.loads(line) for line in archive_lines(tmp_path, "tazhongyi")]
    expected = read_jsonl(FIXTURES / "expected" / "tazhongyi.jsonl")
    assert sorted(a["url"] for a in archived) == sorted(e["url"] for e in expected)
    assert {(a["site"], a["site_name"]) for a in archived} == {("tazhongyi", "泰安市中医医院")}
    assert archive_lines(tmp_path, "sd_cancer")          # the dedicated spider still runs
    assert not (tmp_path / "sph").exists()               # registered, but no mirror: not crawled offline
