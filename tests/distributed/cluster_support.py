"""What the distributed tests share: a redis-server on a free port, a generated site behind a slow proxy,
and workers (real ``scrapy crawl`` subprocesses)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from hospitalnews.offline.mirror import MirrorProxy, _ProxyHandler

from ..support import REPO, proxy_env

REDIS = shutil.which("redis-server")


@contextmanager
def redis_server(workdir: Path):
    """A private redis-server on 127.0.0.1 and a free port; yields its URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(workdir)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


class _SlowHandler(_ProxyHandler):
    def _answer(self, send_body: bool):
        time.sleep(self.server.delay)
        with self.server.lock:
            self.server.log.append((time.monotonic(), self.path))
        super()._answer(send_body)


class SlowMirrorProxy(MirrorProxy):
    """The mirror proxy, answering each request after ``delay`` seconds (a real server's latency)."""

    def __init__(self, mirror_dirs, delay: float):
        super().__init__(mirror_dirs)
        self.RequestHandlerClass = _SlowHandler
        self.delay = delay
        self.lock = threading.Lock()
        self.log: list[tuple[float, str]] = []


@contextmanager
def slow_mirrors(mirror_dirs, delay: float):
    proxy = SlowMirrorProxy(mirror_dirs, delay)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()


# Fast local settings: one worker holds few requests, so the rest wait in Redis for any worker.
WORKER = {
    "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "ROBOTSTXT_OBEY": "0",
    "CONCURRENT_REQUESTS": "4", "CONCURRENT_REQUESTS_PER_DOMAIN": "4", "LOG_LEVEL": "WARNING",
    "ARCHIVE_COMMIT_ITEMS": "20", "ARCHIVE_COMMIT_SECONDS": "0.5",
    "DISTRIBUTED_HEARTBEAT_TTL": "2", "DISTRIBUTED_POLL_SECONDS": "0.2",
}


def worker(proxy_url: str, redis_url: str, archive_dir: Path, args: list[str], *, settings: dict | None = None,
           stats_file: Path | None = None, log_file: Path | None = None) -> subprocess.Popen:
    """One worker: ``scrapy <args>`` with REDIS_URL set (the distributed add-on does the rest)."""
    all_settings = {**WORKER, "REDIS_URL": redis_url, "ARCHIVE_DIR": str(archive_dir), **(settings or {})}
    if stats_file:
        all_settings["STATS_FILE"] = str(stats_file)
    cmd = [sys.executable, "-m", "scrapy.cmdline", *args]
    for name, value in all_settings.items():
        cmd += ["-s", f"{name}={value}"]
    out = open(log_file, "wb") if log_file else subprocess.DEVNULL
    return subprocess.Popen(cmd, cwd=REPO, env=proxy_env(proxy_url), stdout=out, stderr=subprocess.STDOUT)


def archived(archive_dirs: list[Path], site: str) -> list[dict]:
    """Every committed line of ``site`` in the union of several machines' ARCHIVE_DIRs."""
    from hospitalnews.archive.store import segment_paths

    records = []
    for root in archive_dirs:
        for path in segment_paths(Path(root) / site):
            raw = path.read_bytes()
            assert raw.endswith(b"\n"), path
            records += [json.loads(line) for line in raw.splitlines()]
    return records
