"""Every subcommand, given bad input: a one-line error, a non-zero exit, no traceback, nothing written.

Runs the real console script (``python -m hospitalnews.cli``) and ``scrapy`` in subprocesses from the
project directory (a copy of which is never written to: every run points its data at tmp_path).
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from ..support import FIXTURES, REPO, proxy_env

SEED = FIXTURES / "epaper" / "seed_000.txt"
PAGE = FIXTURES / "detail_pages" / "02_dedecms_gbk.html"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    (tmp / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (tmp / "adir").mkdir()
    (tmp / "archive").mkdir()
    return tmp


def run(args: list[str], tmp: Path, scrapy: bool = False) -> subprocess.CompletedProcess:
    prefix = [sys.executable, "-m", "scrapy.cmdline"] if scrapy else [sys.executable, "-m", "hospitalnews.cli"]
    env = proxy_env("http://127.0.0.1:9")
    env["HOSPITALNEWS_DATA_DIR"] = str(tmp / "data")   # a mistake must not create anything here
    return subprocess.run(prefix + args, cwd=REPO, capture_output=True, text=True, timeout=60, env=env)


CLI_CASES = [
    ("archive check typo", ["archive", "check", "typo", "--dir", "{tmp}/archive"], "no site 'typo'"),
    ("archive --dir missing", ["archive", "check", "--dir", "/nonexist/archive"], "no such directory"),
    ("archive bogus action", ["archive", "chek"], "invalid choice"),
    ("archive rebuild no site", ["archive", "rebuild-index", "--dir", "{tmp}/archive"], "needs a SITE"),
    ("archive compact typo", ["archive", "compact", "typo", "--dir", "{tmp}/archive"], "no site 'typo'"),
    ("clean-text missing", ["clean-text", "{tmp}/missing.txt"], "no such file"),
    ("clean-text binary", ["clean-text", "{tmp}/binary.bin"], "binary file"),
    ("clean-text directory", ["clean-text", "{tmp}/adir"], "is a directory"),
    ("split-page paper typo", ["split-page", str(SEED), "--paper", "taianrbao", "--date", "2024-02-05"], "unknown paper"),
    ("split-page bad date", ["split-page", str(SEED), "--paper", "taianribao", "--date", "2024-02-30"], "date"),
    ("split-page papers file", ["split-page", str(SEED), "--paper", "taianribao", "--date", "2024-02-05",
                                "--papers", "{tmp}/none.toml"], "no such file"),
    ("split-page binary", ["split-page", "{tmp}/binary.bin", "--paper", "taianribao", "--date", "2024-02-05"],
     "binary file"),
    ("split-page directory", ["split-page", "{tmp}/adir", "--paper", "taianribao", "--date", "2024-02-05"],
     "is a directory"),
    ("extract missing", ["extract", "{tmp}/missing.html"], "no such file"),
    ("extract binary", ["extract", "{tmp}/binary.bin"], "binary file"),
    ("extract directory", ["extract", "{tmp}/adir"], "is a directory"),
    ("extract site typo", ["extract", str(PAGE), "--site", "tazhongy"], "no site 'tazhongy'"),
    ("extract registry missing", ["extract", str(PAGE), "--site", "x", "--registry", "{tmp}/none.toml"], "no such file"),
    ("mirror bad port", ["mirror", "--port", "http"], "port number"),
    ("mirror mirrors missing", ["mirror", "--mirrors", "{tmp}/nomirrors"], "no such directory"),
    ("unknown option", ["extract", str(PAGE), "--bogus"], "unrecognized arguments"),
    ("unknown command", ["crawl"], "invalid choice"),
]

SCRAPY_CASES = [
    ("notaurl", ["crawl", "news", "-a", "start_url=notaurl"], "start_url=notaurl"),
    ("ftp", ["crawl", "news", "-a", "start_url=ftp://www.sd-cancer.com/"], "http:// or https://"),
    ("max_pages abc", ["crawl", "sd_cancer", "-a", "max_pages=abc"], "max_pages=abc"),
    ("max_pages -1", ["crawl", "sd_cancer", "-a", "max_pages=-1"], "max_pages=-1"),
    ("argument typo", ["crawl", "sd_cancer", "-a", "max_page=2"], "no argument 'max_page'"),
    ("full typo", ["crawl", "sd_cancer", "-a", "full=yes please"], "full="),
    ("unknown site", ["crawl", "news", "-a", "site=tazhongy"], "no such site"),
    ("unknown paper", ["crawl", "epaper", "-a", "paper=taianrbao"], "unknown paper"),
    ("bad date", ["crawl", "epaper", "-a", "paper=taianribao", "-a", "date=2024-02-30"], "YYYY-MM-DD"),
    ("since after until", ["crawl", "epaper", "-a", "since=2024-03-01", "-a", "until=2024-02-01"], "after"),
    ("unknown spider", ["crawl", "sd_cancr"], "no spider 'sd_cancr'"),
    ("crawlall only typo", ["crawlall", "--only", "sd_cancr"], "--only 'sd_cancr'"),
    ("crawlall bogus", ["crawlall", "--bogus"], "'--bogus'"),
    ("crawlall bad spider argument", ["crawlall", "-a", "max_pages=0"], "max_pages=0"),
    ("crawlall registry missing", ["crawlall", "--registry", "/nonexist/sites.toml"], "no such file"),
]


def assert_one_line_error(proc: subprocess.CompletedProcess, expected: str, tmp: Path, *, scrapy: bool) -> None:
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr[-3000:]
    # hospitalnews: stderr is the one line; scrapy: Scrapy's start-up log lines, then exactly one error line
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line or line.startswith("hospitalnews ")]
    if not scrapy:
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert len(errors) == 1 and expected in errors[0], proc.stderr[-2000:]
    assert not (tmp / "data").exists(), "a rejected command wrote something"


@pytest.mark.parametrize("name, args, expected", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_bad_input(files, name, args, expected):
    before = sorted(p.name for p in (files / "archive").iterdir())
    proc = run([a.format(tmp=files) for a in args], files)
    assert_one_line_error(proc, expected, files, scrapy=False)
    assert sorted(p.name for p in (files / "archive").iterdir()) == before   # nothing created


@pytest.mark.parametrize("name, args, expected", SCRAPY_CASES, ids=[c[0] for c in SCRAPY_CASES])
def test_scrapy_bad_input(files, name, args, expected):
    proc = run(args + ["-s", "LOG_LEVEL=WARNING"], files, scrapy=True)
    assert_one_line_error(proc, expected, files, scrapy=True)


def test_mirror_on_a_busy_port(files):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        proc = run(["mirror", "--port", str(busy.getsockname()[1])], files)
    assert_one_line_error(proc, "is in use", files, scrapy=False)


def test_extract_into_a_closed_pipe_is_quiet(files):
    """``hospitalnews extract page | head``: the reader is gone before the output is written; no traceback."""
    env = proxy_env("http://127.0.0.1:9")
    proc = subprocess.Popen([sys.executable, "-m", "hospitalnews.cli", "extract", str(PAGE)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()   # the reader leaves at once (the child needs a second to start)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 141 and stderr == "", stderr
