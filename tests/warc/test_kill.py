"""kill -9 in the middle of a crawl: every visible WARC file reads back whole, and the next crawl of
the site publishes what the killed one had written (its whole records; a torn tail is cut off)."""

import os
import signal
import time

import pytest

from hospitalnews.warc.files import complete_members_end

from ..support import scrapy_command
from .support import read_warc, site_records

ARGS = ["crawl", "news", "-a", "start_url=http://www.dede-hospital.test/a/yyxw/", "-a", "site=dede"]


def whole_part_records(part, tmp_path):
    """The records of the whole gzip members of a part (what salvage must keep)."""
    fd = os.open(part, os.O_RDONLY)
    try:
        end = complete_members_end(fd)
    finally:
        os.close(fd)
    prefix = tmp_path / "prefix.warc.gz"
    prefix.write_bytes(part.read_bytes()[:end])
    return read_warc(prefix)


@pytest.mark.slow
def test_kill_9_mid_crawl(mirror, tmp_path):
    site_dir = tmp_path / "warc" / "dede"
    slow = {"DOWNLOAD_DELAY": "0.25", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "WARC_COMMIT_SECONDS": "1"}
    proc = scrapy_command(mirror.url, ARGS, tmp_path, settings=slow, feed=False, popen=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:   # a published file, and a live part with records after it
            parts = list((site_dir / ".staging").glob("*.part")) if site_dir.exists() else []
            if list(site_dir.glob("*.warc.gz")) and parts and parts[0].stat().st_size > 3000:
                break
            assert proc.poll() is None, "the crawl ended before it could be killed"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    # what readers can see is whole
    visible = [r for f in sorted(site_dir.glob("*.warc.gz")) for r in read_warc(f)]
    [part] = list((site_dir / ".staging").glob("*.part"))
    kept = visible + whole_part_records(part, tmp_path)
    assert [r for r in kept if r.type == "response"]
    # the next crawl salvages the part and finishes the site
    again = scrapy_command(mirror.url, ARGS, tmp_path)
    assert again.returncode == 0, again.log[-3000:]
    assert again.stat("warc/salvaged_files") == 1
    assert list((site_dir / ".staging").glob("*.part")) == []
    after = {r.id for r in site_records(tmp_path / "warc", "dede")}   # every record reads back
    assert {r.id for r in kept} <= after
