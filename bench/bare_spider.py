"""The crawl baseline: a bare Scrapy spider that follows the same links as the ``news`` spider.

    scrapy runspider bench/bare_spider.py -a start_urls=URL,URL -a stats_file=PATH

List pages: every link of the site's article list (``ul.news-list a``) and its 下一页 link; detail
pages: title and body text by CSS, yielded as a dict. No pipelines, no archive, Scrapy's defaults
(run from a directory without scrapy.cfg, so the project's settings do not apply).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_urls: str = "", stats_file: str = "", **kwargs):
        super().__init__(**kwargs)
        self.start_urls = [u for u in start_urls.split(",") if u]
        self.stats_file = stats_file

    def parse(self, response):
        for href in response.css("ul.news-list a::attr(href)").getall():
            yield response.follow(href, self.parse_article)
        for link in response.css("div.pages a"):
            if link.css("::text").get() == "下一页":
                yield response.follow(link.attrib["href"], self.parse)

    def parse_article(self, response):
        yield {"url": response.url, "title": response.css("h1::text, h2::text").get(),
               "text": " ".join(response.css("p::text").getall())}

    def closed(self, reason):
        if self.stats_file:
            stats = dict(self.crawler.stats.get_stats())
            if "elapsed_time_seconds" not in stats:  # CoreStats sets it after closed(): the same clock
                stats["elapsed_time_seconds"] = (datetime.now(timezone.utc) - stats["start_time"]).total_seconds()
            with open(self.stats_file, "w", encoding="utf-8") as out:
                json.dump(stats, out, default=str)
