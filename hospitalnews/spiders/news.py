"""The generic spider: archive any hospital news column from its list URL, with no code.

    scrapy crawl news -a start_url=http://www.example-hospital.cn/xwzx/index.html [-a site=KEY] [-a max_pages=N]
    scrapy crawl news -a site=tazhongyi          # a site registered in data/sites.toml
    scrapy crawl news -a site=KEY -a registry=other/sites.toml

The site key is ``-a site``, else the registry entry whose start URLs share the host, else the host
(``www.trs-hospital.test`` → ``trs_hospital_test``). An unregistered site's name is what its first
list page calls itself (``og:site_name``/``SiteName`` meta, else the end of ``<title>``).

List pages are read by ``extract.listing`` (the repeated block of titled, dated links), paged by
``extract.pagination`` (links, TRS pager scripts, ASP.NET postbacks replayed as form POSTs,
JavaScript-only page links), and every detail page by ``extract.article.extract_article``. A first
list page that lists nothing is followed into its ``<iframe>``/``<frame>``, else read from the data
endpoint its script fetches (``extract.endpoints``), else reported as needing a per-site override.
Entries on other hosts (WeChat articles) are recorded in the stats (``hospitalnews/offsite``), never
crawled. When a walk reaches its end, what it found is compared with the size the list states
(共20条, 共3页, ``countPage``): a shortfall is a failure of kind ``shortfall`` in the run report. Pages whose
view count comes from a JavaScript counter get one follow-up request to that endpoint (these
endpoints increment the site's count, so: once per article per crawl, never for an archived
article, and not at all with ``-s VIEW_COUNTER_REQUESTS=0``).
"""

from __future__ import annotations

import re
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider

from ..extract.article import extract_article
from ..extract.counters import parse_counter_response
from ..extract.encoding import decode_html
from ..extract.endpoints import find_endpoint, load_more, read_list_data, script_built_list
from ..extract.epaper_systems import looks_like_epaper
from ..extract.listing import find_frames, find_list_block, find_site_name, site_hosts
from ..extract.pagination import StatedSize, find_next, stated_size, unfollowed_pager
from ..nightly.budget import OverBudget, budgeted_steps, record_over_budget, within_budget
from ..nightly.failures import record_failure
from ..nightly.report import OFFSITE_KEY   # stats: list entries on other hosts, {url, title, list} (capped)
from ..papers import load_papers
from ..extract_pool import ExtractionOverBudget, ExtractionPool, acquire_pool, release_pool
from ..registry import Site, site_by_key, site_for_url
from .base import DEEP, LISTED, WALK, HospitalNewsSpider, Listing, truthy

# response.meta keys: a list page's block, next link and stated size read in the extraction pool
# (parse_list_in_pool)
_READ_BLOCK = "_hospitalnews_list_block"
_READ_NEXT = "_hospitalnews_next_page"
_READ_STATED = "_hospitalnews_stated_size"

COUNTER_URL = "hospitalnews_counter_url"   # response.meta key: the page's JavaScript view counter
ENDPOINT = "hospitalnews_endpoint"         # request.meta: the data endpoint a script-built list is read from
ENDPOINT_AT = "hospitalnews_endpoint_at"   # request.meta: the page number (or record offset) asked of it
FRAMED = "hospitalnews_framed"             # request.meta: how many frames deep this list page is
_MAX_OFFSITE = 200
_MAX_FRAME_DEPTH = 2

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
@dataclass
class _WalkCheck:
    """What one list walk found, and what its pages state about the list's size."""

    pages: int = 0                                 # list pages that listed something
    found: set[str] = field(default_factory=set)   # entry URLs, off-site ones included
    stated: StatedSize = field(default_factory=StatedSize)


