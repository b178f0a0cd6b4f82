"""What the tests share: paths, and running the real ``scrapy crawl`` against the offline mirrors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MIRRORS = [REPO / "data" / "mirrors", FIXTURES / "sites"]
# Fast, deterministic crawls of the local mirror (politeness settings are for real sites).
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "LOG_LEVEL": "INFO"}


def proxy_env(proxy_url: str) -> dict[str, str]:
    """The environment of a subprocess whose every HTTP(S) request goes to the mirror proxy."""
    env = dict(os.environ)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env[name] = proxy_url
    env["no_proxy"] = env["NO_PROXY"] = ""
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@dataclass
class CrawlResult:
    returncode: int
    stats: dict
    log: str
    items: list[dict] | None  # the -O feed, when one was asked for

    def stat(self, name: str, default=0):
        return self.stats.get(name, default)


def scrapy_command(proxy_url: str, args: list[str], tmp_path: Path, *, settings: dict | None = None,
                   feed: bool = True, timeout: float = 180, popen: bool = False):
    """``scrapy <args>`` in a subprocess through the mirror proxy. Returns a CrawlResult (or the Popen)."""
    stats_file = tmp_path / f"stats-{time.time_ns()}-{uuid.uuid4().hex[:6]}.json"  # unique per run, even concurrent
    feed_file = stats_file.with_name(stats_file.stem.replace("stats", "feed") + ".jsonl")
    all_settings = {**FAST, "ARCHIVE_DIR": str(tmp_path / "archive"), "STATS_FILE": str(stats_file), **(settings or {})}
    cmd = [sys.executable, "-m", "scrapy.cmdline", *args]
    for name, value in all_settings.items():
        cmd += ["-s", f"{name}={value}"]
    if feed:
        cmd += ["-O", str(feed_file)]
    if popen:
        return subprocess.Popen(cmd, cwd=REPO, env=proxy_env(proxy_url), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    proc = subprocess.run(cmd, cwd=REPO, env=proxy_env(proxy_url), capture_output=True, text=True, timeout=timeout)
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    items = None
    if feed and feed_file.exists():
        items = [json.loads(line) for line in feed_file.read_text("utf-8").splitlines() if line.strip()]
    return CrawlResult(proc.returncode, stats, proc.stdout + proc.stderr, items)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]


def archive_lines(archive_dir: Path, site: str) -> list[bytes]:
    """Every line of every committed segment of a site, raw."""
    lines: list[bytes] = []
    for segment in sorted((archive_dir / site).glob("*.jsonl")):
        lines.extend(segment.read_bytes().splitlines(keepends=True))
    return lines
