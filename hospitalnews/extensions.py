"""Small Scrapy extensions."""

from __future__ import annotations

import json
import os
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured


class StatsFile:
    """Writes the crawl's final stats as JSON to the ``STATS_FILE`` setting's path (tests, run reports)."""

    def __init__(self, crawler, path: str):
        self.crawler = crawler
        self.path = Path(path)

    @classmethod
    def from_crawler(cls, crawler):
        path = crawler.settings.get("STATS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, path)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = dict(self.crawler.stats.get_stats())
        stats["finish_reason"] = reason
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(stats, default=str, ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, self.path)