class NewsSpider(HospitalNewsSpider):
    name = "news"
    selector_arguments = ()   # its selectors are the registry's overrides (sites.toml), not -a arguments

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
        self._passed_over: dict[str, frozenset[str]] = {}   # start URL → the blocks page 1 did not take
        self._counter_urls: set[str] = set()
        self._checks: dict[str, _WalkCheck] = {}      # walk (start URL) → what it found and what is stated
        self._offsite_seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        # one source of truth for the registry: the SITES_REGISTRY setting (crawlall --registry sets it)
        kwargs.setdefault("registry", crawler.settings.get("SITES_REGISTRY"))
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.extraction_pool is not None:
            spider.extraction_pool.warm()   # the workers start while Scrapy itself starts up
        return spider

    # -- list pages -------------------------------------------------------------------------------

    def page_text(self, response) -> str:
        """List pages lie about their charset as often as detail pages: decode as extract_article does."""
        if "_page_text" not in response.meta:
            declared = self.overrides.get("encoding") or _header_charset(response)
            response.meta["_page_text"] = decode_html(response.body, declared)
        return response.meta["_page_text"]

    def list_entries(self, response) -> list[Listing]:
        if "_entries" in response.meta:
            return response.meta["_entries"]
        if response.meta.get("depth", 0) == 0 and looks_like_epaper(response.url, _epaper_layouts(),
                                                                    self.page_text(response)):
            # a home page that META-refreshed (or redirected) to an e-paper issue: never archive it as news
            self.crawler.stats.inc_value("hospitalnews/epaper_start")
            self.logger.error(epaper_message(response.url))
            raise CloseSpider("epaper")
        # the list section is the walk (start URL) a page belongs to: page 1 tells which repeated
        # block of links is the article list, later pages reuse that block's signature
        section = response.meta.get(WALK, response.url)
        text = self.page_text(response)
        endpoint = response.meta.get(ENDPOINT)
        if endpoint is not None:   # a script-built list: the endpoint's answer is the list
            data = read_list_data(text, response.url, link=endpoint.link, hosts=self.hosts)
            entries, offsite, stated = data.entries, data.offsite, StatedSize(data.total, data.pages)
        else:
            block = response.meta.pop(_READ_BLOCK, None) or find_list_block(text, response.url, **self._block_hints(section))
            if (block.entries or block.offsite) and section not in self._block_signature:
                self._block_signature[section] = block.signature
                self._passed_over[section] = block.others   # never the list on a later page
            stated = response.meta.pop(_READ_STATED) if _READ_STATED in response.meta else stated_size(text, response.url)
            entries, offsite = block.entries, block.offsite
            if not self.site_name:  # an unregistered site is named as its first list page names itself
                self.site_name = find_site_name(text) or self.site
        repeated = self._note_list_page(section, entries + offsite, stated)
        self._record_offsite(offsite, response.url)
        pattern = self.overrides.get("article_url_pattern")
        response.meta["_entries"] = [e for e in entries if not pattern or re.search(pattern, e.url)]
        # a later page that only repeats entries this walk has seen (a pager clamped to its last page,
        # a form page number the site ignores) lists nothing new: the walk ends there
        response.meta[LISTED] = 0 if repeated else len(response.meta["_entries"]) + len(offsite)
        return response.meta["_entries"]

    def _block_hints(self, section: str) -> dict:
        """find_list_block's keywords for a page of ``section``: what its first page's block was."""
        return {"prefer": self._block_signature.get(section), "entry_css": self.overrides.get("list_css"),
                "hosts": self.hosts, "avoid": self._passed_over.get(section, frozenset())}

    def _note_list_page(self, walk: str, entries: list[Listing], stated: StatedSize) -> bool:
        """Count a list page into its walk; True when it repeats only entries seen on earlier pages."""
        check = self._checks.setdefault(walk, _WalkCheck())
        repeated = bool(entries) and check.pages > 0 and all(e.url in check.found for e in entries)
        if entries and not repeated:
            check.pages += 1
        check.found.update(e.url for e in entries)
        check.stated = StatedSize(check.stated.items or stated.items, check.stated.pages or stated.pages)
        return repeated

    def _record_offsite(self, offsite: list[Listing], list_url: str) -> None:
        """Entries of the list on other hosts (WeChat articles): counted and named in the stats, not crawled."""
        stats = self.crawler.stats
        for entry in offsite:
            if entry.url in self._offsite_seen:
                continue
            self._offsite_seen.add(entry.url)
            stats.inc_value("hospitalnews/offsite_entries")
            records = stats.get_value(OFFSITE_KEY)
            if records is None:
                records = []
                stats.set_value(OFFSITE_KEY, records)
            if len(records) < _MAX_OFFSITE:
                records.append({"url": entry.url, "title": entry.title, "list": list_url})
        if offsite:
            self.logger.info("List page %s points off-site %d time(s) (not crawled): %s", list_url, len(offsite),
                             ", ".join(e.url for e in offsite[:5]))

    @property
    def list_callback(self):
        """With the extraction pool, list pages go to ``parse_list_in_pool``."""
        return self.parse_list_in_pool if self.extraction_pool is not None else self.parse_list

    async def parse_list_in_pool(self, response, page: int, quiet_pages: int):
        """``parse_list``, with the page's whole-page passes (its article block, its next-page link, the size
        it states: ``extract_pool.read_list_page``) run in the extraction pool; the rest, which keeps the
        walk's state, runs here. Without a pool (a replay, EXTRACT_PROCESSES=0) it is ``parse_list``."""
        if self.extraction_pool is not None and ENDPOINT not in response.meta and "_entries" not in response.meta:
            try:
                block, found, stated = await self.extraction_pool.read_list_page(
                    text=self.page_text(response), url=response.url, page=page,
                    block=self._block_hints(response.meta.get(WALK, response.url)))
            except ExtractionOverBudget:
                record_over_budget(self.crawler.stats, response.url, self.extraction_pool.budget)
                return
            except BrokenProcessPool as error:   # the page killed two workers (memory, a crash): not read here either
                self.crawler.stats.inc_value("hospitalnews/parse_errors")
                record_failure(self.crawler.stats, response.url, "parse", f"list page not read: {error}")
                self.logger.error("List page %s not read, its walk ends here: %s", response.url, error)
                return
            response.meta[_READ_BLOCK], response.meta[_READ_NEXT], response.meta[_READ_STATED] = block, found, stated
        steps = budgeted_steps(self._page_budget, self.parse_list(response, page, quiet_pages))
        try:   # the rest runs in the reactor thread, where PageBudget cannot time an async callback
            for output in steps:
                yield output
        except OverBudget:
            record_over_budget(self.crawler.stats, response.url, self._page_budget, steps.spent)

    def parse_list(self, response, page: int, quiet_pages: int):
        if page == 1 and ENDPOINT not in response.meta and not self.list_entries(response) \
                and not response.meta.get(LISTED):
            elsewhere = self.list_elsewhere(response, quiet_pages)
            if elsewhere is not None:
                yield elsewhere
                return
        yield from super().parse_list(response, page, quiet_pages)

    def list_elsewhere(self, response, quiet_pages: int):
        """A first list page that lists nothing: its frame, else its script's data endpoint (a request
        that takes its place as page 1), else ``None`` — reported as needing a per-site override when
        the page is plainly built by a script."""
        meta = {WALK: response.meta.get(WALK, response.url), DEEP: response.meta.get(DEEP, False)}
        text = self.page_text(response)
        depth = response.meta.get(FRAMED, 0)
        frames = find_frames(text, response.url, self.hosts) if depth < _MAX_FRAME_DEPTH else []
        if frames:
            self.logger.info("List page %s shows its list in a frame: %s", response.url, frames[0])
            return scrapy.Request(frames[0], callback=self.list_callback, errback=self.on_request_failed,
                                  cb_kwargs={"page": 1, "quiet_pages": quiet_pages}, meta={**meta, FRAMED: depth + 1})
        endpoint = find_endpoint(text, response.url)
        if endpoint is not None:
            self.logger.info("List page %s is built by a script from %s", response.url, endpoint.url)
            return self._endpoint_request(endpoint, endpoint.first, response.url, meta)
        reason = script_built_list(text)
        if reason:
            self.logger.error("List page %s needs a per-site override: %s", response.url, reason)
            record_failure(self.crawler.stats, response.url, "needs_override", reason)
        return None

    def _endpoint_request(self, endpoint, value: int, referer: str, meta: dict | None = None):
        url, body = endpoint.request(value)
        headers = {"Referer": referer, "X-Requested-With": "XMLHttpRequest",
                   "Accept": "application/json, text/javascript, */*; q=0.01"}
        if body is not None:
            headers["Content-Type"] = ("application/json; charset=UTF-8" if endpoint.json_body
                                       else "application/x-www-form-urlencoded; charset=UTF-8")
        return scrapy.Request(url, method=endpoint.method, body=body, headers=headers, callback=self.list_callback,
                              errback=self.on_request_failed, cb_kwargs={"page": 1, "quiet_pages": 0},
                              meta={**(meta or {}), ENDPOINT: endpoint, ENDPOINT_AT: value})

    def next_page_url(self, response, page: int):
        """The next list page: a URL, or a request (a form POST, the data endpoint's next page)."""
        endpoint = response.meta.get(ENDPOINT)
        if endpoint is not None:
            return self._next_endpoint_page(response, endpoint, page)
        text = self.page_text(response)
        found = response.meta.pop(_READ_NEXT) if _READ_NEXT in response.meta else find_next(text, response.url, page)
        if found is None and load_more(text):
            # the first batch is in the page, the rest comes from the endpoint a "加载更多" button fetches
            endpoint = find_endpoint(text, response.url)
            if endpoint is not None and endpoint.page_key:
                self.logger.info("List page %s loads more from %s", response.url, endpoint.url)
                at = response.meta.get(LISTED, 0) if endpoint.offset else endpoint.first + 1
                return self._endpoint_request(endpoint, at, response.url)
        if found is None:
            reason = unfollowed_pager(text, response.url, page)
            if reason:
                self.logger.error("List page %s: %s", response.url, reason)
                record_failure(self.crawler.stats, response.url, "pagination", reason)
            return None
        if not found.formdata:
            return found.url
        # ASP.NET WebForms: page N is the answer to the page's own form posted back with the pager's
        # event (__VIEWSTATE/__EVENTVALIDATION travel with the form's other fields)
        field = next((name for name in found.formdata if not name.startswith("__EVENT")), None)
        xpath = (f"//form[.//*[@name='{field}']]" if field and "'" not in field
                 else "//form[.//input[@name='__VIEWSTATE']]" if response.xpath("//input[@name='__VIEWSTATE']") else None)
        try:
            return scrapy.FormRequest.from_response(response, formxpath=xpath, formdata=found.formdata,
                                                    dont_click=True, headers={"Referer": response.url})
        except ValueError as error:
            reason = f"page {page + 1} is a form post-back ({found.formdata}) but the page has no form to post: {error}"
            self.logger.error("List page %s: %s", response.url, reason)
            record_failure(self.crawler.stats, response.url, "pagination", reason)
            return None

    def _next_endpoint_page(self, response, endpoint, page: int):
        listed = response.meta.get(LISTED, 0)
        if not listed or not endpoint.page_key:   # an unpaged endpoint answers the whole list at once
            return None
        check = self._checks.get(response.meta.get(WALK, response.url), _WalkCheck())
        if check.stated.items is not None and len(check.found) >= check.stated.items:
            return None
        if check.stated.pages is not None and page >= check.stated.pages:
            return None
        at = response.meta.get(ENDPOINT_AT, endpoint.first)
        return self._endpoint_request(endpoint, at + listed if endpoint.offset else at + 1, response.url)

    def walk_finished(self, walk: str | None, reached_end: bool = True) -> None:
        # a walk that fell short of its list's stated size is not complete: the next run pages it all again
        if not (walk and reached_end) or self.check_walk(walk):
            super().walk_finished(walk, reached_end)

    def check_walk(self, walk: str) -> bool:
        """The self-check: a list that states its size (共20条, 共3页, ``countPage = 3``) and was walked
        to its end must have shown that many articles (or pages); a shortfall is a failure. True when
        the walk is as long as the list says (or the list says nothing)."""
        check = self._checks.get(walk)
        if check is None:
            return True
        found, stated = len(check.found), check.stated
        if stated.items and found < stated.items:
            reason = f"found {found} of {stated.items} stated articles ({check.pages} list page(s) walked)"
        elif stated.pages and check.pages < stated.pages:
            reason = f"walked {check.pages} of {stated.pages} stated list pages (found {found} articles)"
        else:
            return True
        self.crawler.stats.inc_value("hospitalnews/list_shortfalls")
        self.logger.error("List %s falls short of what it states: %s", walk, reason)
        record_failure(self.crawler.stats, walk, "shortfall", reason)
        return False

    # -- detail pages -----------------------------------------------------------------------------

    def article_output(self, response, item):
        """The item, or first a request to the page's view counter (its answer then yields the item)."""
        counter_url = response.meta.get(COUNTER_URL)
        if counter_url:  # a registry template may give a path: the counter lives on the article's site
            counter_url = response.urljoin(counter_url)
        if counter_url and item.view_count is None and self.wants_counter(counter_url, response.url):
            try:
                request = scrapy.Request(counter_url, callback=self.parse_counter, errback=self.counter_failed,
                                         # dont_filter: a request the duplicate filter dropped would run no
                                         # errback and lose the article; wants_counter already asks each
                                         # counter once per crawl
                                         cb_kwargs={"item": item}, dont_filter=True, priority=1,
                                         headers={"Referer": response.url})
            except ValueError:  # a malformed counter URL costs the count, never the article
                self.crawler.stats.inc_value("hospitalnews/view_counter_failed")
                self.logger.warning("Unusable view counter URL %r on %s", counter_url, response.url)
            else:
                self.crawler.stats.inc_value("hospitalnews/view_counter_requests")
                yield request
                return
        yield item

    async def parse_article(self, response, listing: Listing | None = None):
        """The base spider's parse_article, with extraction awaited in the worker pool (extract_pool.py)
        when EXTRACT_PROCESSES > 0."""
        if self.unusable_page(response):
            return
        try:
            if self.extraction_pool is None:   # in the reactor thread: PageBudget cannot time an async callback
                item = within_budget(self._page_budget, self.extract_article, response, listing)
            else:
                fields = await self.extraction_pool.extract(**self._extract_kwargs(response, listing))
                item = self.extract_article(response, listing, fields)
        except (ExtractionOverBudget, OverBudget):  # abandoned (by the worker, or here): as nightly/budget.py records one
            record_over_budget(self.crawler.stats, response.url, self._page_budget)
            return
        except Exception:  # one broken page must not end the crawl
            self.article_failed(response)
            return
        if item is not None:
            for output in self.article_output(response, item):
                yield output

    @property
    def _page_budget(self) -> float:
        """PAGE_CPU_BUDGET: the one per-page CPU budget, in the pool's workers or in this process."""
        return self.settings.getfloat("PAGE_CPU_BUDGET", 20.0)

    @property
    def extraction_pool(self) -> ExtractionPool | None:
        if not hasattr(self, "_extraction_pool"):
            processes = self.settings.getint("EXTRACT_PROCESSES", 0)
            self._extraction_pool = acquire_pool(processes, self._page_budget,
                                                 max(0, self.settings.getint("EXTRACT_NICENESS", 0))) \
                if processes > 0 else None
        return self._extraction_pool

    def closed(self, reason):
        if getattr(self, "_extraction_pool", None) is not None:
            release_pool(self._extraction_pool)  # the workers end with the process's last spider
        super().closed(reason)

    def _extract_kwargs(self, response, listing: Listing | None) -> dict:
        return {"body": response.body, "url": response.url,
                "encoding": self.overrides.get("encoding") or _header_charset(response),
                "listing_date": listing.date_raw if listing else None, "overrides": self.overrides}

    def extract_article(self, response, listing: Listing | None, fields: dict | None = None):
        """The item of a detail page; ``fields`` when extract_article already ran (in the pool)."""
        if fields is None:
            fields = extract_article(**self._extract_kwargs(response, listing))
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
