"""Every subcommand, given bad input: a one-line error, a non-zero exit, no traceback, nothing written.

The console script's cases call ``hospitalnews.cli.main`` in-process (an exception escaping it fails
the test as a traceback would); ``scrapy crawl``/``crawlall`` run as subprocesses, started together.
Every run points its data directory at tmp_path and checks that nothing was created there.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hospitalnews.cli import main

from ..support import FIXTURES, REPO, proxy_env

SEED = FIXTURES / "epaper" / "seed_000.txt"
PAGE = FIXTURES / "detail_pages" / "02_dedecms_gbk.html"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bad")
    (tmp / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (tmp / "adir").mkdir()
    (tmp / "empty.html").write_bytes(b" \r\n")
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
    ("extract empty file", ["extract", "{tmp}/empty.html"], "empty"),
    # a directory is a batch of its saved pages (tools/extract_cmd.py): one with none is the mistake
    ("extract directory without pages", ["extract", "{tmp}/adir"], "no saved pages"),
    ("extract site typo", ["extract", str(PAGE), "--site", "tazhongy"], "no site 'tazhongy'"),
    ("extract registry missing", ["extract", str(PAGE), "--site", "x", "--registry", "{tmp}/none.toml"], "no such file"),
    ("mirror bad port", ["mirror", "--port", "http"], "port number"),
    ("mirror mirrors missing", ["mirror", "--mirrors", "{tmp}/nomirrors"], "no such directory"),
    ("unknown option", ["extract", str(PAGE), "--bogus"], "unrecognized arguments"),
    ("unknown command", ["crawl"], "invalid choice"),
]

# spider arguments: checked in-process by spiders/args.py, as `scrapy crawl`/`crawlall` call it
ARGUMENT_CASES = [
    ("notaurl", "news", {"start_url": "notaurl"}, "start_url=notaurl"),
    ("ftp", "news", {"start_url": "ftp://www.sd-cancer.com/"}, "http:// or https://"),
    ("no host", "news", {"start_url": "http:///news/"}, "http:// or https://"),
    ("max_pages abc", "sd_cancer", {"max_pages": "abc"}, "max_pages=abc"),
    ("max_pages -1", "sd_cancer", {"max_pages": "-1"}, "max_pages=-1"),
    ("refresh_views 0", "sd_cancer", {"refresh_views": "0"}, "refresh_views=0"),
    ("argument typo", "sd_cancer", {"max_page": "2"}, "no argument 'max_page'"),
    ("selector typo", "sd_cancer", {"body_cs": ".content"}, "no argument 'body_cs'"),
    ("bad selector", "sd_cancer", {"body_css": "div["}, "body_css=div["),
    ("empty selector", "sd_cancer", {"title_css": " "}, "title_css="),
    # the news spider's selectors are the registry's overrides, the epaper's its paper systems'
    ("news selector", "news", {"body_css": ".content"}, "no argument 'body_css'"),
    ("epaper selector", "epaper", {"meta_css": ".info"}, "no argument 'meta_css'"),
    ("full typo", "sd_cancer", {"full": "yes please"}, "full="),
    ("unknown site", "news", {"site": "tazhongy"}, "no such site"),
    ("site key form", "news", {"site": "../etc", "start_url": "http://a.test/"}, "a-z, 0-9 and _"),
    ("unknown paper", "epaper", {"paper": "taianrbao"}, "unknown paper"),
    ("bad date", "epaper", {"paper": "taianribao", "date": "2024-02-30"}, "YYYY-MM-DD"),
    ("since after until", "epaper", {"since": "2024-03-01", "until": "2024-02-01"}, "after"),
    ("topic typo", "epaper", {"topic": "heath"}, "health or all"),
]

# the commands' wiring: a real `scrapy` process each, started together
SCRAPY_CASES = [
    ("crawl bad argument", ["crawl", "news", "-a", "start_url=notaurl"], "start_url=notaurl"),
    ("unknown spider", ["crawl", "sd_cancr"], "no spider 'sd_cancr'"),
    ("zlib gzip level", ["crawl", "sd_cancer", "-s", "WARC_GZIP_LEVEL=9"], "WARC_GZIP_LEVEL must be an ISA-L deflate level"),
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


def run_in_process(args: list[str], tmp: Path, capsys, monkeypatch) -> subprocess.CompletedProcess:
    monkeypatch.setenv("HOSPITALNEWS_DATA_DIR", str(tmp / "data"))
    try:
        code = main(args)
    except SystemExit as exit_:   # argparse's usage errors
        code = exit_.code
    out, err = capsys.readouterr()
    return subprocess.CompletedProcess(args, code, out, err)


@pytest.mark.parametrize("name, args, expected", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_bad_input(files, name, args, expected, capsys, monkeypatch):
    before = sorted(p.name for p in (files / "archive").iterdir())
    proc = run_in_process([a.format(tmp=files) for a in args], files, capsys, monkeypatch)
    assert_one_line_error(proc, expected, files, scrapy=False)
    assert sorted(p.name for p in (files / "archive").iterdir()) == before   # nothing created


@pytest.mark.parametrize("name, spider, args, expected", ARGUMENT_CASES, ids=[c[0] for c in ARGUMENT_CASES])
def test_spider_argument_checks(name, spider, args, expected):
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from hospitalnews.spiders.args import SpiderArgumentError, check_arguments

    settings = Settings()
    settings.setmodule("hospitalnews.settings")
    with pytest.raises(SpiderArgumentError) as error:
        check_arguments(SpiderLoader.from_settings(settings).load(spider), args, settings)
    assert expected in str(error.value) and "\n" not in str(error.value)


def test_a_site_spider_takes_its_declared_selectors_as_arguments():
    """``hospitalnews reextract -a body_css=…`` (warc/) replaces a dedicated spider's selectors for one run."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import SpiderLoader

    from hospitalnews.spiders.args import check_arguments

    settings = Settings()
    settings.setmodule("hospitalnews.settings")
    spidercls = SpiderLoader.from_settings(settings).load("sd_cancer")
    check_arguments(spidercls, {"body_css": ".no-such-node", "meta_css": "div.info > span", "full": "1"}, settings)
    spider = spidercls(body_css=".no-such-node")
    assert spider.selector_hints()["body_css"] == ".no-such-node"
    assert spider.selector_hints()["title_css"] == spidercls.title_css


