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
        self._db.execute("CREATE TABLE IF NOT EXISTS latest (url TEXT PRIMARY KEY, status INTEGER NOT NULL,"
                         " digest TEXT NOT NULL, record_id TEXT NOT NULL, date TEXT NOT NULL, replay TEXT)")

    def get(self, url: str) -> StoredPayload | None:
        row = self._db.execute("SELECT status, digest, record_id, date, replay FROM latest WHERE url = ?", (url,)).fetchone()
        return StoredPayload(*row) if row else None

    # Rows are committed in batches: a row lost to a kill costs the next crawl one full record instead
    # of a revisit, never a wrong revisit; one transaction per page cost a WAL write per page.
    COMMIT_ROWS = 200
    COMMIT_SECONDS = 5.0

    def put(self, url: str, stored: StoredPayload) -> None:
        if not self._db.in_transaction:
            self._db.execute("BEGIN")
            self._pending, self._since = 0, time.monotonic()
        self._db.execute("INSERT OR REPLACE INTO latest VALUES (?, ?, ?, ?, ?, ?)",
                         (url, stored.status, stored.digest, stored.record_id, stored.date, stored.replay))
        self._pending += 1
        if self._pending >= self.COMMIT_ROWS or time.monotonic() - self._since >= self.COMMIT_SECONDS:
            self.commit()

    def commit(self) -> None:
        if self._db.in_transaction:
            self._db.execute("COMMIT")

    def __len__(self) -> int:
        return self._db.execute("SELECT count(*) FROM latest").fetchone()[0]

    def close(self) -> None:
        self.commit()
        self._db.close()
