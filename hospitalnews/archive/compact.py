"""Merge a site's segments into one, atomically for readers: ``hospitalnews archive compact SITE``.

Long crawls publish a segment every ``ARCHIVE_COMMIT_SECONDS``: thousands of small files over a
year. Compaction writes the site's every line, in segment order, into a new site directory beside
the old one (one segment, a fresh id index, the dot-files such as ``.walks.json``), then swaps the
two directories with one ``renameat2(RENAME_EXCHANGE)`` (Linux ≥ 3.15): a reader listing
``ARCHIVE_DIR/<site>/*.jsonl`` sees either every old segment or the one new segment, never a mix,
so never a missing or doubled article. (A reader that listed the old segments just before the swap
and opens one after it gets FileNotFoundError, never a wrong answer: it reads again.) The old
directory is kept as ``ARCHIVE_DIR/.compacted/<site>-<stamp>/`` (readers skip dot-names) for readers
that hold it open, and removed by a later compaction once it is an hour old.

Writers: compaction refuses while a live writer holds a part in ``.staging`` (``ArchiveBusy``), and
holds the site's index write transaction from the first read to the swap, so no append slips in.
Run it between crawls (a writer that opens the site during the few milliseconds of the swap would
write into the old directory: the crawlall lock, ``--wait``, keeps nightly runs out).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

from .index import ArchiveIndex
from .store import PART_SUFFIX, SEGMENT_SUFFIX, SiteArchive, _fsync_dir, encode_record

RENAME_EXCHANGE = 2   # linux/fs.h
AT_FDCWD = -100
KEEP_OLD_SECONDS = 3600


class ArchiveBusy(RuntimeError):
    """A live writer is appending to the site: compact later."""


def exchange(a: Path, b: Path) -> None:
    """Swap two directories atomically (renameat2 RENAME_EXCHANGE). OSError where the kernel cannot."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available (glibc < 2.28)")
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err), str(a))


def live_parts(site_dir: Path) -> list[Path]:
    """Parts in ``.staging`` that a live writer holds (salvage leaves the same ones alone)."""
    busy = []
    for part in sorted((site_dir / ".staging").glob("*" + PART_SUFFIX)):
        try:
            fd = os.open(part, os.O_RDONLY)
        except FileNotFoundError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            busy.append(part)
        finally:
            os.close(fd)
    return busy


def compact_site(root: Path | str, site: str) -> tuple[int, int]:
    """Merge ``root/site``'s segments into one. Returns (segments before, articles). Raises ArchiveBusy."""
    root = Path(root)
    site_dir = root / site
    if live_parts(site_dir):
        raise ArchiveBusy(f"a crawl is writing {site} now; compact it when no crawl runs")
    # abandoned parts of killed writers become segments first (SiteArchive salvages them on open)
    SiteArchive(root, site).close()
    index = ArchiveIndex(site_dir)
    work = root / f".compact-{site}-{os.getpid()}"
    try:
        with index.exclusive():   # no writer appends from here to the swap
            segments = sorted(site_dir.glob("*" + SEGMENT_SUFFIX))
            if len(segments) <= 1:
                return len(segments), len(index)
            shutil.rmtree(work, ignore_errors=True)
            work.mkdir()
            merged_name = segments[-1].stem + "-compact"
            seen: set[str] = set()
            ids = []
            with open(work / (merged_name + SEGMENT_SUFFIX), "wb") as out:
                for segment in segments:
                    with segment.open("rb") as lines:
                        for raw in lines:
                            if not raw.strip():
                                continue
                            record = json.loads(raw)
                            if record["id"] in seen:   # a hand-copied duplicate: keep the first line
                                continue
                            seen.add(record["id"])
                            ids.append((record["id"], merged_name))
                            out.write(encode_record(record))
                out.flush()
                os.fsync(out.fileno())
            new_index = ArchiveIndex(work)
            with new_index.exclusive():
                new_index.add_many(ids)
            new_index.close()
            for extra in site_dir.iterdir():   # .walks.json and other state, not segments, index or staging
                if extra.name.startswith(".") and not extra.name.startswith((ArchiveIndex.FILENAME, ".staging")):
                    if extra.is_file():
                        shutil.copy2(extra, work / extra.name)
            _fsync_dir(work)
            exchange(work, site_dir)
            _fsync_dir(root)
    finally:
        index.close()
    _retire(root, site, work)   # the old directory, now under the work name
    return len(segments), len(ids)


def _retire(root: Path, site: str, old: Path) -> None:
    trash = root / ".compacted"
    trash.mkdir(exist_ok=True)
    now = time.time()
    for stale in trash.iterdir():
        if now - stale.stat().st_mtime > KEEP_OLD_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)
    target = trash / f"{site}-{time.strftime('%Y%m%dT%H%M%S', time.gmtime(now))}-{os.getpid()}"
    os.rename(old, target)
    os.utime(target)
