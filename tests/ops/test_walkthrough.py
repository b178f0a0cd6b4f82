"""A newcomer's walk through the README, end to end, on a fresh copy of the project:
the cron form from ``/``, the archive check from anywhere, an analyst's one-off export from ``docs/``,
the README's pandas recipe, and a typo answered in one line. (scrapyd: test_scrapyd.py.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from ..support import FAST, REPO, read_jsonl
from .test_readers import readme_recipe

COPY = ["hospitalnews", "data/sites.toml", "data/papers.toml", "scrapy.cfg", "scripts", "docs"]


@pytest.mark.slow
def test_newcomer_walkthrough(mirror, tmp_path, monkeypatch):
    root = tmp_path / "clone"
    for name in COPY:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "_data"))
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HOSPITALNEWS_")}
    env.update(http_proxy=mirror.url, https_proxy=mirror.url, no_proxy="", PYTHONPATH=str(root),
               PYTHON=sys.executable)
    fast = [arg for k, v in FAST.items() for arg in ("-s", f"{k}={v}")]

    # cron: `0 2 * * * /srv/hospitalnews/scripts/nightly.sh` runs from / (cron's home, really anywhere)
    nightly = subprocess.run([str(root / "scripts" / "nightly.sh"), "--only", "sd_cancer,tazhongyi", *fast],
                             cwd="/", env=env, capture_output=True, text=True, timeout=180)
    assert nightly.returncode == 0, nightly.stdout[-2000:] + nightly.stderr[-2000:]
    report = json.loads((root / "data" / "runs" / "latest.json").read_text("utf-8"))
    assert {(s["site"], s["status"], s["new"]) for s in report["sites"]} == {("sd_cancer", "ok", 9), ("tazhongyi", "ok", 9)}
    assert list((root / "data" / "runs").glob("*.log"))

    # the archive check, from any directory, finds the clone's archive by itself
    check = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "check"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and check.stdout.splitlines() == ["sd_cancer: 9 articles, OK", "tazhongyi: 9 articles, OK"]

    # an analyst's one-off export, from docs/: everything asked for, although all of it is archived
    export = tmp_path / "export.jsonl"
    one_off = subprocess.run([sys.executable, "-m", "scrapy.cmdline", "crawl", "sd_cancer",
                              "-s", "ARCHIVE_ENABLED=0", "-O", str(export), *fast], cwd=root / "docs", env=env,
                             capture_output=True, text=True, timeout=120)
    assert one_off.returncode == 0 and len(read_jsonl(export)) == 9, one_off.stderr[-2000:]
    assert not (root / "docs" / "data").exists()

    # the README's pandas recipe, in the clone
    monkeypatch.chdir(root)
    scope: dict = {}
    exec(readme_recipe(), scope)
    assert len(scope["df"]) == 18 and set(scope["df"]["site"]) == {"sd_cancer", "tazhongyi"}

    # and a typo is one line, exit 2
    typo = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "check", "sd_cancr"], cwd="/", env=env,
                          capture_output=True, text=True, timeout=60)
    assert typo.returncode == 2 and typo.stderr.count("\n") == 1 and "no site 'sd_cancr'" in typo.stderr
