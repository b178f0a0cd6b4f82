"""Per-domain politeness across the whole cluster: one request to a host every ``DISTRIBUTED_DOMAIN_DELAY``
seconds, however many workers crawl it.

Scrapy's DOWNLOAD_DELAY is per process: 10 workers would hit a hospital 10 times as often. This
downloader middleware books the next free moment for the request's host in Redis (one Lua script: the
host's next slot is ``max(now, booked) + delay``, by Redis's clock) and waits for it before the request
goes on. The default delay is DOWNLOAD_DELAY; 0 turns it off.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy_redis.connection import get_redis_from_settings
from twisted.internet import reactor, task

BOOK = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local booked = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, booked)
redis.call('SET', KEYS[1], slot + interval, 'PX', interval * 2 + 60000)
return slot - now
"""


class ClusterPoliteness:
    def __init__(self, server, delay_ms: int, stats=None):
        self.server = server
        self.delay_ms = delay_ms
        self.stats = stats
        self._book = server.register_script(BOOK)

    @classmethod
    def from_crawler(cls, crawler):
        settings = crawler.settings
        delay = settings.getfloat("DISTRIBUTED_DOMAIN_DELAY", settings.getfloat("DOWNLOAD_DELAY", 0))
        if delay <= 0:
            raise NotConfigured
        return cls(get_redis_from_settings(settings), int(delay * 1000), crawler.stats)

    def wait_ms(self, host: str) -> int:
        """Book the host's next slot; how long to wait for it (ms)."""
        return int(self._book(keys=[f"hospitalnews:polite:{host}"], args=[self.delay_ms]))

    async def process_request(self, request):
        host = (urlsplit(request.url).hostname or "").lower()
        wait = self.wait_ms(host)
        if wait > 0:
            if self.stats:
                self.stats.inc_value("distributed/politeness_wait_ms", wait)
            await maybe_deferred_to_future(task.deferLater(reactor, wait / 1000, lambda: None))
        return None
