"""An operator's and an analyst's runs of a checkout, as the README gives them.

Each test works on a copy of the project (tests never write the real checkout's data/), run with
the copy's package first on the path, as a fresh clone would be.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..support import FAST, REPO, read_jsonl

pytestmark = pytest.mark.slow   # several real crawls each (10-30 s on a busy machine)

COPY = ["hospitalnews", "data/sites.toml", "data/papers.toml", "scrapy.cfg", "docs"]
STATIC = "https://www.static-hospital.test/news/"   # a fixture site no registry names (15 articles)


@pytest.fixture
def checkout(tmp_path):
    root = tmp_path / "checkout"
    for name in COPY:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    return root


def scrapy(mirror, root: Path, cwd: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("HOSPITALNEWS_DATA_DIR", "HOSPITALNEWS_ROOT")}
    for name in ("http_proxy", "https_proxy"):
        environment[name] = mirror.url
    environment.update({"no_proxy": "", "PYTHONPATH": str(root), **(env or {})})
    settings = [f"-s{k}={v}" for k, v in FAST.items()]
    return subprocess.run([sys.executable, "-m", "scrapy.cmdline", *args, *settings], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=180)


def archived(archive: Path, site: str) -> list[dict]:
    return [r for segment in sorted((archive / site).glob("*.jsonl")) for r in read_jsonl(segment)]


def summary_line(proc, site: str) -> str:
    lines = [line for line in proc.stderr.splitlines() if line.startswith(f"{site}: ")]
    assert len(lines) == 1, proc.stderr[-3000:]
    return lines[0]


def test_paths_follow_the_project_root_not_the_working_directory(mirror, checkout):
    first = scrapy(mirror, checkout, checkout / "docs", "crawl", "sd_cancer")
    assert first.returncode == 0, first.stderr[-3000:]
    archive = checkout / "data" / "archive"
    assert len(archived(archive, "sd_cancer")) == 9
    assert not (checkout / "docs" / "data").exists()
    assert summary_line(first, "sd_cancer") == (f"sd_cancer: finished; 9 new, 0 known, 0 failed, 0 invalid; "
                                                f"archived in {archive / 'sd_cancer'}")
    # from another directory: the same archive, nothing fetched twice
    again = scrapy(mirror, checkout, checkout / "hospitalnews" / "spiders", "crawl", "sd_cancer")
    assert re.match(r"sd_cancer: finished; 0 new, [1-9]\d* known", summary_line(again, "sd_cancer"))
    # the registry is found from docs/ too (news -a site=KEY), and crawlall's runs/ lands in data/runs
    news = scrapy(mirror, checkout, checkout / "docs", "crawl", "news", "-a", "site=tazhongyi")
    assert news.returncode == 0 and len(archived(archive, "tazhongyi")) == 9, news.stderr[-3000:]
    nightly = scrapy(mirror, checkout, checkout / "docs", "crawlall", "--only", "sd_cancer,tazhongyi")
    assert nightly.returncode == 0, nightly.stdout[-2000:] + nightly.stderr[-2000:]
    assert (checkout / "data" / "runs" / "latest.json").exists() and not (checkout / "docs" / "data").exists()
    # an explicit data directory wins (scrapyd, cron on another disk)
    elsewhere = checkout.parent / "elsewhere"
    moved = scrapy(mirror, checkout, checkout / "docs", "crawl", "sd_cancer",
                   env={"HOSPITALNEWS_DATA_DIR": str(elsewhere)})
    assert "9 new" in summary_line(moved, "sd_cancer") and len(archived(elsewhere / "archive", "sd_cancer")) == 9


def test_export_only_holds_what_was_asked_for_however_full_the_archive(mirror, checkout, tmp_path):
    archive = checkout / "data" / "archive"
    assert scrapy(mirror, checkout, checkout, "crawl", "sd_cancer").returncode == 0
    segments = sorted(p.name for p in (archive / "sd_cancer").iterdir())
    out = tmp_path / "out.jsonl"
    export = scrapy(mirror, checkout, checkout / "docs", "crawl", "sd_cancer", "-s", "ARCHIVE_ENABLED=0", "-O", str(out))
    assert export.returncode == 0, export.stderr[-3000:]
    items = read_jsonl(out)
    assert sorted(i["id"] for i in items) == sorted(r["id"] for r in archived(archive, "sd_cancer"))
    assert sorted(p.name for p in (archive / "sd_cancer").iterdir()) == segments   # archive untouched
    assert "export only (ARCHIVE_ENABLED=0), archive untouched" in summary_line(export, "sd_cancer")
    # max_pages still bounds an export: the first list page's articles only
    first_page = scrapy(mirror, checkout, checkout / "docs", "crawl", "sd_cancer", "-a", "max_pages=1",
                        "-s", "ARCHIVE_ENABLED=0", "-O", str(out))
    assert first_page.returncode == 0 and 0 < len(read_jsonl(out)) < len(items)


def test_one_article_is_one_line_in_the_whole_archive(mirror, checkout):
    archive = checkout / "data" / "archive"
    # the README's way to add a site: a trial run (archived under the host's key) …
    trial = scrapy(mirror, checkout, checkout, "crawl", "news", "-a", f"start_url={STATIC}")
    assert "15 new" in summary_line(trial, "static_hospital_test"), trial.stderr[-3000:]
    # … then the site registered under its own key: nothing is archived a second time
    registered = scrapy(mirror, checkout, checkout, "crawl", "news", "-a", "site=static", "-a", f"start_url={STATIC}")
    assert re.search(r"; 0 new, [1-9]\d* known", summary_line(registered, "static")), registered.stderr[-3000:]
    assert not list((archive / "static").glob("*.jsonl"))
    # an unregistered URL on a registered host takes that site's key
    other_column = scrapy(mirror, checkout, checkout, "crawl", "news", "-a", "start_url=http://www.sd-cancer.com/news_hos",
                          "-a", "max_pages=1")
    assert summary_line(other_column, "sd_cancer").startswith("sd_cancer: finished;"), other_column.stderr[-3000:]
    assert not (archive / "www_sd_cancer_com").exists() and not (archive / "sd_cancer_com").exists()

    # a URL that leads nowhere (the host is not there) leaves no site directory behind
    nowhere = scrapy(mirror, checkout, checkout, "crawl", "news", "-a", "start_url=http://www.not-mirrored.test/news/")
    assert "1 failed" in summary_line(nowhere, "not_mirrored_test") and not (archive / "not_mirrored_test").exists()

    check = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "check", "--dir", str(archive)],
                           cwd=REPO, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0, check.stdout
    # a line copied by hand under another key is reported
    (archive / "copied").mkdir()
    segment = next((archive / "static_hospital_test").glob("*.jsonl"))
    (archive / "copied" / "by-hand.jsonl").write_bytes(segment.read_bytes().splitlines(keepends=True)[0])
    check = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "check", "--dir", str(archive)],
                           cwd=REPO, capture_output=True, text=True, timeout=60)
    assert check.returncode == 1 and "(one article, two site keys)" in check.stdout, check.stdout


def test_a_registry_setting_reaches_the_generic_spider(mirror, checkout, tmp_path):
    registry = tmp_path / "mine.toml"
    registry.write_text(f'[[site]]\nkey = "mine"\nname = "我的医院"\nstart_urls = ["{STATIC}"]\n', "utf-8")
    proc = scrapy(mirror, checkout, checkout, "crawl", "news", "-a", "site=mine", "-a", "max_pages=1",
                  "-s", f"SITES_REGISTRY={registry}")
    assert re.match(r"mine: finished; [1-9]\d* new", summary_line(proc, "mine")), proc.stderr[-3000:]
    assert {r["site_name"] for r in archived(checkout / "data" / "archive", "mine")} == {"我的医院"}


def test_the_summary_names_errors_a_pipeline_raised(mirror, checkout, tmp_path):
    """scrapyd once ran jobs whose every item failed in a pipeline and still said "finished"."""
    broken = tmp_path / "brokenpipe"
    broken.mkdir()
    (broken / "failing_pipeline.py").write_text(
        "class Failing:\n    def process_item(self, item):\n        raise ImportError('No module named jsonschema')\n",
        "utf-8")
    proc = scrapy(mirror, checkout, checkout, "crawl", "sd_cancer", "-a", "max_pages=1",
                  "-s", "ITEM_PIPELINES={\"failing_pipeline.Failing\": 50}",
                  env={"PYTHONPATH": f"{checkout}{os.pathsep}{broken}"})
    line = summary_line(proc, "sd_cancer")
    assert re.search(r"; 0 new, .* [1-9]\d* error\(s\) in the log$", line), line
