"""What closing the power-loss gap costs: durable commit points and reconciliation at open.

    python -m bench.archive_sync [N]

Three writers append the same N records (commit every ARCHIVE_COMMIT_ITEMS=200):
  normal   synchronous=NORMAL for every transaction (the archive before: a power cut could lose index
           rows whose segment survived)
  durable  what the archive does now: NORMAL for appends, FULL (WAL fsynced) for the transaction that
           records a segment, before its rename
  full     synchronous=FULL for every append (the obvious alternative)
Then the cost of opening: an index that records every segment (the normal case) vs one that lost its
records (after a power cut or a restored backup: every segment is read and re-indexed once).
Ratios are against ``normal``, measured in the same process.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from hospitalnews.archive import ArchiveIndex, SiteArchive

from .archive_append import records


def write(root: Path, data: list[dict], mode: str) -> float:
    archive = SiteArchive(root, "bench", commit_items=200)
    index = archive.index
    if mode == "full":
        index._db.execute("PRAGMA synchronous=FULL")
    if mode in ("normal", "full"):   # no durable commit points: every transaction at the connection's level
        index.exclusive = lambda durable=False: ArchiveIndex.exclusive(index, False)
    start = time.perf_counter()
    for record in data:
        archive.append(record)
    archive.close()
    return time.perf_counter() - start


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    data = records(n)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        seconds = {mode: write(root / mode, data, mode) for mode in ("normal", "durable", "full")}
        start = time.perf_counter()
        SiteArchive(root / "durable", "bench").close()
        recorded = time.perf_counter() - start
        with ArchiveIndex(root / "durable" / "bench").exclusive() as index:
            index._db.execute("DELETE FROM published")     # the records a power cut (or old backup) lost
        start = time.perf_counter()
        archive = SiteArchive(root / "durable", "bench")
        reconciled = time.perf_counter() - start
        segments = len(archive.segments())
        archive.close()
    print(f"{n} records, {segments} segments")
    for mode, spent in seconds.items():
        print(f"{mode:8s} {n / spent:9.0f} appends/s   ratio to normal {spent / seconds['normal']:.2f}x")
    print(f"open, all segments recorded      {recorded * 1000:8.1f} ms")
    print(f"open, reconciling {segments:4d} segments  {reconciled * 1000:8.1f} ms   ratio {reconciled / recorded:.0f}x (once, after a loss)")


if __name__ == "__main__":
    main()