@pytest.fixture(scope="module")
def scrapy_results(files):
    """Every scrapy case, run four at a time (each is a separate scrapy process)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = {name: pool.submit(run, args + ["-s", "LOG_LEVEL=WARNING"], files, True)
                for name, args, _ in SCRAPY_CASES}
    return {name: future.result() for name, future in runs.items()}


@pytest.mark.slow   # six scrapy processes (a few seconds together on an idle machine)
@pytest.mark.parametrize("name, args, expected", SCRAPY_CASES, ids=[c[0] for c in SCRAPY_CASES])
def test_scrapy_bad_input(files, scrapy_results, name, args, expected):
    assert_one_line_error(scrapy_results[name], expected, files, scrapy=True)


def test_mirror_on_a_busy_port(files, capsys, monkeypatch):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        proc = run_in_process(["mirror", "--port", str(busy.getsockname()[1])], files, capsys, monkeypatch)
    assert_one_line_error(proc, "is in use", files, scrapy=False)


def test_extract_into_a_closed_pipe_is_quiet(files):
    """``hospitalnews extract page | head``: the reader is gone before the output is written; no traceback."""
    env = proxy_env("http://127.0.0.1:9")
    proc = subprocess.Popen([sys.executable, "-m", "hospitalnews.cli", "extract", str(PAGE)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()   # the reader leaves at once (the child needs a second to start)
    stderr = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(timeout=60) == 141 and stderr == "", stderr
