"""scrapyd as a first-class way to run: deploy from a clean copy of the project, schedule, archive.

Starts a real scrapyd 1.6 on 127.0.0.1 (a free port) from this virtualenv, deploys the project with
``scrapyd-deploy`` (scrapyd-client) from a copy holding only tracked project files, schedules
``sd_cancer`` and ``news -a site=tazhongyi`` (the registry must travel in the egg) against the
offline mirror, polls until both finished, and checks the archive scrapyd's jobs wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from ..support import REPO, read_jsonl

BIN = Path(sys.executable).parent
PROJECT_FILES = ["hospitalnews", "data/sites.toml", "data/papers.toml", "scrapy.cfg", "setup.py", "pyproject.toml",
                 "README.md"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_copy(target: Path) -> Path:
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "_data"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    # mark the copy's registry: the jobs must read the egg's, not this checkout's data/sites.toml
    sites = target / "data" / "sites.toml"
    sites.write_text(sites.read_text("utf-8").replace('name = "泰安市中医医院"', 'name = "泰安市中医医院(egg)"'), "utf-8")
    return target


def api(url: str, path: str, data: dict | None = None) -> dict:
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # straight to 127.0.0.1
    with opener.open(url + path, data=body, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture
def scrapyd(tmp_path, mirror):
    """A scrapyd on 127.0.0.1 whose jobs crawl through the mirror and archive under tmp_path/data."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE")}
    env.update(http_proxy=mirror.url, https_proxy=mirror.url, no_proxy="127.0.0.1,localhost",
               HOSPITALNEWS_DATA_DIR=str(tmp_path / "data"))
    for attempt in range(3):
        port = free_port()
        (home / "scrapyd.conf").write_text(
            "[scrapyd]\n"
            f"bind_address = 127.0.0.1\nhttp_port = {port}\n"
            f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\ndbs_dir = {home / 'dbs'}\nitems_dir =\n"
            "max_proc = 2\npoll_interval = 0.2\n", "utf-8")
        proc = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, env=env, stdout=subprocess.DEVNULL,
                                stderr=open(home / "scrapyd.err", "wb"))
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if api(url, "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                time.sleep(0.2)
        if proc.poll() is None:
            break
    else:
        pytest.fail("scrapyd did not start: " + (home / "scrapyd.err").read_text("utf-8", "replace")[-2000:])
    try:
        yield url, home, tmp_path / "data", env
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.mark.slow
def test_deploy_schedule_and_archive_under_scrapyd(scrapyd, tmp_path):
    url, home, data, env = scrapyd
    project = clean_copy(tmp_path / "checkout")
    deploy = subprocess.run([str(BIN / "scrapyd-deploy"), "env", "--version", "r1"], cwd=project,
                            env={**env, "SCRAPYD_URL": url}, capture_output=True, text=True, timeout=120)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert '"status": "ok"' in deploy.stdout and '"spiders": 3' in deploy.stdout, deploy.stdout
    assert not (project / "setup.py").read_text("utf-8").startswith("# Automatically created"), \
        "scrapyd-deploy must use the project's setup.py (entry point, bundled configuration)"

    fast = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=0", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
    jobs = {
        "sd_cancer": api(url, "schedule.json", {"project": "hospitalnews", "spider": "sd_cancer", "setting": fast}),
        "tazhongyi": api(url, "schedule.json", {"project": "hospitalnews", "spider": "news", "site": "tazhongyi",
                                                "setting": fast}),
    }
    assert all(job["status"] == "ok" for job in jobs.values()), jobs
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        finished = {job["id"] for job in api(url, "listjobs.json?project=hospitalnews")["finished"]}
        if all(job["jobid"] in finished for job in jobs.values()):
            break
        time.sleep(0.5)
    else:
        pytest.fail("scrapyd jobs did not finish in 120 s")

    for site, job in jobs.items():
        spider = "sd_cancer" if site == "sd_cancer" else "news"
        log = (home / "logs" / "hospitalnews" / spider / f"{job['jobid']}.log").read_text("utf-8")
        assert "Traceback" not in log and "'finish_reason': 'finished'" in log, log[-3000:]
        lines = [r for segment in sorted((data / "archive" / site).glob("*.jsonl")) for r in read_jsonl(segment)]
        assert len(lines) == 9 and {r["site"] for r in lines} == {site}, (site, len(lines))
        assert all(r["title"] and r["publish_time"] for r in lines)
    # the registry came from the egg: the news job named the site as data/sites.toml does
    assert {r["site_name"] for r in read_jsonl(next((data / "archive" / "tazhongyi").glob("*.jsonl")))} == {"泰安市中医医院(egg)"}
    check = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "check", "--dir", str(data / "archive")],
                           capture_output=True, text=True, timeout=60, cwd=REPO)
    assert check.returncode == 0, check.stdout + check.stderr
