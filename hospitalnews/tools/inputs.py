"""User input checks shared by the subcommands: each failure is a ``UserError`` with a one-line message.

cli.main prints ``hospitalnews <command>: <message>`` on stderr and exits 2; nothing has been
written by then (every check runs before the first write).
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..extract.payload import payload_problem


class UserError(Exception):
    """A mistake in what the user asked for (a path, a key, a value): one line, exit status 2."""


def read_input(path: Path | None, *, what: str = "file", allow_stdin: bool = True) -> bytes:
    """The bytes of ``path`` (stdin for None or ``-``), refused when missing, a directory, empty (nothing but
    whitespace) or binary."""
    if path is None or str(path) == "-":
        if not allow_stdin:
            raise UserError(f"give a {what}")
        data = sys.stdin.buffer.read()
        name = "stdin"
    else:
        if path.is_dir():
            raise UserError(f"{path}: is a directory, not a {what}")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UserError(f"{path}: no such file") from None
        except OSError as error:
            raise UserError(f"{path}: cannot read it ({error.strerror or error})") from None
        name = str(path)
    if not data.strip():
        raise UserError(f"{name}: empty, no {what} to read")
    # binary as a crawl judges a response body; markup without text is still a file to read (extract
    # prints what the extractor makes of it, untitled, and exits 1: tools/extract_cmd.py)
    if payload_problem(data) == "binary":
        raise UserError(f"{name}: a binary file, not a {what}")
    return data


def existing_dir(path: Path, what: str) -> Path:
    """``path`` when it is an existing directory; never creates it."""
    if not path.exists():
        raise UserError(f"{path}: no such directory ({what})")
    if not path.is_dir():
        raise UserError(f"{path}: not a directory ({what})")
    return path
