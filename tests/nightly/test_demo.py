"""`hospitalnews demo` end to end: crawlall over the bundled mirrors, exit 0, a run report with every site ok."""

import json
import subprocess
import sys

from hospitalnews.registry import load_sites

from ..support import REPO, archive_lines


def test_demo_runs_crawlall_on_the_bundled_mirrors(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "hospitalnews.cli", "demo", "--",
         "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}", "-s", f"RUNS_DIR={tmp_path / 'runs'}",
         "-s", f"VIEWS_DIR={tmp_path / 'views'}", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    report = json.loads((tmp_path / "runs" / "latest.json").read_text("utf-8"))
    assert report["exit_code"] == 0 and report["broken"] == []
    sites = {s["site"] for s in report["sites"]}
    assert {site.key for site in load_sites(REPO / "data" / "sites.toml")} <= sites
    assert all(s["new"] > 0 for s in report["sites"])
    assert len(archive_lines(tmp_path / "archive", "sd_cancer")) == 9
    assert "run report:" in proc.stdout
