"""Which list walks (one per start URL) last ran to their end: ``ARCHIVE_DIR/<site>/.walks.json``.

Incremental paging stops once a list page brings nothing new. That is only safe when the previous
walk of that list finished: a crawl killed on page 3 of 80 leaves pages 4-80 unarchived, and the next
run must page all the way down (still skipping every known article) instead of stopping at page 2.
So a walk is marked incomplete when it starts, and complete when it reached its last list page (or
stopped on known articles) in a crawl that then finished normally — a crawl killed after its last list
page but before all the detail pages it found were fetched leaves the walk incomplete.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path


class WalkState:
    FILENAME = ".walks.json"

    def __init__(self, site_dir: Path):
        self.path = Path(site_dir) / self.FILENAME
        try:
            self._walks: dict[str, dict] = json.loads(self.path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            self._walks = {}

    def was_complete(self, start_url: str) -> bool:
        return bool(self._walks.get(start_url, {}).get("complete"))

    def begin(self, start_url: str) -> None:
        """The walk of ``start_url`` starts: it is incomplete until marked complete.

        A site never archived has no directory yet: its walks are incomplete without saying so (no
        record), and a start URL that fails (DNS, 404) leaves no empty site directory behind.
        """
        if self.path.parent.exists():
            self.mark(start_url, complete=False)

    def mark(self, start_url: str, complete: bool) -> None:
        self._walks[start_url] = {"complete": complete, "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f"{self.FILENAME}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(self._walks, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, self.path)  # atomic: a kill leaves the old state or the new one
