"""Spiders for the generated test sites (added with ``-s SPIDER_MODULES=hospitalnews.spiders,tests.nightly.spiders``)."""

from hospitalnews.spiders.base import HospitalNewsSpider

from .site import HOST


class NightlySiteSpider(HospitalNewsSpider):
    name = "nightly_site"
    site_name = "夜间测试医院"
    category = "新闻"
    allowed_domains = ["nightly-hospital.test"]
    start_urls = [f"http://{HOST}/news/", f"http://{HOST}/notice/"]
    article_url_pattern = r"^https?://www\.nightly-hospital\.test/\w+/\d{5}\.html$"
    list_entry_css = "ul.news > li"
    title_css = ".article h1"
    meta_css = ".article .info"
    body_css = ".article .content"


class FaultSiteSpider(NightlySiteSpider):
    """The fault-injecting server (tests/faults/server.py); its address comes from the FAULT_SERVER_URL setting."""

    name = "fault_site"
    allowed_domains = ["127.0.0.1"]
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/a/[\w-]+\.html$"

    async def start(self):
        self.start_urls = [self.settings.get("FAULT_SERVER_URL").rstrip("/") + "/"]
        async for request in super().start():
            yield request
