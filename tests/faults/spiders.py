"""The spider for the fault-injecting server (``-s SPIDER_MODULES=tests.faults.spiders``)."""

from tests.nightly.spiders import NightlySiteSpider


class FaultSiteSpider(NightlySiteSpider):
    """Crawls tests/faults/server.py; its address comes from the FAULT_SERVER_URL setting."""

    name = "fault_site"
    site = "fault_site"
    allowed_domains = ["127.0.0.1"]
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/a/[\w-]+\.html$"

    async def start(self):
        self.start_urls = [self.settings.get("FAULT_SERVER_URL").rstrip("/") + "/"]
        async for request in super().start():
            yield request
