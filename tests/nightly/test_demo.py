"""`hospitalnews demo` end to end: crawlall over every bundled mirror, exit 0, every crawled site ok."""

import json
import subprocess
import sys

import pytest

from hospitalnews.registry import load_sites

from ..support import FIXTURES, REPO, archive_lines, read_jsonl


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    proc = subprocess.run(
        [sys.executable, "-m", "hospitalnews.cli", "demo", "--",
         "-s", f"ARCHIVE_DIR={tmp / 'archive'}", "-s", f"RUNS_DIR={tmp / 'runs'}",
         "-s", f"VIEWS_DIR={tmp / 'views'}", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc, json.loads((tmp / "runs" / "latest.json").read_text("utf-8")), tmp / "archive"


def test_every_mirrored_site_is_crawled_and_ok(demo):
    proc, report, _ = demo
    assert report["exit_code"] == 0 and report["broken"] == []
    sites = {s["site"] for s in report["sites"]}
    mirrored = {site.key for site in load_sites(REPO / "data" / "sites.toml") if site.key != "sph"}
    assert mirrored | {"taianribao", "taishanwanbao"} <= sites   # the e-paper runs once per paper, under its key
    assert all(s["new"] > 0 for s in report["sites"])
    assert "run report:" in proc.stdout


def test_unmirrored_registry_sites_are_named_and_skipped(demo):
    proc, report, archive = demo
    assert "no offline mirror for registered site(s) sph" in proc.stdout
    assert "sph" not in {s["site"] for s in report["sites"]} and not (archive / "sph").exists()


def test_archive_holds_the_dedicated_registry_and_epaper_sites(demo):
    _, _, archive = demo
    assert len(archive_lines(archive, "sd_cancer")) == 9
    archived = [json.loads(line) for line in archive_lines(archive, "tazhongyi")]   # via `news -a site=tazhongyi`
    assert sorted(a["url"] for a in archived) == sorted(e["url"] for e in read_jsonl(FIXTURES / "expected" / "tazhongyi.jsonl"))
    assert archive_lines(archive, "taianribao") and archive_lines(archive, "taishanwanbao")
