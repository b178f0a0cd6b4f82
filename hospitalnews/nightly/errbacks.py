"""Spider middleware: every request a hospital spider makes gets an errback that records its URL.

base.py's own requests carry ``errback=spider.on_request_failed`` already; this covers requests that a
subclass builds itself (an overridden ``start()``, say) without an errback, whose failures Scrapy would
only log.
"""

from __future__ import annotations

from scrapy.spidermiddlewares.base import BaseSpiderMiddleware


class RecordFailuresMiddleware(BaseSpiderMiddleware):
    def get_processed_request(self, request, response):
        if request.errback is None:
            record = getattr(self.crawler.spider, "on_request_failed", None)
            if record is not None:
                request.errback = record
        return request
