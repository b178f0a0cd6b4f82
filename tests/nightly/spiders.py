"""Spiders for the generated test sites (added with ``-s SPIDER_MODULES=hospitalnews.spiders,tests.nightly.spiders``)."""

from hospitalnews.spiders.base import HospitalNewsSpider

from .site import HOST


class NightlySiteSpider(HospitalNewsSpider):
    name = "nightly_site"
    site_name = "夜间测试医院"
    category = "新闻"
    allowed_domains = ["nightly-hospital.test"]
    start_urls = [f"http://{HOST}/news/", f"http://{HOST}/notice/"]
    article_url_pattern = r"^https?://www\.[\w-]+\.test/\w+/\d{5}\.html$"
    list_entry_css = "ul.news > li"
    title_css = ".article h1"
    meta_css = ".article .info"
    body_css = ".article .content"


class ChangedLayoutSpider(NightlySiteSpider):
    """Its selectors describe last year's layout: the list yields no article links (a broken site)."""

    name = "nightly_changed_layout"
    site = "nightly_changed_layout"
    allowed_domains = ["changed-hospital.test"]
    start_urls = ["http://www.changed-hospital.test/news/"]
    list_entry_css = "table.newslist tr"


class UndatedSpider(NightlySiteSpider):
    """Its pages and list entries state no date (build_site(dated=False)): items lack publish_time (a broken site)."""

    name = "nightly_undated"
    site = "nightly_undated"
    allowed_domains = ["undated-hospital.test"]
    start_urls = ["http://www.undated-hospital.test/news/"]
    list_entry_css = "ul.news > li > a"

