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


def copy_crawl(work: Path, dest: Path) -> Path:
    """What a crawl run by ``scrapy_command`` in ``work`` left (archive/ and, when captured, warc/) copied into
    ``dest``, as if it had run there; returns ``dest / "archive"``."""
    import shutil

    for name in ("archive", "warc"):
        if (Path(work) / name).exists():
            shutil.copytree(Path(work) / name, Path(dest) / name)
    return Path(dest) / "archive"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text("utf-8").splitlines() if line.strip()]


def archive_lines(archive_dir: Path, site: str) -> list[bytes]:
    """Every line of every committed segment of a site, raw."""
    lines: list[bytes] = []
    for segment in sorted((archive_dir / site).glob("*.jsonl")):
        lines.extend(segment.read_bytes().splitlines(keepends=True))
    return lines


# ``cli_runs``: the console script's entry point (``hospitalnews`` = ``hospitalnews.cli:main``) run once per
# argument list inside ONE subprocess, each run's exit status, stdout and stderr recorded apart. One
# interpreter start-up (and import) instead of one per page: a corpus of 150 pages costs seconds, not minutes.
_CLI_RUNS_DRIVER = """
import io, json, sys, traceback
from contextlib import redirect_stderr, redirect_stdout
from hospitalnews import cli
with open(sys.argv[1], encoding="utf-8") as jobs, open(sys.argv[2], "w", encoding="utf-8") as results:
    for line in jobs:
        out, err = io.BytesIO(), io.BytesIO()
        out_text = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        err_text = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
        with redirect_stdout(out_text), redirect_stderr(err_text):
            try:
                code = cli.main(json.loads(line))
            except SystemExit as exit:  # argparse usage errors: the status the console script exits with
                code = exit.code if isinstance(exit.code, int) else 1
            except Exception:  # an uncaught error: the console script would print the traceback, exit 1
                traceback.print_exc()
                code = 1
        results.write(json.dumps({"returncode": code, "stdout": out.getvalue().decode("utf-8"),
                                  "stderr": err.getvalue().decode("utf-8")}) + "\\n")
        results.flush()
"""


def cli_runs(argvs: list[list[str]], work_dir: Path, *, timeout: float = 240) -> list[subprocess.CompletedProcess]:
    """``hospitalnews ARGV`` for each ARGV, as CompletedProcess (returncode, stdout and stderr as bytes), all in
    one subprocess with the network cut (a dead proxy). What the subprocess prints outside those runs (at import
    or exit) would be lost from every run's output, so it must print nothing; anything it does print fails here."""
    jobs, results = Path(work_dir) / "cli-jobs.jsonl", Path(work_dir) / "cli-results.jsonl"
    jobs.write_text("".join(json.dumps([str(a) for a in argv]) + "\n" for argv in argvs), "utf-8")
    proc = subprocess.run([sys.executable, "-c", _CLI_RUNS_DRIVER, str(jobs), str(results)], cwd=REPO,
                          env=proxy_env("http://127.0.0.1:9"), capture_output=True, timeout=timeout)
    assert proc.returncode == 0 and not proc.stdout and not proc.stderr, \
        f"exit {proc.returncode}: {(proc.stdout + proc.stderr).decode('utf-8', 'replace')}"
    runs = [json.loads(line) for line in results.read_text("utf-8").splitlines()]
    assert len(runs) == len(argvs)
    return [subprocess.CompletedProcess(["hospitalnews", *argv], run["returncode"], run["stdout"].encode("utf-8"),
                                        run["stderr"].encode("utf-8")) for argv, run in zip(argvs, runs)]
