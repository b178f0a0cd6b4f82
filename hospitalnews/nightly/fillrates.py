"""Extension: how many scraped items fill each field, and which items were dropped (with their URL).

Stats ``fields/items`` and ``fields/filled/<name>`` give the run report its fill rates; dropped items
join ``hospitalnews/failures`` as kind "dropped", and a redirect the duplicate filter drops (a redirect
loop: no errback runs) as kind "redirect_loop".
"""

from __future__ import annotations

import time
from collections import Counter

from scrapy import signals

from .failures import RecordedDrop, record_failure
from ..items import item_adapter


def is_filled(value) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class FieldFillRates:
    """Counts in memory and adds them to the stats every ``FLUSH_ITEMS`` items, at least every
    ``FLUSH_SECONDS``, and as the spider closes (a stats call costs about 3 µs in Scrapy 2.19, and an item
    has 25 fields). Listed in EXTENSIONS before StatsFile, so its spider_closed handler runs first and the
    stats file holds the final counts. A crawl stopped without spider_closed loses at most the last
    second's counts (the run report then reads the rates over ``fields/items``, not over every item)."""

    FLUSH_ITEMS = 50
    FLUSH_SECONDS = 1.0

    def __init__(self, stats):
        self.stats = stats
        self._counts: Counter = Counter()
        self._pending = 0
        self._flushed_at = time.monotonic()
        self._keys: dict[str, str] = {}   # field name -> its stat key

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext.flush, signal=signals.spider_closed)
        return ext

    def item_scraped(self, item, response, spider):
        adapter = item_adapter(item)
        counts, keys = self._counts, self._keys
        counts["fields/items"] += 1
        for name in adapter.field_names():
            key = keys.get(name) or keys.setdefault(name, f"fields/filled/{name}")
            counts[key] += 1 if is_filled(adapter.get(name)) else 0
        self._pending += 1
        if self._pending >= self.FLUSH_ITEMS or time.monotonic() - self._flushed_at >= self.FLUSH_SECONDS:
            self.flush()

    def flush(self, *args, **kwargs) -> None:
        """Add the counts kept since the last flush to the crawl's stats (a key counted 0 times is set to 0)."""
        for key, count in self._counts.items():
            self.stats.inc_value(key, count)
        self._counts.clear()
        self._pending = 0
        self._flushed_at = time.monotonic()

    def item_dropped(self, item, response, exception, spider):
        url = item_adapter(item).get("url") or getattr(response, "url", "(no url)")
        if "duplicate" not in str(exception) and not isinstance(exception, RecordedDrop):
            record_failure(self.stats, url, "dropped", str(exception))

    def request_dropped(self, request, spider):
        urls = request.meta.get("redirect_urls")
        if urls:
            record_failure(self.stats, urls[0], "redirect_loop", f"redirect back to an already-requested URL {request.url}")
