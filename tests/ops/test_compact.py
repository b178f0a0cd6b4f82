"""``hospitalnews archive compact``: a site's many small segments become one, and a reader listing the
archive at any moment meanwhile sees every article exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
import threading

from hospitalnews.archive import SiteArchive
from hospitalnews.archive.compact import compact_site

from ..support import REPO


def record(n: int, site: str = "sd_cancer") -> dict:
    return {"id": f"{n:016x}", "url": f"http://www.sd-cancer.com/news_hos/2024/{n:08d}.html", "site": site,
            "site_name": "山东第一医科大学附属肿瘤医院", "category": None, "title": f"标题{n}", "kicker": None,
            "subtitle": None, "publish_time": None, "publish_time_raw": None, "source": None, "authors": [],
            "view_count": n, "view_count_raw": str(n), "summary": None, "content": "正文", "images": [],
            "attachments": [], "institutions": [], "crawled_at": "2026-01-01T00:00:00+00:00", "schema_version": 1}


def snapshot(site_dir) -> list[str] | None:
    """The ids a glob reader sees, or None when a segment vanished between listing and reading (read again)."""
    ids = []
    for segment in sorted(site_dir.glob("*.jsonl")):
        try:
            ids += [json.loads(line)["id"] for line in segment.read_bytes().splitlines()]
        except FileNotFoundError:
            return None
    return ids


def test_compact_merges_segments_and_readers_never_see_a_missing_or_doubled_article(tmp_path):
    root = tmp_path / "archive"
    archive = SiteArchive(root, "sd_cancer", commit_items=5)
    for n in range(200):
        archive.append(record(n))
    archive.close()
    (root / "sd_cancer" / ".walks.json").write_text('{"x": {"complete": true}}', "utf-8")
    expected = sorted(f"{n:016x}" for n in range(200))
    assert len(list((root / "sd_cancer").glob("*.jsonl"))) == 40

    seen, stop = [], threading.Event()

    def reader():
        while not stop.is_set():
            ids = snapshot(root / "sd_cancer")
            if ids is not None:
                seen.append(sorted(ids))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        assert compact_site(root, "sd_cancer") == (40, 200)
    finally:
        stop.set()
        thread.join()
    assert seen and all(ids == expected for ids in seen), "a reader saw a missing or doubled article"
    assert len(list((root / "sd_cancer").glob("*.jsonl"))) == 1
    assert (root / "sd_cancer" / ".walks.json").read_text("utf-8") == '{"x": {"complete": true}}'

    # the compacted site takes appends as before, and still refuses a known id
    archive = SiteArchive(root, "sd_cancer")
    assert not archive.append(record(3)) and archive.append(record(500))
    archive.close()
    check = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "check", "--dir", str(root)],
                           cwd=REPO, capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and "sd_cancer: 201 articles, OK" in check.stdout, check.stdout


def test_compact_command_and_refusal_while_a_writer_is_live(tmp_path):
    root = tmp_path / "archive"
    archive = SiteArchive(root, "sd_cancer", commit_items=2)
    for n in range(6):
        archive.append(record(n))
    archive.append(record(99))   # an open part: a live writer
    busy = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "compact", "sd_cancer",
                           "--dir", str(root)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert busy.returncode == 2 and "a crawl is writing sd_cancer" in busy.stderr
    archive.close()
    done = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "compact", "--all", "--dir", str(root)],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "sd_cancer: 4 segment(s) → 1, 7 articles" in done.stdout, done.stdout + done.stderr
