"""Scrapy's offsite filter, naming what it filters: a redirect to another domain is dropped silently
(at ``request_scheduled``, so no errback runs); this records it in ``hospitalnews/failures``."""

from __future__ import annotations

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest

from .failures import record_failure


class RecordingOffsiteMiddleware(OffsiteMiddleware):
    def request_scheduled(self, request, spider):
        try:
            super().request_scheduled(request, spider)
        except IgnoreRequest as filtered:
            first = (request.meta.get("redirect_urls") or [request.url])[0]
            record_failure(self.stats, first, "skipped", f"{filtered} (never followed: {request.url})")
            raise
