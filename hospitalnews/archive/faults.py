"""Fault injection at the named steps of the archive writer, for crash and full-disk tests.

The environment variable ``HOSPITALNEWS_FAULT`` names where to fail::

    HOSPITALNEWS_FAULT=publish:after_rename            die (SIGKILL) the first time that step is reached
    HOSPITALNEWS_FAULT=append:after_write@3            …the third time
    HOSPITALNEWS_FAULT=append:write@5=enospc           from the fifth time on, the write fails with ENOSPC
    HOSPITALNEWS_FAULT=append:write@5-6=enospc         the fifth and sixth time only (space came back)
    HOSPITALNEWS_FAULT=append:before_commit@2=sqlite_full,publish:after_record

Shape: comma-separated ``STEP[@N[-M]][=ACTION]``; ``N`` counts from 1 (default 1), ``M`` ends a range; ``ACTION`` is ``kill``
(default: SIGKILL to this process, exactly what ``kill -9`` does), ``enospc`` (``OSError(ENOSPC)``,
what a full filesystem returns, from the N-th time on: a disk stays full) or ``sqlite_full``
(``sqlite3.OperationalError("database or disk is full")``, what SQLite raises as SQLITE_FULL, from
the N-th time on). ``STEPS`` lists every step the writer names; an unknown step is an error, so a test
cannot silently inject nothing. Unset (production), ``fault()`` is one dict lookup.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
from collections import Counter

ENV = "HOSPITALNEWS_FAULT"

STEPS = (
    "part:after_create",        # a new part exists under its .new name, not yet renamed to .part
    "append:write",             # the line is about to be written (a failure here is a failed write)
    "append:after_write",       # the line is in the part; its index row is not inserted
    "append:before_commit",     # the index row is inserted, its transaction not committed
    "append:after_commit",      # the index row is committed
    "publish:before_record",    # the part is fsynced; the index does not yet record the segment as published
    "publish:after_record",     # the index records the segment (durably); the part is not yet renamed
    "publish:after_rename",     # the segment is visible; its directory is not yet fsynced
    "close:before_publish",     # the crawl is over (Closing spider); the last part is not yet published
    "salvage:after_read",       # an abandoned part is read and locked; nothing changed yet
    "salvage:after_tmp",        # the salvaged lines are in .staging/<segment>.salvage (fsynced)
    "salvage:before_commit",    # index rows added and forgotten, transaction not committed
    "salvage:after_commit",     # the index is committed; the segment not yet renamed into place
    "salvage:after_rename",     # the segment is visible; the abandoned part not yet unlinked
    "reconcile:before_commit",  # ids of an unrecorded segment are added, transaction not committed
)

_hits: Counter = Counter()
_parsed: tuple[str, dict[str, tuple[int, float, str]]] | None = None


def _plan() -> dict[str, tuple[int, float, str]]:
    global _parsed
    spec = os.environ.get(ENV, "")
    if _parsed is None or _parsed[0] != spec:
        plan: dict[str, tuple[int, float, str]] = {}
        for item in filter(None, (part.strip() for part in spec.split(","))):
            where, _, action = item.partition("=")
            step, _, nth = where.partition("@")
            if step not in STEPS:
                raise ValueError(f"{ENV}: unknown step {step!r}; steps: {', '.join(STEPS)}")
            if (action or "kill") not in ("kill", "enospc", "sqlite_full"):
                raise ValueError(f"{ENV}: unknown action {action!r} (kill, enospc, sqlite_full)")
            first, _, last = (nth or "1").partition("-")
            plan[step] = (int(first), float(last) if last else float("inf"), action or "kill")
        _parsed = (spec, plan)
        _hits.clear()
    return _parsed[1]


def fault(step: str) -> None:
    """Called by the writer at each named step; does nothing unless ``HOSPITALNEWS_FAULT`` names it."""
    if ENV not in os.environ:
        return
    planned = _plan().get(step)
    if planned is None:
        return
    _hits[step] += 1
    nth, last, action = planned
    if not nth <= _hits[step] <= last:
        return
    if action == "kill" and _hits[step] == nth:
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "enospc":
        raise OSError(errno.ENOSPC, f"No space left on device (injected at {step})")
    elif action == "sqlite_full":
        raise sqlite3.OperationalError(f"database or disk is full (injected at {step})")
