"""Scrapy's offsite filter, made to tell the spider and to hold for redirects of every request.

Scrapy's ``OffsiteMiddleware`` drops an offsite request when it is scheduled (``request_scheduled``):
no errback runs. So anything the spider waits on that request for is lost with it, e.g. an article
whose view-counter script is on another host is never archived (the item travels with the counter
request). Here the check runs in ``process_request`` instead, before anything is downloaded, where an
``IgnoreRequest`` reaches the request's errback: the spider archives the article with the value null
and counts why (``offsite/filtered``; the counter's errback counts ``view_counter_failed``).

A request marked ``dont_filter`` (a ``-a refresh_views`` revisit, a start URL) is exempt from the
offsite check in Scrapy, and its redirects inherit the mark: a revisit redirected to another host was
followed and its count stored. Here a redirected request is checked whatever its ``dont_filter``; only
``meta["allow_offsite"]`` exempts it. A filtered redirect is recorded in ``hospitalnews/failures`` with
the URL first asked for (by the spider's errback, or here when the request has none).
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from .failures import record_failure


class RecordingOffsiteMiddleware(OffsiteMiddleware):
    def request_scheduled(self, request, spider=None):
        return None  # checked in process_request, where a filtered request's errback runs

    def process_request(self, request, spider=None):
        redirected = request.meta.get("redirect_urls")
        if request.meta.get("allow_offsite") or (request.dont_filter and not redirected):
            return None
        if self.should_follow(request, self.crawler.spider):
            return None
        domain = urlparse_cached(request).hostname
        if domain and domain not in self.domains_seen:
            self.domains_seen.add(domain)
            self.stats.inc_value("offsite/domains")
        self.stats.inc_value("offsite/filtered")
        reason = f"Filtered offsite request to {domain!r}"
        if redirected:
            reason += f" (never followed: {request.url})"
        if request.errback is None:
            record_failure(self.stats, (redirected or [request.url])[0], "skipped", reason)
        raise IgnoreRequest(reason)
