"""Crash-safe, multi-process-safe writer of one site's archive.

Layout of ``ARCHIVE_DIR/<site>/``::

    20260123T020304Z-host-4242-0001.jsonl   committed segments: complete lines only, never rewritten
    .staging/<segment>.part                 the segment a live writer is appending to (readers ignore it)
    .index.sqlite                           ids archived so far (see index.py)

Why segments: a ``write()`` interrupted by SIGKILL can stop mid-line (Linux checks for fatal signals
between pages of a write), so no file that readers see is ever appended to. A writer appends to its
own hidden ``.part`` file and publishes it by ``rename()`` (atomic) every ``commit_items`` lines,
``commit_seconds`` seconds and at close. A writer killed mid-way leaves its part behind; the next
writer to open the site salvages the complete lines of every abandoned part into a segment, so
nothing that was fully written is lost and nothing torn is ever published.

Why the index and the segments agree after any crash or power cut: a segment is recorded in the index
(durably: the WAL is fsynced) before it is renamed into place, salvage commits the index before it
renames, and every open reconciles: salvage first, then any segment the index does not record is read
and its ids added (index.py). Each step is safe to die in; ``faults.STEPS`` names them, and the tests
kill the writer at each (``HOSPITALNEWS_FAULT``, faults.py).

Why one line per id holds across processes: "is the id archived?", the append, and the index row
happen inside one SQLite write transaction, which every writer of the site takes in turn. A writer
killed between its append and its commit leaves a line the index does not know; salvage adds it to
the index unless another writer archived that id meanwhile, in which case the line is dropped.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import logging
import os
import socket
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from ..sitekeys import check_site_key
from .faults import fault
from .index import ArchiveIndex

logger = logging.getLogger(__name__)

# Numbers the parts of this process: one counter for every SiteArchive of the process, so two writers
# of one site in one process (a crawl and a view refresh, two crawlers of crawlall) never pick the same
# segment name within the same second (a rename would replace the other's segment).
_PART_NUMBERS = itertools.count(1)

SEGMENT_SUFFIX = ".jsonl"
PART_SUFFIX = ".part"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _still_at(path: Path, fd: int) -> bool:
    """Is the file open as ``fd`` still the one at ``path`` (not renamed away or unlinked)?"""
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False
def record_id(record: dict) -> str:
    return record["id"]


def encode_record(record: dict) -> bytes:
    """One archive line: compact JSON, UTF-8 with Chinese unescaped, ``\\n``-terminated."""
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class SiteArchive:
    def __init__(self, root: Path | str, site: str, *, commit_items: int = 200, commit_seconds: float = 30.0,
                 key: Callable[[dict], str] = record_id):
        self.site = check_site_key(site)   # the directory name: never a path
        self.key = key  # what "one line per …" means: the article id, or e.g. (id, observed_at) for views
        self.dir = Path(root) / site
        self.staging = self.dir / ".staging"
        self.staging.mkdir(parents=True, exist_ok=True)
        self.index = self.open_index()
        self.commit_items = commit_items
        self.commit_seconds = commit_seconds
        self._part_fd: int | None = None
        self._segment: str | None = None
        self._part_lines = 0
        self._part_size = 0
        self._part_opened_at = 0.0
        self.salvaged_lines = self.recover()
        self.reconciled_ids = self.reconcile()

    # -- reading ---------------------------------------------------------------------------------

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.index

    def segments(self) -> list[Path]:
        return sorted(self.dir.glob("*" + SEGMENT_SUFFIX))

    def open_index(self):
        """The id index: SQLite beside the segments. A subclass may give any object with ArchiveIndex's
        interface (distributed/archive.py: one Redis index shared by every machine)."""
        return ArchiveIndex(self.dir)

    # -- writing ---------------------------------------------------------------------------------

    def append(self, record: dict) -> bool:
        """Archive ``record`` unless its id is archived already. True when it was written.

        Raises OSError (a failed write: ENOSPC, EIO …) or sqlite3.Error (SQLITE_FULL …) with nothing
        half done: the line is cut off the part again, so it is never published without its index row.
        """
        line = encode_record(record)
        key = self.key(record)
        written_at: int | None = None
        try:
            with self.index.exclusive():
                if key in self.index:
                    return False
                self._ensure_part()
                fault("append:write")
                written_at = self._part_size
                self._write_line(line)
                fault("append:after_write")
                self.index.add(key, self._segment)
                fault("append:before_commit")
        except BaseException:
            if written_at is not None and self._part_fd is not None and self._part_size > written_at:
                os.ftruncate(self._part_fd, written_at)   # the index row was not committed: neither is the line
                self._part_size = written_at
            raise
        fault("append:after_commit")
        self._part_lines += 1
        if self._part_lines >= self.commit_items or time.monotonic() - self._part_opened_at >= self.commit_seconds:
            self.commit()
        return True

    def commit(self) -> None:
        """Publish what was written so far as a segment.

        Order: fsync the part; record the segment in the index durably; rename it into place (atomic);
        fsync the directory. Dying anywhere leaves either a part that salvage publishes, or a
        recorded, complete segment.
        """
        if self._part_fd is None:
            return
        fd, segment = self._part_fd, self._segment
        self._part_fd = self._segment = None
        part = self.staging / (segment + PART_SUFFIX)
        try:
            if self._part_lines:
                os.fsync(fd)
                fault("publish:before_record")
                with self.index.exclusive(durable=True):
                    self.index.mark_published(segment)
                fault("publish:after_record")
                os.rename(part, self.dir / (segment + SEGMENT_SUFFIX))
                fault("publish:after_rename")
                _fsync_dir(self.dir)
            else:
                part.unlink()
        finally:
            os.close(fd)  # releases the part's lock only once it is no longer in .staging (or is abandoned)

    def close(self) -> None:
        try:
            fault("close:before_publish")
            self.commit()
        finally:
            self.index.close()

    def _ensure_part(self) -> None:
        if self._part_fd is not None:
            return
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self._segment = f"{stamp}-{socket.gethostname()}-{os.getpid()}-{next(_PART_NUMBERS):04d}"
        path = self.staging / (self._segment + PART_SUFFIX)
        # Lock it before it bears the .part name: a part salvage can see is never unlocked while live.
        nascent = self.staging / (self._segment + ".new")
        fd = os.open(nascent, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)  # "this part has a live writer": salvage leaves it alone
        fault("part:after_create")
        os.rename(nascent, path)
        self._part_fd, self._part_lines, self._part_size = fd, 0, 0
        self._part_opened_at = time.monotonic()

    def _write_line(self, line: bytes) -> None:
        view = memoryview(line)
        try:
            while view:
                written = os.write(self._part_fd, view)
                view = view[written:]
        except OSError:
            # Disk full or similar: cut the partial line off so the next line cannot fuse with it.
            os.ftruncate(self._part_fd, self._part_size)
            raise
        self._part_size += len(line)

    # -- recovery --------------------------------------------------------------------------------

    def recover(self) -> int:
        """Salvage every part whose writer is gone. Returns the number of lines published."""
        published = 0
        for part in sorted(self.staging.glob("*" + PART_SUFFIX)):
            try:
                fd = os.open(part, os.O_RDONLY)
            except FileNotFoundError:
                continue  # another process salvaged it first
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live writer owns it
                if not _still_at(part, fd):
                    continue  # published or salvaged between our open() and our lock
                published += self._salvage(part, fd)
            finally:
                os.close(fd)
        return published

    def _salvage(self, part: Path, fd: int) -> int:
        segment = part.name[: -len(PART_SUFFIX)]
        final = self.dir / (segment + SEGMENT_SUFFIX)
        if final.exists():  # an earlier salvage published it and died before unlinking the part
            part.unlink()
            return 0
        data = b""
        while chunk := os.read(fd, 1 << 20):
            data += chunk
        fault("salvage:after_read")
        kept: list[bytes] = []
        torn = 0
        tmp = self.staging / (segment + ".salvage")
        # Commit the index first, rename second: dying in between leaves the part, whose ids the index
        # now gives to this segment, so the next salvage publishes exactly these lines again.
        with self.index.exclusive(durable=True):
            owned = self.index.ids_in(segment)
            for raw in data.split(b"\n")[:-1]:  # the last piece has no newline: torn or empty
                try:
                    article_id = self.key(json.loads(raw))
                except (ValueError, KeyError, TypeError):
                    torn += 1
                    continue
                if article_id in owned:
                    owned.discard(article_id)
                elif self.index.segment_of(article_id) is None:
                    self.index.add(article_id, segment)
                else:
                    continue  # archived by another writer since
                kept.append(raw + b"\n")
            self.index.forget(owned)  # ids the index gave this part but whose line never landed
            if kept:
                with open(tmp, "wb") as out:
                    out.writelines(kept)
                    out.flush()
                    os.fsync(out.fileno())
                fault("salvage:after_tmp")
                self.index.mark_published(segment)
            fault("salvage:before_commit")
        fault("salvage:after_commit")
        if kept:
            os.rename(tmp, final)
            _fsync_dir(self.dir)
            fault("salvage:after_rename")
        part.unlink()
        torn += bool(data) and not data.endswith(b"\n")
        logger.warning("archive %s: salvaged %d line(s) from abandoned %s, dropped %d torn", self.site, len(kept), part.name, torn)
        return len(kept)

    def reconcile(self) -> int:
        """Add the ids of every segment the index does not record (see index.py). Returns ids added.

        Such a segment is one written before the index recorded segments, or one whose record a
        restored or lost index lacks. An id another segment already holds is left to that segment
        (and counted in the log: ``hospitalnews archive check`` reports it).
        """
        added = 0
        recorded = self.index.published()
        for path in self.segments():
            if path.stem in recorded:
                continue
            with self.index.exclusive(durable=True):
                if path.stem in self.index.published():
                    continue  # another process reconciled it meanwhile
                clashes = 0
                with path.open("rb") as lines:
                    for raw in lines:
                        try:
                            article_id = self.key(json.loads(raw))
                        except (ValueError, KeyError, TypeError):
                            continue
                        holder = self.index.segment_of(article_id)
                        if holder is None:
                            self.index.add(article_id, path.stem)
                            added += 1
                        elif holder != path.stem:
                            clashes += 1
                self.index.mark_published(path.stem)
                fault("reconcile:before_commit")
            if clashes:
                logger.error("archive %s: %d id(s) of %s are archived in another segment too", self.site, clashes, path.name)
        if added:
            logger.warning("archive %s: the index lacked %d id(s) of its segments; added", self.site, added)
        return added

    def rebuild_index(self) -> int:
        """Recreate the index from the committed segments (after restoring files by hand, say)."""
        with self.index.exclusive():
            self.index.clear()
            for path in self.segments():
                self.index.add_many((self.key(json.loads(line)), path.stem) for line in path.open("rb") if line.strip())
                self.index.mark_published(path.stem)
        return len(self.index)


def segment_paths(site_dir: Path | str) -> list[Path]:
    """Every committed segment of a site: its own, then those of each machine's folder
    (``<site>/<host>/*.jsonl``, written by distributed workers; see distributed/archive.py)."""
    site_dir = Path(site_dir)
    return sorted(site_dir.glob("*" + SEGMENT_SUFFIX)) + sorted(
        p for p in site_dir.glob("*/*" + SEGMENT_SUFFIX) if not p.parent.name.startswith("."))


def read_archive(root: Path | str, site: str | None = None) -> Iterator[dict]:
    """Every archived article (of one site, or of all), segment by segment."""
    root = Path(root)
    sites = [root / site] if site else sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for site_dir in sites:
        for path in segment_paths(site_dir):
            with path.open("rb") as lines:
                for line in lines:
                    yield json.loads(line)
