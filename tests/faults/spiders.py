"""The spiders for the fault-injecting server (``-s SPIDER_MODULES=tests.faults.spiders``)."""

from tests.nightly.spiders import NightlySiteSpider


class FaultSiteSpider(NightlySiteSpider):
    """Crawls tests/faults/server.py; its address comes from the FAULT_SERVER_URL setting."""

    name = "fault_site"
    site = "fault_site"
    allowed_domains = ["127.0.0.1"]
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/a/[\w-]+\.html$"
    start_path = "/"

    async def start(self):
        self.start_urls = [self.settings.get("FAULT_SERVER_URL").rstrip("/") + self.start_path]
        async for request in super().start():
            yield request


class CalendarTrapSpider(FaultSiteSpider):
    """A calendar list: 下一页 is ?date= the next day, for ever; days after the 3rd list earlier articles only."""

    name = site = "cal_trap"
    start_path = "/cal/?date=2026-01-01"
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/cal/a/\d+\.html$"


class EndlessCalendarSpider(FaultSiteSpider):
    """A calendar with one new article every day, for ever: only a site bound ends its crawl."""

    name = site = "endless_trap"
    start_path = "/endless/?date=2026-01-01"
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/endless/a/\d+\.html$"


class SessionPagerTrapSpider(FaultSiteSpider):
    """A pager whose every link carries a fresh session id; past its last page it serves that page again."""

    name = site = "session_trap"
    start_path = "/sess/list?page=1"
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/sess/a/[\d-]+\.html$"


class SelfLinkingListSpider(FaultSiteSpider):
    """A list that links to itself among its articles (and the article pattern matches those links)."""

    name = site = "selflink_trap"
    start_path = "/self/list.html"
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/self/\w+\.html(?:\?.*)?$"


class FreshSiteSpider(FaultSiteSpider):
    """Articles published today, revisited by ``-a refresh_views``."""

    name = site = "fresh_site"
    start_path = "/fresh/"
    article_url_pattern = r"^http://127\.0\.0\.1:\d+/fresh/a\d+\.html$"
