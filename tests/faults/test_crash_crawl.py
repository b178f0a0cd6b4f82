"""Crashes and full disks during real crawls (``scrapy crawl`` / ``scrapy crawlall`` in a subprocess).

* killed after the last article, before the final publish: the next run, with nothing new to fetch,
  still salvages (at open) and every article becomes visible;
* a full disk (injected ENOSPC / SQLITE_FULL, and a real full tmpfs where the machine can mount one):
  the site is broken, crawlall exits 1 with the reason in the report, nothing is archived twice, and
  the next run archives exactly what was missing.
"""

import json
import os
import shutil
import signal
import subprocess
import uuid
from collections import Counter

import pytest

from hospitalnews.archive import SiteArchive
from hospitalnews.nightly.walks import WalkState
from hospitalnews.offline import serve_mirrors

from ..nightly.site import build_site
from ..nightly.spiders import NightlySiteSpider
from ..support import archive_lines, scrapy_command

SPIDERS = {"SPIDER_MODULES": "tests.nightly.spiders"}
REGISTRY = """
[[site]]
key = "nightly_site"
name = "夜间测试医院"
start_urls = ["http://www.nightly-hospital.test/news/"]
spider = "nightly_site"
"""
TOTAL = 19   # news 12 + notice 7


@pytest.fixture
def site(tmp_path):
    build_site(tmp_path / "mirrors", {"news": 12, "notice": 7})
    (tmp_path / "sites.toml").write_text(REGISTRY, "utf-8")
    with serve_mirrors([tmp_path / "mirrors"]) as proxy:
        yield proxy


def crawl(proxy, tmp_path, monkeypatch, fault=None, **settings):
    if fault:
        monkeypatch.setenv("HOSPITALNEWS_FAULT", fault)
    else:
        monkeypatch.delenv("HOSPITALNEWS_FAULT", raising=False)
    return scrapy_command(proxy.url, ["crawl", "nightly_site"], tmp_path, settings={**SPIDERS, **settings}, feed=False)


def crawlall(proxy, tmp_path, monkeypatch, fault=None, **settings):
    if fault:
        monkeypatch.setenv("HOSPITALNEWS_FAULT", fault)
    else:
        monkeypatch.delenv("HOSPITALNEWS_FAULT", raising=False)
    settings = {**SPIDERS, "RUNS_DIR": str(tmp_path / "runs"), **settings}
    result = scrapy_command(proxy.url, ["crawlall", "--registry", str(tmp_path / "sites.toml"), "--only", "nightly_site"],
                            tmp_path, settings=settings, feed=False)
    report = json.loads((tmp_path / "runs" / "latest.json").read_text("utf-8"))
    return result, report["sites"][0]


def ids_archived(archive_dir) -> Counter:
    return Counter(json.loads(line)["id"] for line in archive_lines(archive_dir, "nightly_site"))


def test_killed_after_the_last_article_is_salvaged_by_a_rerun_with_nothing_new(site, tmp_path, monkeypatch):
    killed = crawl(site, tmp_path, monkeypatch, fault="close:before_publish")
    assert killed.returncode == -signal.SIGKILL, killed.log[-2000:]
    assert not ids_archived(tmp_path / "archive")                  # all 19 sit in an abandoned part
    rerun = crawl(site, tmp_path, monkeypatch)
    assert rerun.returncode == 0, rerun.log[-3000:]
    assert rerun.stat("archive/written") == 0 and rerun.stat("archive/salvaged") == TOTAL
    archived = ids_archived(tmp_path / "archive")
    assert len(archived) == TOTAL and set(archived.values()) == {1}


