"""Which e-paper issues a paper's archive has seen: ``ARCHIVE_DIR/<paper>/.issues.json``.

A nightly ``scrapy crawl epaper`` with no date asks for today *and* every earlier day of the last
``EPAPER_CATCH_UP_DAYS`` (7) that this log does not close, so a night the paper's site was down is
fetched on the next night. A day is closed as

* ``"complete"`` when its first page was read in a crawl that finished normally, or
* ``"none"`` when its first page was missing (HTTP 404/410) after the day was over (no issue that
  day: Sundays, holidays). A missing page for *today* is asked again (it may appear later).

A day whose first page failed otherwise (DNS, refused, timeout, 5xx) stays open and is asked again.
"""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path

COMPLETE, NONE = "complete", "none"


class IssueLog:
    FILENAME = ".issues.json"

    def __init__(self, site_dir: Path):
        self.path = Path(site_dir) / self.FILENAME
        try:
            self.days: dict[str, str] = json.loads(self.path.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            self.days = {}

    def is_closed(self, day: date) -> bool:
        return day.isoformat() in self.days

    def close_day(self, day: date, how: str) -> None:
        self.days[day.isoformat()] = how

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(dict(sorted(self.days.items())), indent=0), "utf-8")
        os.replace(tmp, self.path)


def catch_up_days(today: date, days: int) -> list[date]:
    """Today and the ``days`` days before it, newest first."""
    return [today - timedelta(days=n) for n in range(max(days, 0) + 1)]
