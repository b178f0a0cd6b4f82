"""The archive selection shared by ``report`` and ``export``: ``--archive``, ``--site`` (repeatable),
``--since YYYY-MM-DD``; errors become one line on stderr and exit 2. Default directories are under the
project's data directory (``paths.data_dir()``), never the working directory."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path



def default_dir(name: str) -> Path:
    """``<data dir>/<name>`` (archive, runs, views): see paths.py."""
    from ..paths import data_dir

    return data_dir() / name


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_selection_arguments(parser) -> None:
    parser.add_argument("--archive", type=Path, default=None, help="ARCHIVE_DIR (default <data dir>/archive)")
    parser.add_argument("--site", action="append", default=[], metavar="SITE",
                        help="only this site key (repeat for several; default every site)")
    parser.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD",
                        help="only articles published on or after this date (CST)")


def load_selection(args, command: str):
    """The selected articles as an Arrow table, or None after printing a one-line error (also when the
    directory of ``args.out`` does not exist: nothing is read or written then)."""
    from ..analysis.table import ArchiveNotFound, load_table

    if not args.out.parent.is_dir():
        print(f"hospitalnews {command}: no directory {args.out.parent} for --out", file=sys.stderr)
        return None
    args.archive = args.archive or default_dir("archive")
    try:
        return load_table(args.archive, sites=args.site, since=args.since)
    except ArchiveNotFound as exc:
        print(f"hospitalnews: {exc}", file=sys.stderr)
    except KeyError as exc:
        print(f"hospitalnews: no site {exc.args[0]!r} in {args.archive}", file=sys.stderr)
    return None


def scope(args) -> str:
    parts = []
    if args.site:
        parts.append("sites " + ", ".join(args.site))
    if args.since:
        parts.append(f"since {args.since.isoformat()}")
    return " · ".join(parts)
