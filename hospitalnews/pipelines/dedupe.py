"""One item per article id within a crawl (the archive keeps it to one per id across crawls)."""

from __future__ import annotations

from scrapy.exceptions import DropItem

from ..items import item_adapter


class DeduplicationPipeline:
    def __init__(self, stats):
        self.stats = stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        article_id = item_adapter(item)["id"]
        if article_id in self.seen:
            self.stats.inc_value("hospitalnews/dropped/duplicate")
            raise DropItem(f"duplicate article id {article_id}")
        self.seen.add(article_id)
        return item
