"""scripts/nightly.sh, the cron / systemd entry point: crawlall's exit codes, its log, and the lock."""

import subprocess
import sys

from hospitalnews.nightly.lock import RunLock
from hospitalnews.offline import serve_mirrors

from ..support import REPO, proxy_env
from .site import build_site


def run_script(proxy, tmp_path):
    env = {**proxy_env(proxy.url), "PYTHON": sys.executable, "NIGHTLY_LOG_DIR": str(tmp_path / "logs")}
    (tmp_path / "none.toml").write_text("", "utf-8")   # an empty registry (a missing one is an error)
    args = ["--registry", str(tmp_path / "none.toml")]
    for name, value in {"SPIDER_MODULES": "tests.nightly.spiders", "ARCHIVE_DIR": tmp_path / "archive",
                        "RUNS_DIR": tmp_path / "runs", "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": 0}.items():
        args += ["-s", f"{name}={value}"]
    return subprocess.run([str(REPO / "scripts" / "nightly.sh"), "--only", "nightly_site", *args],
                          env=env, capture_output=True, text=True, timeout=120)


def test_nightly_script_crawls_logs_and_respects_the_lock(tmp_path):
    build_site(tmp_path / "mirrors", {"news": 3, "notice": 2})
    with serve_mirrors([tmp_path / "mirrors"]) as proxy:
        ok = run_script(proxy, tmp_path)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert "nightly_site" in ok.stdout and "run report:" in ok.stdout
        (log,) = (tmp_path / "logs").glob("*.log")
        assert "Spider closed (finished)" in log.read_text("utf-8")
        with RunLock(tmp_path / "runs") as lock:
            lock.acquire()
            busy = run_script(proxy, tmp_path)
        assert busy.returncode == 75
        assert "another nightly run is still going" in busy.stderr
