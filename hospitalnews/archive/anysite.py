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
        self._looked_at = float("-inf")

    REFRESH_SECONDS = 1.0

    def _refresh(self) -> None:
        """Open the index of every site that has one. A crawl asks once per item, so the folder is
        looked at no more than once a second (a site another process starts is seen within a second)."""
        now = time.monotonic()
        if now - self._looked_at < self.REFRESH_SECONDS or not self.root.is_dir():
            return
        self._looked_at = now
        for site_dir in self.root.iterdir():
            if site_dir.name not in self._indexes and not site_dir.name.startswith(".") \
                    and (site_dir / ArchiveIndex.FILENAME).exists():
                self._indexes[site_dir.name] = ArchiveIndex(site_dir)

    def site_of(self, article_id: str, *, refresh: bool = True) -> str | None:
        """The site key whose archive holds ``article_id``, or None."""
        if refresh:
            self._refresh()
        return next((site for site, index in self._indexes.items() if article_id in index), None)

    def close(self) -> None:
        for index in self._indexes.values():
            index.close()
        self._indexes.clear()
