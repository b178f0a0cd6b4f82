"""Run the main job offline: every configured spider, against the bundled mirrors, into the archive.

Starts the mirror proxy, points Scrapy at it through ``http_proxy``/``https_proxy``, and runs
``scrapy crawlall`` when that command exists (else ``scrapy crawl`` for each spider in turn, and
``scrapy crawl news -a site=KEY`` for each registered site without a dedicated spider whose host
has a bundled mirror).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..offline import serve_mirrors
from ..registry import load_sites

HELP = "crawl all configured sites from the bundled offline mirrors into data/archive"


def add_arguments(parser):
    parser.add_argument("--mirrors", type=Path, action="append", help="mirror directory (default data/mirrors)")
    parser.add_argument("scrapy_args", nargs="*", help="extra arguments for scrapy, e.g. -s ARCHIVE_DIR=/tmp/a")


def _scrapy(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy.cmdline", *args], env=env)


def run(args) -> int:
    with serve_mirrors(args.mirrors or [Path("data/mirrors")]) as proxy:
        env = dict(os.environ, http_proxy=proxy.url, https_proxy=proxy.url, no_proxy="")
        env["PYTHONPATH"] = os.getcwd() + os.pathsep + env.get("PYTHONPATH", "")
        fast = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]  # the mirror is local
        commands = subprocess.run([sys.executable, "-m", "scrapy.cmdline", "-h"], env=env, capture_output=True, text=True)
        if " crawlall " in commands.stdout:
            return _scrapy(["crawlall", *fast, *args.scrapy_args], env).returncode
        spiders = subprocess.run([sys.executable, "-m", "scrapy.cmdline", "list"], env=env, capture_output=True,
                                 text=True, check=True).stdout.split()
        worst = 0
        for spider in spiders:
            if spider == "news":  # generic: it needs a site or a start URL, given below
                continue
            worst = max(worst, _scrapy(["crawl", spider, *fast, *args.scrapy_args], env).returncode)
        for key in _mirrored_registry_sites(args.mirrors or [Path("data/mirrors")]):
            worst = max(worst, _scrapy(["crawl", "news", "-a", f"site={key}", *fast, *args.scrapy_args], env).returncode)
        return worst


def _mirrored_registry_sites(mirror_dirs: list[Path]) -> list[str]:
    """Keys of the registered sites the ``news`` spider crawls and a mirror directory serves."""
    mirrored = {d.name.removeprefix("www.") for root in mirror_dirs if root.is_dir() for d in root.iterdir() if d.is_dir()}
    return [site.key for site in load_sites() if not site.spider
            and all(urlsplit(url).hostname.removeprefix("www.") in mirrored for url in site.start_urls)]
