"""The digest index of one site's WARC files: for each URL, the last stored payload and where it is.

``WARC_DIR/<site>/.digests.sqlite``, one row per URL: status, ``WARC-Payload-Digest`` (``sha1:BASE32``),
the ``WARC-Record-ID`` of the ``response`` record holding those bytes and its ``WARC-Date``. A page
fetched again with the same status and digest is written as a ``revisit`` record that refers to that
record (WARC 1.1 "identical payload digest" profile), so an unchanged site costs a few hundred bytes
per page per night.

A row is added only after its record is completely written, so the index never points at a torn
record; a crash between the two costs one full record the next night, nothing else. Several
processes may share the file (SQLite locking).
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class StoredPayload:
    status: int
    digest: str
    record_id: str      # WARC-Record-ID of the response record, angle brackets included
    date: str           # its WARC-Date
    replay: str | None = None   # digest of its replay metadata (records.replay_info): a revisit with the same omits it


class DigestIndex:
    def __init__(self, site_dir: Path | str):
        path = Path(site_dir) / ".digests.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")   # a row lost to a power cut costs one full record, no more
        self._pending: dict[str, StoredPayload] = {}
        self._since = 0.0
        self._db.execute("CREATE TABLE IF NOT EXISTS latest (url TEXT PRIMARY KEY, status INTEGER NOT NULL,"
                         " digest TEXT NOT NULL, record_id TEXT NOT NULL, date TEXT NOT NULL, replay TEXT)")

    def get(self, url: str) -> StoredPayload | None:
        if url in self._pending:
            return self._pending[url]
        row = self._db.execute("SELECT status, digest, record_id, date, replay FROM latest WHERE url = ?", (url,)).fetchone()
        return StoredPayload(*row) if row else None

    # Rows are written in batches, each one short transaction: one transaction per page cost a WAL write
    # per page; holding one open across a batch would block every other writer of the site (workers of a
    # distributed crawl share the folder) for as long. A row lost to a kill costs the next crawl one full
    # record instead of a revisit, never a wrong revisit.
    FLUSH_ROWS = 200
    FLUSH_SECONDS = 5.0

    def put(self, url: str, stored: StoredPayload) -> None:
        if not self._pending:
            self._since = time.monotonic()
        self._pending[url] = stored
        if len(self._pending) >= self.FLUSH_ROWS or time.monotonic() - self._since >= self.FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write the rows put since the last flush (one transaction)."""
        if not self._pending:
            return
        rows = [(url, p.status, p.digest, p.record_id, p.date, p.replay) for url, p in self._pending.items()]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT OR REPLACE INTO latest VALUES (?, ?, ?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._pending.clear()

    def __len__(self) -> int:
        self.flush()
        return self._db.execute("SELECT count(*) FROM latest").fetchone()[0]

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()
