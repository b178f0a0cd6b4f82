"""The generic spider: archive any hospital news column from its list URL, with no code.

    scrapy crawl news -a start_url=http://www.example-hospital.cn/xwzx/index.html [-a site=KEY] [-a max_pages=N]
    scrapy crawl news -a site=tazhongyi          # a site registered in data/sites.toml
    scrapy crawl news -a site=KEY -a registry=other/sites.toml

The site key is ``-a site``, else the registry entry whose start URLs share the host, else the host
(``www.trs-hospital.test`` → ``trs_hospital_test``). An unregistered site's name is what its first
list page calls itself (``og:site_name``/``SiteName`` meta, else the end of ``<title>``).

List pages are read by ``extract.listing`` (the repeated block of titled, dated links), paged by
``extract.pagination``, and every detail page by ``extract.article.extract_article``. Pages whose
view count comes from a JavaScript counter get one follow-up request to that endpoint (these
endpoints increment the site's count, so: once per article per crawl, never for an archived
article, and not at all with ``-s VIEW_COUNTER_REQUESTS=0``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider

from ..extract.article import extract_article
from ..extract.counters import parse_counter_response
from ..extract.encoding import decode_html
from ..extract.epaper_systems import looks_like_epaper
from ..extract.listing import find_list_block, find_site_name, site_hosts
from ..extract.pagination import next_page_url
from ..papers import load_papers
from ..registry import Site, site_by_key, site_for_url
from .base import WALK, HospitalNewsSpider, Listing, truthy

COUNTER_URL = "hospitalnews_counter_url"   # response.meta key: the page's JavaScript view counter

# Article fields extract_article returns that go into the item as they are.
_ARTICLE_FIELDS = ("title", "category", "publish_time", "publish_time_raw", "source", "authors", "view_count",
                   "view_count_raw", "summary", "content", "images", "attachments")


def site_key_for(url: str) -> str:
    """The archive key of an unregistered site: its host without ``www.``, as ``a-z0-9_``."""
    host = (urlsplit(url).hostname or "site").lower()
    host = host[4:] if host.startswith("www.") else host
    return re.sub(r"[^a-z0-9]+", "_", host).strip("_")


_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)


def _header_charset(response) -> str | None:
    m = _CHARSET.search((response.headers.get(b"Content-Type") or b"").decode("latin-1"))
    return m[1] if m else None


def _epaper_layouts() -> dict:
    return load_papers().layouts


def epaper_message(url: str) -> str:
    return (f"{url} is an e-paper (数字报), not a news list: crawl it with "
            f"`scrapy crawl epaper -a start_url={url}`")


class NewsSpider(HospitalNewsSpider):
    name = "news"

    def __init__(self, *args, start_url: str | None = None, site: str | None = None, registry: str | None = None,
                 **kwargs):
        registered: Site | None = None
        if site:
            registered = site_by_key(site, registry)
            if registered is None and not start_url:
                raise ValueError(f"site {site!r} is not in the registry and no start_url was given")
        elif start_url:
            registered = site_for_url(start_url, registry)
        if not start_url and registered is None:
            raise ValueError("give -a start_url=URL or -a site=KEY")
        if start_url and looks_like_epaper(start_url, _epaper_layouts()):
            raise ValueError(epaper_message(start_url))
        self.start_urls = [start_url] if start_url else list(registered.start_urls)
        self.site = site or (registered.key if registered else site_key_for(self.start_urls[0]))
        self.site_name = registered.name if registered else ""
        self.overrides = dict(registered.overrides) if registered else {}
        self.category = self.overrides.get("category")
        hosts = set()
        for url in self.start_urls:
            hosts |= site_hosts(url)
        self.hosts = frozenset(hosts)
        self.allowed_domains = sorted(self.hosts)
        super().__init__(*args, **kwargs)
        self._block_signature: dict[str, str] = {}   # start URL → where its list block sits
        self._counter_urls: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        # one source of truth for the registry: the SITES_REGISTRY setting (crawlall --registry sets it)
        kwargs.setdefault("registry", crawler.settings.get("SITES_REGISTRY"))
        return super().from_crawler(crawler, *args, **kwargs)

    # -- list pages -------------------------------------------------------------------------------

    def page_text(self, response) -> str:
        """List pages lie about their charset as often as detail pages: decode as extract_article does."""
        if "_page_text" not in response.meta:
            declared = self.overrides.get("encoding") or _header_charset(response)
            response.meta["_page_text"] = decode_html(response.body, declared)
        return response.meta["_page_text"]

    def list_entries(self, response) -> list[Listing]:
        if response.meta.get("depth", 0) == 0 and looks_like_epaper(response.url, _epaper_layouts(),
                                                                    self.page_text(response)):
            # a home page that META-refreshed (or redirected) to an e-paper issue: never archive it as news
            self.crawler.stats.inc_value("hospitalnews/epaper_start")
            self.logger.error(epaper_message(response.url))
            raise CloseSpider("epaper")
        # the list section is the walk (start URL) a page belongs to: page 1 tells which repeated
        # block of links is the article list, later pages reuse that block's signature
        section = response.meta.get(WALK, response.url)
        block = find_list_block(self.page_text(response), response.url, prefer=self._block_signature.get(section),
                                entry_css=self.overrides.get("list_css"), hosts=self.hosts)
        if block.entries and section not in self._block_signature:
            self._block_signature[section] = block.signature
        if not self.site_name:  # an unregistered site is named as its first list page names itself
            self.site_name = find_site_name(self.page_text(response)) or self.site
        pattern = self.overrides.get("article_url_pattern")
        return [e for e in block.entries
                if not pattern or re.search(pattern, e.url)]

    def next_page_url(self, response, page: int) -> str | None:
        return next_page_url(self.page_text(response), response.url, page)

    # -- detail pages -----------------------------------------------------------------------------

    def article_output(self, response, item):
        """The item, or first a request to the page's view counter (its answer then yields the item)."""
        counter_url = response.meta.get(COUNTER_URL)
        if counter_url:  # a registry template may give a path: the counter lives on the article's site
            counter_url = response.urljoin(counter_url)
        if counter_url and item.view_count is None and self.wants_counter(counter_url, response.url):
            try:
                request = scrapy.Request(counter_url, callback=self.parse_counter, errback=self.counter_failed,
                                         cb_kwargs={"item": item}, dont_filter=False, priority=1,
                                         headers={"Referer": response.url})
            except ValueError:  # a malformed counter URL costs the count, never the article
                self.crawler.stats.inc_value("hospitalnews/view_counter_failed")
                self.logger.warning("Unusable view counter URL %r on %s", counter_url, response.url)
            else:
                self.crawler.stats.inc_value("hospitalnews/view_counter_requests")
                yield request
                return
        yield item

    def extract_article(self, response, listing: Listing | None):
        declared = self.overrides.get("encoding") or _header_charset(response)
        fields = extract_article(response.body, response.url, encoding=declared,
                                 listing_date=listing.date_raw if listing else None, overrides=self.overrides)
        # not an archive field: article_output fetches it (the page's own request carries it there)
        response.meta[COUNTER_URL] = fields.pop("counter_url", None)
        article = self.new_article(response, listing)
        for name in _ARTICLE_FIELDS:
            value = fields.get(name)
            if value is not None and value != []:
                setattr(article, name, value)
        # The list's teaser is the summary; the page's own description only when the list has none.
        article.summary = (listing.summary if listing and listing.summary else None) or fields.get("summary")
        article.title = article.title or (listing.title if listing else None)
        article.category = article.category or self.category
        return article

    def wants_counter(self, counter_url: str, article_url: str) -> bool:
        """Counters increment the site's count: once per article per crawl, never for an archived one."""
        if not truthy(self.settings.get("VIEW_COUNTER_REQUESTS", True)):
            return False
        if counter_url in self._counter_urls:
            return False
        if self.full and self._archived_ignoring_full(article_url):
            return False
        self._counter_urls.add(counter_url)
        return True

    def _archived_ignoring_full(self, url: str) -> bool:
        full, self.full = self.full, False
        try:
            return self.is_archived(url)
        finally:
            self.full = full

    def parse_counter(self, response, item):
        item.view_count = parse_counter_response(self.page_text(response))
        if item.view_count is None:
            self.crawler.stats.inc_value("hospitalnews/view_counter_unreadable")
            self.logger.warning("View counter %s answered no number for %s", response.url, item.url)
        yield item

    def counter_failed(self, failure):
        """The counter is a nicety: the article is archived without a count."""
        item = failure.request.cb_kwargs["item"]
        self.crawler.stats.inc_value("hospitalnews/view_counter_failed")
        self.logger.warning("View counter %s failed for %s: %s", failure.request.url, item.url, failure.value)
        yield item
