"""Serve the bundled offline mirrors as an HTTP(S) proxy on 127.0.0.1 until interrupted.

Then crawl through it from another shell:
    http_proxy=http://127.0.0.1:PORT https_proxy=http://127.0.0.1:PORT scrapy crawl sd_cancer
"""

from __future__ import annotations

import time
from pathlib import Path

from ..offline import serve_mirrors

HELP = "serve the offline mirrors (data/mirrors) as a local proxy"


def add_arguments(parser):
    parser.add_argument("--port", type=int, default=8118)
    parser.add_argument("--mirrors", type=Path, action="append", help="mirror directory (repeatable; default data/mirrors)")


def run(args) -> int:
    with serve_mirrors(args.mirrors or [Path("data/mirrors")], args.port) as proxy:
        print(f"Mirror proxy on {proxy.url} serving {len(proxy.sites)} host name(s). Ctrl-C stops it.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0
