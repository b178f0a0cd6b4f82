"""Run the main job offline: ``scrapy crawlall`` over every site the bundled mirrors serve.

Starts the mirror proxy, points Scrapy at it through ``http_proxy``/``https_proxy`` and runs
``scrapy crawlall --only …`` with:

* every registry site (data/sites.toml, dedicated spider or not) whose start URLs a mirror serves;
* the spiders a mirror's ``_mirror.toml`` names in its ``[demo]`` table, with that table's settings
  (the e-paper mirror holds two issues, so it sets EPAPER_SINCE/EPAPER_UNTIL to their dates).

Registered sites with no mirror are listed and skipped: offline there is nothing to crawl.
Every other argument goes to ``scrapy crawlall`` as it is (crawlall rejects what it does not know):

    hospitalnews demo -s ARCHIVE_DIR=/tmp/a -s LOG_LEVEL=INFO
    ./run demo -a full=1
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..offline import serve_mirrors
from ..offline.mirror import demo_tables
from ..paths import project_root
from ..registry import load_sites
from .mirror_cmd import mirror_dirs

HELP = "crawl every configured site the bundled offline mirrors serve into data/archive (scrapy crawlall)"
PASSES_EXTRA_ARGUMENTS = True   # cli.main hands unknown options (-s NAME=VALUE, -a …) to scrapy crawlall


def add_arguments(parser):
    parser.add_argument("--mirrors", type=Path, action="append", help="mirror directory (default data/mirrors)")
    parser.epilog = "Other arguments go to scrapy crawlall, e.g. -s ARCHIVE_DIR=/tmp/a -s LOG_LEVEL=INFO"


def run(args) -> int:
    dirs = mirror_dirs(args)
    root = project_root()
    with serve_mirrors(dirs) as proxy:
        only, skipped = [], []
        for site in load_sites():
            hosts = {(urlsplit(url).hostname or "").lower() for url in site.start_urls}
            (only if hosts <= set(proxy.sites) else skipped).append(site.key)
        # The mirror is local: no politeness delays. Quiet logs leave the summary table readable
        # (a later `-s LOG_LEVEL=INFO` in the demo's own arguments wins).
        settings: list[str] = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING"]
        for table in demo_tables(dirs):
            only += [spider for spider in table.get("spiders", []) if spider not in only]
            for name, value in table.get("settings", {}).items():
                settings += ["-s", f"{name}={value}"]
        if skipped:
            print(f"demo: no offline mirror for registered site(s) {', '.join(skipped)}: skipped", flush=True)
        env = dict(os.environ, http_proxy=proxy.url, https_proxy=proxy.url, no_proxy="")
        # scrapy finds the project from the checkout (scrapy.cfg), whatever directory the demo was started in
        env["PYTHONPATH"] = str(root) + os.pathsep + env.get("PYTHONPATH", "")
        command = [sys.executable, "-m", "scrapy.cmdline", "crawlall", "--only", ",".join(only), *settings,
                   *[a for a in getattr(args, "extra", []) if a != "--"]]
        return subprocess.run(command, env=env, cwd=root).returncode
