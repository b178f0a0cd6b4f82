"""Which article ids a site's archive holds: a SQLite table beside the segments.

SQLite gives what a text file cannot: a lookup that costs microseconds with a million ids and
needs no loading at start-up, and a write lock shared by every process that archives the site.
The index is derived data; ``SiteArchive.rebuild_index`` recreates it from the segments.

Besides the ids, the index records which segments it fully covers (table ``published``): a writer
records its segment, in a transaction it commits with ``synchronous=FULL`` (the WAL is fsynced, and
with it every earlier transaction), *before* renaming the segment into place. So after a power cut a
visible segment is always recorded, and a segment the index does not record (an archive written before
this table, an index restored from a backup or lost) is read again at the next open and its ids added
(``SiteArchive.reconcile``). Appends between commit points keep ``synchronous=NORMAL``: their rows may
be lost with the power, but their lines are in an unpublished part, which salvage re-indexes.

Interface (kept small for other index back-ends, e.g. the distributed one): ``in``, ``len``,
``segment_of``, ``ids_in``, ``exclusive(durable=)``, ``add``, ``add_many``, ``forget``, ``clear``,
``published``, ``mark_published``, ``close``.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path


class ArchiveIndex:
    FILENAME = ".index.sqlite"

    def __init__(self, site_dir: Path):
        site_dir.mkdir(parents=True, exist_ok=True)
        self.path = site_dir / self.FILENAME
        # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE below).
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        self._retrying("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._retrying("CREATE TABLE IF NOT EXISTS ids (id TEXT PRIMARY KEY, segment TEXT NOT NULL) WITHOUT ROWID")
        self._retrying("CREATE TABLE IF NOT EXISTS published (segment TEXT PRIMARY KEY) WITHOUT ROWID")

    def _retrying(self, sql: str, deadline_seconds: float = 60.0) -> None:
        """Run ``sql``, retrying while the database is locked.

        The busy timeout covers most waits, but in WAL mode SQLite returns SQLITE_BUSY at once in some
        cases (another connection switching the journal mode, running WAL recovery, or removing the WAL
        as the last one closes). Several writer processes meet these, so wait them out here.
        """
        deadline = time.monotonic() + deadline_seconds
        delay = 0.005
        while True:
            try:
                self._db.execute(sql)
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) and "busy" not in str(error) or time.monotonic() > deadline:
                    raise
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)

    def __contains__(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM ids WHERE id = ?", (article_id,)).fetchone() is not None

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM ids").fetchone()[0]

    def segment_of(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT segment FROM ids WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def ids_in(self, segment: str) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT id FROM ids WHERE segment = ?", (segment,))}

    @contextmanager
    def exclusive(self, durable: bool = False):
        """A write transaction: no other process adds ids until it ends (commit, or rollback on error).

        ``durable``: the commit fsyncs the WAL (``synchronous=FULL``), so this transaction and every
        earlier one survive a power cut. A failed commit (SQLITE_FULL, say) rolls back and raises.
        """
        if durable:
            self._db.execute("PRAGMA synchronous=FULL")
        try:
            self._retrying("BEGIN IMMEDIATE")
            try:
                yield self
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    try:
                        self._db.execute("ROLLBACK")
                    except sqlite3.Error:
                        pass  # SQLite may have rolled back already (SQLITE_FULL): the original error matters
                raise
        finally:
            if durable:
                self._db.execute("PRAGMA synchronous=NORMAL")

    def add(self, article_id: str, segment: str) -> None:
        self._db.execute("INSERT INTO ids (id, segment) VALUES (?, ?)", (article_id, segment))

    def add_many(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._db.executemany("INSERT OR IGNORE INTO ids (id, segment) VALUES (?, ?)", pairs)

    def forget(self, ids: Iterable[str]) -> None:
        self._db.executemany("DELETE FROM ids WHERE id = ?", ((i,) for i in ids))

    def clear(self) -> None:
        self._db.execute("DELETE FROM ids")
        self._db.execute("DELETE FROM published")

    def published(self) -> set[str]:
        """Segments whose every id the index holds (recorded before the segment became visible)."""
        return {row[0] for row in self._db.execute("SELECT segment FROM published")}

    def mark_published(self, segment: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO published (segment) VALUES (?)", (segment,))

    def close(self) -> None:
        self._db.close()
