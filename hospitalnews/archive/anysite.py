"""Is an article id archived under *any* site of an archive? One id is one line in the whole archive.

The same article can arrive under two site keys: a trial ``news -a start_url=…`` run archives under
the host's key, the registered site later under its own; two papers can share a story page. Each
site's index (index.py) answers for its site; this answers for the archive, by asking every site's
index (a few µs each, opened once per process).
"""

from __future__ import annotations

import time
from pathlib import Path

from .index import ArchiveIndex


class ArchiveIds:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._indexes: dict[str, ArchiveIndex] = {}
        self._root_mtime: int | None = None
        self._looked_at = float("-inf")
        self._waiting: set[str] = set()   # site folders seen without an index yet

    REFRESH_SECONDS = 1.0

    def _refresh(self) -> None:
        """Open the index of every site that has one. A crawl asks once per item, so this looks at the
        folder at most once a second, and lists it again only when its mtime says a site folder came or
        went; folders seen without an index are looked at again each time until theirs appears."""
        now = time.monotonic()
        if now - self._looked_at < self.REFRESH_SECONDS:
            return
        self._looked_at = now
        try:
            mtime = self.root.stat().st_mtime_ns
        except OSError:
            return
        if mtime != self._root_mtime:
            self._root_mtime = mtime
            self._waiting = {d.name for d in self.root.iterdir()
                             if d.name not in self._indexes and not d.name.startswith(".") and d.is_dir()}
        for name in list(self._waiting):
            if (self.root / name / ArchiveIndex.FILENAME).exists():
                self._indexes[name] = ArchiveIndex(self.root / name)
                self._waiting.discard(name)

    def site_of(self, article_id: str, *, refresh: bool = True) -> str | None:
        """The site key whose archive holds ``article_id``, or None."""
        if refresh:
            self._refresh()
        return next((site for site, index in self._indexes.items() if article_id in index), None)

    def close(self) -> None:
        for index in self._indexes.values():
            index.close()
        self._indexes.clear()
