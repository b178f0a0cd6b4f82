import subprocess
import sys

import pytest

from ..support import REPO, copy_crawl, proxy_env


def hn(*args):
    return subprocess.run([sys.executable, "-m", "hospitalnews.cli", *args], cwd=REPO, capture_output=True, text=True,
                          env=proxy_env("http://127.0.0.1:9"))


@pytest.fixture
def archive(sd_cancer_crawl, tmp_path):
    """The archive of a real ``scrapy crawl sd_cancer`` (the session's one crawl), copied for this test."""
    return copy_crawl(sd_cancer_crawl[0], tmp_path)


def test_check_passes_on_a_crawled_archive_and_flags_damage(archive):
    ok = hn("archive", "check", "--dir", str(archive))
    assert ok.returncode == 0 and "sd_cancer: 9 articles, OK" in ok.stdout

    segment = next((archive / "sd_cancer").glob("*.jsonl"))
    first_line = segment.read_bytes().splitlines(keepends=True)[0]
    damaged = archive / "sd_cancer" / "zz-by-hand.jsonl"   # someone copied a line back in by hand, and a torn one
    damaged.write_bytes(first_line + first_line[:30])
    bad = hn("archive", "check", "--dir", str(archive))
    assert bad.returncode == 1
    assert "already at" in bad.stdout and "torn line" in bad.stdout and "not JSON" in bad.stdout


def test_rebuild_index(archive, tmp_path):
    site = archive / "sd_cancer"
    for name in (".index.sqlite", ".index.sqlite-wal", ".index.sqlite-shm"):
        (site / name).unlink(missing_ok=True)
    assert hn("archive", "check", "--dir", str(tmp_path / "archive")).returncode == 1  # 9 ids missing from the index
    rebuilt = hn("archive", "rebuild-index", "sd_cancer", "--dir", str(tmp_path / "archive"))
    assert rebuilt.returncode == 0 and "9 ids" in rebuilt.stdout
    assert hn("archive", "check", "--dir", str(tmp_path / "archive")).returncode == 0
