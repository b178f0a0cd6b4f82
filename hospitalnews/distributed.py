"""Keep scrapy-redis workers alive while the shared crawl still has work.

With scrapy-redis's scheduler, several ``scrapy crawl`` processes (on one or many machines) share one
request queue and one dupefilter in Redis. Left alone, a worker that finds the queue empty closes at
once, even while another worker is parsing a list page that will enqueue twenty more detail pages.
This extension publishes a short-lived "busy" key while its worker has work in hand, and on
``spider_idle`` keeps the worker open (DontCloseSpider) while the shared queue holds requests or any
other worker is busy. A crashed worker's key expires after ``DISTRIBUTED_BUSY_TTL`` seconds.

Enabled only when ``SCHEDULER`` is scrapy-redis's.
"""

from __future__ import annotations

import logging
import os
import socket

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

logger = logging.getLogger(__name__)


class RedisIdleKeepAlive:
    def __init__(self, crawler, server):
        self.crawler = crawler
        self.server = server
        settings = crawler.settings
        self.ttl_ms = int(settings.getfloat("DISTRIBUTED_BUSY_TTL", 10.0) * 1000)
        self.queue_key_template = settings.get("SCHEDULER_QUEUE_KEY", "%(spider)s:requests")
        self.worker = f"{socket.gethostname()}-{os.getpid()}"
        self.busy = True
        self._beat = task.LoopingCall(self._publish)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("SCHEDULER", "").startswith("scrapy_redis."):
            raise NotConfigured  # (silently: most crawls are not distributed)
        from scrapy_redis.connection import get_redis_from_settings

        ext = cls(crawler, get_redis_from_settings(crawler.settings))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.working, signal=signals.response_received)
        crawler.signals.connect(ext.working, signal=signals.request_scheduled)
        return ext

    def _busy_key(self, worker: str = "*") -> str:
        return f"hospitalnews:{self.crawler.spider.name}:busy:{worker}"

    def _publish(self):
        if self.busy:
            self.server.set(self._busy_key(self.worker), 1, px=self.ttl_ms)

    def spider_opened(self, spider):
        self._beat.start(max(self.ttl_ms / 3000, 0.2), now=True)

    def working(self, *args, **kwargs):
        if not self.busy:
            self.busy = True
            self._publish()

    def spider_idle(self, spider):
        self.busy = False
        self.server.delete(self._busy_key(self.worker))
        queue_key = self.queue_key_template % {"spider": spider.name}
        kind = self.server.type(queue_key)
        kind = kind.decode() if isinstance(kind, bytes) else kind
        pending = {"zset": self.server.zcard, "list": self.server.llen}.get(kind, lambda key: 0)(queue_key)
        others = next(iter(self.server.scan_iter(match=self._busy_key(), count=100)), None)
        if pending or others:
            logger.debug("Staying open: %d queued request(s), other workers busy: %s", pending, bool(others))
            raise DontCloseSpider

    def spider_closed(self, spider):
        if self._beat.running:
            self._beat.stop()
        self.server.delete(self._busy_key(self.worker))
