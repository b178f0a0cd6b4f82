"""Crash safety at scale: SIGKILL a 2,080-article crawl at 20 random moments, rerunning it each time."""

import json
import random
import signal
import subprocess
import sys
import time

import pytest

from hospitalnews.offline import serve_mirrors

from ..support import REPO, archive_lines, proxy_env
from .site import HOST, article_path, build_site

SECTIONS = {"news": 520, "notice": 520, "kepu": 520, "dangjian": 520}
FAST = {
    "SPIDER_MODULES": "tests.nightly.extra_spiders", "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0",
    "CONCURRENT_REQUESTS": "16", "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "LOG_LEVEL": "WARNING",
    "ARCHIVE_COMMIT_ITEMS": "7", "ARCHIVE_COMMIT_SECONDS": "0.5",
}


def crawl_command(tmp_path, *args):
    cmd = [sys.executable, "-m", "scrapy.cmdline", "crawl", "kill20_site", *args]
    for name, value in {**FAST, "ARCHIVE_DIR": str(tmp_path / "archive")}.items():
        cmd += ["-s", f"{name}={value}"]
    return cmd


def check_archive(tmp_path) -> list[str]:
    ids = []
    for line in archive_lines(tmp_path / "archive", "kill20_site"):
        assert line.endswith(b"\n")
        ids.append(json.loads(line)["id"])   # every line parses
    assert len(ids) == len(set(ids)), "an id was archived twice"
    return ids


@pytest.mark.slow
def test_twenty_kills_lose_nothing_and_duplicate_nothing(tmp_path):
    build_site(tmp_path / "mirrors", SECTIONS, per_page=26)
    rng = random.Random(5)
    kills = []
    with serve_mirrors([tmp_path / "mirrors"]) as proxy:
        env = proxy_env(proxy.url)
        for attempt in range(20):
            # odd attempts re-crawl everything (-a full=1): killed while writing ids the index already has;
            # even ones are the nightly rerun, resuming the walks the last kill cut short
            args = ["-a", "full=1"] if attempt % 2 else []
            proc = subprocess.Popen(crawl_command(tmp_path, *args), cwd=REPO, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            moment = rng.uniform(0.5, 3.0)
            time.sleep(moment)
            finished = proc.poll() is not None
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
            kills.append((round(moment, 2), finished, len(check_archive(tmp_path))))
        final = subprocess.run(crawl_command(tmp_path), cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stderr[-3000:]
    ids = check_archive(tmp_path)
    expected = {f"http://{HOST}{article_path(section, serial)}"
                for section, count in SECTIONS.items() for serial in range(1, count + 1)}
    urls = {json.loads(line)["url"] for line in archive_lines(tmp_path / "archive", "kill20_site")}
    assert urls == expected and len(ids) == 2080
    assert list((tmp_path / "archive" / "kill20_site" / ".staging").glob("*.part")) == []
    # the kills really landed mid-crawl: most runs were cut short, and the archive grew across the kills
    print("kills (moment s, had finished, archived):", kills)
    assert sum(1 for _, finished, _ in kills if not finished) >= 12
    assert kills[0][2] < 2080