def test_an_unpublished_part_whose_ids_are_indexed_is_published_by_the_next_run(site, tmp_path, monkeypatch):
    """The same state without the seam: a finished crawl's segments put back into .staging as parts."""
    assert crawl(site, tmp_path, monkeypatch).returncode == 0
    site_dir = tmp_path / "archive" / "nightly_site"
    for segment in site_dir.glob("*.jsonl"):
        segment.rename(site_dir / ".staging" / (segment.stem + ".part"))
    rerun = crawl(site, tmp_path, monkeypatch)
    assert rerun.returncode == 0
    archived = ids_archived(tmp_path / "archive")
    assert len(archived) == TOTAL and set(archived.values()) == {1}


@pytest.mark.parametrize("fault", [
    "append:write@6=enospc",              # the disk fills up and stays full
    "append:write@6-7=enospc",            # …and space comes back two articles later
    "append:before_commit@6=sqlite_full",  # the line is written, the index row cannot be
])
def test_a_write_failure_breaks_the_site_loudly_and_the_next_run_archives_the_rest(site, tmp_path, monkeypatch, fault):
    result, report = crawlall(site, tmp_path, monkeypatch, fault=fault)
    assert result.returncode == 1, result.log[-3000:]
    assert report["status"] == "broken"
    assert any("archive write failed" in p and ("No space left" in p or "disk is full" in p) for p in report["problems"])
    assert any(f["kind"] == "archive" for f in report["failures"])
    first = ids_archived(tmp_path / "archive")
    assert 0 < len(first) < TOTAL and set(first.values()) == {1}
    # the walks stay incomplete: the next run pages to the end and fetches whatever was not archived
    # (a first night opens the site's folder only with its first article: its walks have no record, which
    # reads as incomplete, nightly/walks.py)
    walks = WalkState(tmp_path / "archive" / "nightly_site")
    assert not any(walks.was_complete(url) for url in NightlySiteSpider.start_urls)
    again, report = crawlall(site, tmp_path, monkeypatch)
    assert again.returncode == 0 and report["status"] == "ok", again.log[-3000:]
    archived = ids_archived(tmp_path / "archive")
    assert len(archived) == TOTAL and set(archived.values()) == {1}


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 1 MiB tmpfs mounted for this test (needs root and a kernel that lets us mount); skipped otherwise."""
    mount = tmp_path / f"tmpfs-{uuid.uuid4().hex[:6]}"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_really_full_filesystem_breaks_the_site_and_loses_nothing(site, tmp_path, monkeypatch, small_tmpfs):
    archive_dir = small_tmpfs / "archive"
    SiteArchive(archive_dir, "nightly_site").close()               # the index exists, as after earlier nights
    stat = os.statvfs(small_tmpfs)
    filler = small_tmpfs / "filler"
    filler.write_bytes(b"\0" * (stat.f_bavail * stat.f_frsize - 24 * 1024))   # 24 KiB left: a few articles' worth
    result, report = crawlall(site, tmp_path, monkeypatch, ARCHIVE_DIR=str(archive_dir))
    assert result.returncode == 1, result.log[-3000:]
    assert report["status"] == "broken" and any("archive write failed" in p for p in report["problems"])
    first = ids_archived(archive_dir)
    assert len(first) < TOTAL and set(first.values()) <= {1}
    filler.unlink()                                                # space comes back
    again, report = crawlall(site, tmp_path, monkeypatch, ARCHIVE_DIR=str(archive_dir))
    assert again.returncode == 0 and report["status"] == "ok", again.log[-3000:]
    archived = ids_archived(archive_dir)
    assert len(archived) == TOTAL and set(archived.values()) == {1}


def test_only_disk_failures_in_a_spider_callback_break_the_crawl():
    import errno
    import sqlite3

    from hospitalnews.nightly.storage import is_disk_failure

    assert is_disk_failure(OSError(errno.ENOSPC, "No space left on device"))
    assert is_disk_failure(OSError(errno.EIO, "Input/output error"))
    assert is_disk_failure(sqlite3.OperationalError("database or disk is full"))
    assert not is_disk_failure(ConnectionResetError(errno.ECONNRESET, "reset"))
    assert not is_disk_failure(ValueError("a bad page"))
