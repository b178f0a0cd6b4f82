"""Spiders of single tests (their own module, so the crawlall tests do not run them)."""

import scrapy

from .site import HOST
from .spiders import NightlySiteSpider


class Kill20Spider(NightlySiteSpider):
    """The 2,080-article generated site of the kill-20 test: four sections of 520."""

    name = "kill20_site"
    start_urls = [f"http://{HOST}/{section}/" for section in ("news", "notice", "kepu", "dangjian")]


class BareStartSpider(NightlySiteSpider):
    """Overrides start() with plain requests (no errback), as a subclass may."""

    name = "bare_start"

    async def start(self):
        for url in (f"http://{HOST}/news/", f"http://{HOST}/gone/"):
            yield scrapy.Request(url, callback=self.parse_list, cb_kwargs={"page": 1, "quiet_pages": 0})


class FailsToStartSpider(NightlySiteSpider):
    """Its constructor raises, as a spider given a bad argument or a missing file does."""

    name = "fails_to_start"
    site = "fails_to_start"

    def __init__(self, *args, **kwargs):
        raise ValueError("cannot start: no such list")
