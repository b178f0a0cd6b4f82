"""Extension: how many scraped items fill each field, and which items were dropped (with their URL).

Stats ``fields/items`` and ``fields/filled/<name>`` give the run report its fill rates; dropped items
join ``hospitalnews/failures`` as kind "dropped", and a redirect the duplicate filter drops (a redirect
loop: no errback runs) as kind "redirect_loop".
"""

from __future__ import annotations

from scrapy import signals

from .failures import RecordedDrop, record_failure
from ..items import item_adapter


def is_filled(value) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class FieldFillRates:
    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    def item_scraped(self, item, response, spider):
        adapter = item_adapter(item)
        self.stats.inc_value("fields/items")
        for name in adapter.field_names():
            if is_filled(adapter.get(name)):
                self.stats.inc_value(f"fields/filled/{name}")
            else:
                self.stats.inc_value(f"fields/filled/{name}", 0)

    def item_dropped(self, item, response, exception, spider):
        url = item_adapter(item).get("url") or getattr(response, "url", "(no url)")
        if "duplicate" not in str(exception) and not isinstance(exception, RecordedDrop):
            record_failure(self.stats, url, "dropped", str(exception))

    def request_dropped(self, request, spider):
        urls = request.meta.get("redirect_urls")
        if urls:
            record_failure(self.stats, urls[0], "redirect_loop", f"redirect back to an already-requested URL {request.url}")
