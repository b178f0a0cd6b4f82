"""View-count history: ``VIEWS_DIR/<site>/*.jsonl``, one ``{"id", "observed_at", "view_count"}`` per line.

A separate stream beside the article archive (which is never rewritten), written by the same crash-safe
segment machinery (store.py) with "one line per (id, observed_at)" as its uniqueness rule.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

from ..extract.dates import CST
from .store import SEGMENT_SUFFIX, SiteArchive


def observation_key(record: dict) -> str:
    return f"{record['id']}@{record['observed_at']}"


class ViewHistory(SiteArchive):
    def __init__(self, root: Path | str, site: str, **kwargs):
        super().__init__(root, site, key=observation_key, **kwargs)

    def observe(self, article_id: str, view_count: int | None, observed_at: datetime | None = None) -> bool:
        moment = (observed_at or datetime.now(timezone.utc)).isoformat(timespec="seconds")
        return self.append({"id": article_id, "observed_at": moment, "view_count": view_count})


def _segment_time(path: Path) -> datetime | None:
    try:
        return datetime.strptime(path.name[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def recent_articles(root: Path | str, site: str, days: float, now: datetime | None = None) -> Iterator[dict]:
    """Archived articles of ``site`` published in the last ``days`` days.

    Segments are named by the time they were started, and an article cannot be archived before it is
    published, so segments started more than a day before the cutoff are not read at all.
    """
    now = now or datetime.now(timezone.utc)
    cutoff = now - timedelta(days=days)
    site_dir = Path(root) / site
    for path in sorted(site_dir.glob("*" + SEGMENT_SUFFIX)):
        started = _segment_time(path)
        if started is not None and started < cutoff - timedelta(days=1):
            continue
        with path.open("rb") as lines:
            for line in lines:
                record = json.loads(line)
                published = record.get("publish_time")
                if not published:
                    continue
                moment = datetime.fromisoformat(published)
                if moment.tzinfo is None:
                    moment = moment.replace(tzinfo=CST)
                if cutoff <= moment <= now + timedelta(days=1):
                    yield record
