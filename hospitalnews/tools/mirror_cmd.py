"""Serve the bundled offline mirrors as an HTTP(S) proxy on 127.0.0.1 until interrupted.

Then crawl through it from another shell:
    http_proxy=http://127.0.0.1:PORT https_proxy=http://127.0.0.1:PORT scrapy crawl sd_cancer
"""

from __future__ import annotations

import errno
import time
from pathlib import Path

from ..offline import serve_mirrors
from ..paths import project_root
from .inputs import UserError, existing_dir

HELP = "serve the offline mirrors (data/mirrors) as a local proxy"


def add_arguments(parser):
    parser.add_argument("--port", type=port_number, default=8118, help="TCP port on 127.0.0.1 (default 8118; 0: any free one)")
    parser.add_argument("--mirrors", type=Path, action="append", help="mirror directory (repeatable; default data/mirrors)")


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise ValueError(text)
    return int(text)


port_number.__name__ = "port number (0-65535)"   # argparse names the type in its one-line error


def default_mirror_dirs() -> list[Path]:
    """``<project root>/data/mirrors`` (never the working directory's)."""
    root = project_root()
    if root is None:
        raise UserError("no project checkout here to find data/mirrors in: give --mirrors DIR")
    return [root / "data" / "mirrors"]


def mirror_dirs(args) -> list[Path]:
    return [existing_dir(path, "mirror directory") for path in (args.mirrors or default_mirror_dirs())]


def run(args) -> int:
    dirs = mirror_dirs(args)
    try:
        serving = serve_mirrors(dirs, args.port)
        proxy = serving.__enter__()
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise UserError(f"port {args.port} on 127.0.0.1 is in use; pick another with --port") from None
        raise UserError(f"cannot listen on 127.0.0.1:{args.port} ({error.strerror or error})") from None
    try:
        print(f"Mirror proxy on {proxy.url} serving {len(proxy.sites)} host name(s). Ctrl-C stops it.", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        serving.__exit__(None, None, None)
