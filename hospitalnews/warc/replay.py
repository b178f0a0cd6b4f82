"""Crawl against a WARC capture instead of the network (``hospitalnews reextract`` uses it).

A downloader middleware at 960, after every other ``process_request``: with ``WARC_REPLAY_DIR`` set
it answers every request from the latest capture of the same request (URL; method and body too
unless a bodiless GET) in ``WARC_REPLAY_DIR/<site>/`` (reader.py),
so the downloader never runs: not one network request. A URL that was never captured is refused
(``IgnoreRequest``, counted as ``warc_replay/missing``). Responses then pass every other middleware
as if fetched (decompression, redirects, robots.txt rules), so today's spider code extracts them;
``request.meta["warc_fetched_at"]`` (the capture's WARC-Date) becomes the article's ``crawled_at``.

Two passes, both through the spider's own callbacks:

1. the ordinary crawl from the start URLs: list pages are parsed again with today's list code;
2. when the spider goes idle, every captured page whose request had a callback in
   ``WARC_REPLAY_CALLBACKS`` (default ``parse_article``, ``parse_page``) and was not replayed yet
   (an article whose list page moved on since, say) is requested with that callback and the
   arguments recorded at capture (the list entry, records.py).

Settings: ``WARC_REPLAY_DIR``, ``WARC_REPLAY_SITE`` (the captures of this site directory; default the
spider's site), ``WARC_REPLAY_SINCE`` (ignore captures dated before it),
``WARC_REPLAY_CALLBACKS``. Stats: ``warc_replay/answered``, ``warc_replay/missing``,
``warc_replay/second_pass``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from .capture import WARC_RECORD_ID, bare_id, site_of
from .reader import CaptureIndex, load_page, request_key

logger = logging.getLogger(__name__)

FETCHED_AT = "warc_fetched_at"   # request.meta key: when the replayed page was fetched (the article's crawled_at)


def fetched_at(warc_date: str) -> str:
    """``2026-11-29T14:37:35.379777Z`` (WARC-Date) → ``2026-11-29T14:37:35+00:00`` (crawled_at's form)."""
    return datetime.fromisoformat(warc_date.replace("Z", "+00:00")).astimezone(timezone.utc).isoformat(timespec="seconds")


class WarcReplayMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        self.root = settings.get("WARC_REPLAY_DIR")
        if not self.root:
            raise NotConfigured  # an ordinary crawl: silent (no "Disabled" warning)
        self.crawler = crawler
        self.stats = crawler.stats
        self.since = settings.get("WARC_REPLAY_SINCE") or None
        self.site = settings.get("WARC_REPLAY_SITE") or None   # default: the spider's site
        self.callbacks = settings.getlist("WARC_REPLAY_CALLBACKS", ["parse_article", "parse_page"])
        self.index: CaptureIndex | None = None
        self.answered: set[str] = set()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        site = self.site or site_of(spider)
        self.index = CaptureIndex.build(self.root, site, since=self.since)
        logger.info("Replaying %d captured URL(s) of %s from %s", len(self.index), site, self.root)

    def process_request(self, request):
        capture = self.index.get(request_key(request.url, request.method, request.body)) if self.index else None
        if capture is None:
            self.stats.inc_value("warc_replay/missing")
            logger.debug("Not in the WARC capture: %s", request.url)
            raise IgnoreRequest(f"not in the WARC capture: {request.url}")
        page = load_page(capture)
        self.answered.add(request_key(request.url, request.method, request.body))
        self.stats.inc_value("warc_replay/answered")
        request.meta[WARC_RECORD_ID] = bare_id(capture.payload_record_id)
        request.meta[FETCHED_AT] = fetched_at(capture.date)
        headers = Headers(page.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=page.body)
        return cls(url=request.url, status=page.status, headers=headers, body=page.body,
                   flags=["warc-replay"], request=request, protocol=page.protocol)

    def spider_idle(self, spider):
        pending = []
        for key, capture in self.index.latest.items() if self.index else ():
            if key in self.answered or not capture.replay or key != capture.url:
                continue   # (a POST is only replayed when the crawl asks for it again: its form is not recorded)
            name = capture.replay.get("callback")
            if name not in self.callbacks or not callable(getattr(spider, name, None)):
                continue
            errback = capture.replay.get("errback")
            pending.append(Request(capture.url, callback=getattr(spider, name),
                                   errback=getattr(spider, errback, None) if errback else None,
                                   cb_kwargs=capture.replay.get("cb_kwargs") or {},
                                   meta=capture.replay.get("meta") or {}, dont_filter=True))
            self.answered.add(key)   # scheduled once, whatever becomes of it
        if not pending:
            return
        self.stats.inc_value("warc_replay/second_pass", len(pending))
        logger.info("Replaying %d captured page(s) the crawl did not reach again", len(pending))
        for request in pending:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider
