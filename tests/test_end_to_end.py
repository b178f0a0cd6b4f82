"""The archive through the real crawl: files, reruns, -O, and kill -9 at random moments."""

import json
import random
import signal
import time

from .support import FIXTURES, archive_lines, copy_crawl, read_jsonl, scrapy_command

EXPECTED_IDS = sorted(item["id"] for item in read_jsonl(FIXTURES / "sd_cancer" / "expected.jsonl"))


def archived_ids(archive_dir, site="sd_cancer"):
    return [json.loads(line)["id"] for line in archive_lines(archive_dir, site)]


def test_archive_file_rerun_adds_nothing_and_dash_O_still_exports(sd_cancer_crawl, scrapy_run, tmp_path):
    work, first = sd_cancer_crawl   # the first crawl (the session's, shared): its archive continues here
    assert first.returncode == 0 and first.stat("archive/written") == 9
    copy_crawl(work, tmp_path)
    lines = archive_lines(tmp_path / "archive", "sd_cancer")
    assert len(lines) == 9
    for line in lines:
        record = json.loads(line.decode("utf-8"))   # UTF-8, one object per line
        assert "\\u" not in line.decode("utf-8")    # Chinese unescaped
        assert record["schema_version"] == 1
    assert sorted(archived_ids(tmp_path / "archive")) == EXPECTED_IDS

    # the nightly rerun: nothing new is fetched and nothing is written twice
    second = scrapy_run(["crawl", "sd_cancer"])
    assert second.returncode == 0
    assert second.stat("archive/written") == 0
    assert second.stat("hospitalnews/articles_known") >= 4
    assert sorted(archived_ids(tmp_path / "archive")) == EXPECTED_IDS

    # a full one-off re-crawl still exports everything with -O, and still writes no duplicate
    full = scrapy_run(["crawl", "sd_cancer", "-a", "full=1"])
    assert len(full.items) == 9
    assert full.stat("archive/already_archived") == 9
    assert sorted(archived_ids(tmp_path / "archive")) == EXPECTED_IDS


def test_archive_can_be_switched_off_for_a_pure_export(scrapy_run, tmp_path):
    result = scrapy_run(["crawl", "sd_cancer", "-a", "max_pages=1"], settings={"ARCHIVE_ENABLED": "0"})
    assert len(result.items) == 4 and result.stat("hospitalnews/list_pages") == 1
    assert not (tmp_path / "archive" / "sd_cancer").exists() or archive_lines(tmp_path / "archive", "sd_cancer") == []


def test_kill_9_never_leaves_a_torn_line_and_the_next_run_completes(mirror, tmp_path):
    rng = random.Random(20260123)
    slow = {"DOWNLOAD_DELAY": "0.12", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "ARCHIVE_COMMIT_ITEMS": "2"}
    for _ in range(5):
        proc = scrapy_command(mirror.url, ["crawl", "sd_cancer"], tmp_path, settings=slow, feed=False, popen=True)
        time.sleep(rng.uniform(0.4, 2.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
        for line in archive_lines(tmp_path / "archive", "sd_cancer"):   # readers never see a torn line
            assert line.endswith(b"\n")
            json.loads(line)
        ids = archived_ids(tmp_path / "archive")
        assert len(ids) == len(set(ids))
    final = scrapy_command(mirror.url, ["crawl", "sd_cancer", "-a", "full=1"], tmp_path, feed=False)
    assert final.returncode == 0
    assert sorted(archived_ids(tmp_path / "archive")) == EXPECTED_IDS
    assert list((tmp_path / "archive" / "sd_cancer" / ".staging").glob("*.part")) == []
