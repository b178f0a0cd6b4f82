"""Walk state (nightly/walks.py) of a distributed crawl: one Redis hash per site, shared by every machine.

``hospitalnews:archive:<site>:walks``: start URL → ``{"complete": bool, "at": ISO time}`` as JSON, the
same record WalkState keeps in ``.walks.json``. A walk is marked complete by the worker that parsed its
last list page, and only when that worker closes with the whole run finished (scheduler.py), so a
walk is never complete while requests it produced are queued or held.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path


class RedisWalkState:
    def __init__(self, server, site: str, site_dir: Path | None = None):
        self.server = server
        self.key = f"hospitalnews:archive:{site}:walks"
        # where WalkState would keep the file (the spider asks whether the site's folder exists); the
        # distributed scheduler creates that folder, so every worker marks its walks incomplete at start
        self.path = Path(site_dir or ".") / ".walks.json"

    def was_complete(self, start_url: str) -> bool:
        raw = self.server.hget(self.key, start_url)
        return bool(raw and json.loads(raw).get("complete"))

    def begin(self, start_url: str) -> None:
        """The walk of ``start_url`` starts (WalkState.begin): incomplete until marked complete."""
        self.mark(start_url, complete=False)

    def mark(self, start_url: str, complete: bool) -> None:
        record = {"complete": complete, "at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self.server.hset(self.key, start_url, json.dumps(record))
