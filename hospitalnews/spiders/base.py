"""The crawl every hospital spider shares: list pages → detail pages → one Article per detail page.

A site spider is declarative: it names its site, its start URLs, a regex that detail URLs match,
and CSS selectors for the parts of a detail page — hints to the one extractor every spider
shares (``extract.article.extract_article``), as a registry site's overrides are. Everything else lives here:

* incremental crawling: a detail page whose id is already archived is not requested, and paging
  stops once ``incremental_overlap`` list pages in a row brought nothing new (``-a full=1`` turns
  both off) — unless the previous walk of that list never reached its end (a killed crawl), in
  which case it pages all the way down again (see nightly/walks.py);
* every failed request, unparsable page and link-less list is recorded with its URL in the stats
  (``hospitalnews/failures``, see nightly/failures.py) for the run report;
* ``-a max_pages=N`` caps the list pages of each start URL;
* ``-a refresh_views=DAYS`` also revisits archived articles published in the last DAYS days and
  appends their view counts to ``VIEWS_DIR/<site>/`` (archive/views.py); the archive is not touched;
* an article page that raises is logged with its URL, counted, and the crawl goes on;
* a start URL whose list yields no article link is logged at ERROR and counted: that is what a
  changed layout looks like.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timezone
from pathlib import Path

import scrapy

from ..archive import ArchiveIndex
from ..archive.anysite import ArchiveIds
from ..archive.views import ViewHistory, recent_articles
from ..crawlbounds import LIST_ENTRIES
from ..extract.article import extract_article
from ..extract.counts import parse_view_count
from ..extract.dates import CST, parse_publish_time
from ..extract.listing import ListEntry as Listing  # what a list page says about one article
from ..extract.listing import entry_date
from ..extract.pagination import find_next_page
from ..extract.payload import payload_problem
from ..extract.text import fold_spaces
from ..items import Article
from ..nightly.failures import classify, record_failure
from ..nightly.walks import WalkState
from ..sitekeys import check_site_key
from ..urls import article_id
from .args import check_start_urls, check_values

WALK, DEEP = "hospitalnews_walk", "hospitalnews_deep"   # request.meta keys of a list walk
LISTED = "hospitalnews_listed"   # response.meta: entries a list page listed, off-site ones included


def truthy(value) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}



class HospitalNewsSpider(scrapy.Spider):
    # -- what a site spider declares ----------------------------------------------------------
    site: str = ""                       # archive key; defaults to the spider name
    site_name: str = ""
    category: str | None = None          # used when the page has no breadcrumb
    article_url_pattern: str = ""        # regex that every detail-page URL matches
    list_entry_css: str = "li"           # one element per article on a list page
    list_summary_css: str | None = None
    title_css: str = "h1"
    meta_css: str | None = None          # the "发布时间:… 来源:… 阅读次数:…" line
    body_css: str = "article"
    breadcrumb_css: str | None = None    # its last link / text is the category
    incremental_overlap: int = 1         # list pages with nothing new tolerated before stopping
    # declared selectors that ``-a NAME=CSS`` may replace for one run (hospitalnews reextract repairs a site's
    # archive with them; args.py accepts and checks exactly these): the hints of selector_hints() below
    selector_arguments: tuple[str, ...] = ("title_css", "body_css", "meta_css", "breadcrumb_css")

    def __init__(self, *args, max_pages=None, full=None, incremental_overlap=None, refresh_views=None, **kwargs):
        super().__init__(*args, **kwargs)
        # one-line SpiderArgumentError (a ValueError) for a bad value, before any request or write
        check_values({"max_pages": max_pages, "full": full, "incremental_overlap": incremental_overlap,
                      "refresh_views": refresh_views})
        check_start_urls(getattr(self, "start_urls", ()))
        self.refresh_views = float(refresh_views) if refresh_views else None
        self._views: ViewHistory | None = None
        if incremental_overlap is not None:
            self.incremental_overlap = int(incremental_overlap)
        self.site = check_site_key(self.site or self.name, "site")   # -a site=../../x never leaves ARCHIVE_DIR
        self.max_pages = int(max_pages) if max_pages else None
        self.full = truthy(full) if full is not None else False
        self._article_url = re.compile(self.article_url_pattern) if self.article_url_pattern else None
        self._indexes: dict[str, ArchiveIndex] = {}   # site → its archive index (a spider may feed several)
        self._walks: WalkState | None = None
        self._walks_ended: set[str] = set()

    # -- archive lookups ------------------------------------------------------------------------

    @property
    def archive_root(self) -> Path:
        """ARCHIVE_DIR, where ArchivePipeline writes: the index, walks and view refreshes read it."""
        return Path(self.settings.get("ARCHIVE_DIR", "data/archive"))

    def is_archived(self, url: str, site: str | None = None) -> bool:
        """Is the article at ``url`` in the archive, under ``site`` (default: this spider's) or any other key?

        Always False with ``-a full=1`` and with ``-s ARCHIVE_ENABLED=0``: a run that does not write
        the archive is an export, and an export holds everything its walk reaches (README, "Export").
        """
        if self.full or not self.settings.getbool("ARCHIVE_ENABLED", True):
            return False
        site = site or self.site
        if site not in self._indexes:
            # a site with nothing archived yet has no index (and gets no directory from a mere lookup)
            if (self.archive_root / site / ArchiveIndex.FILENAME).exists():
                self._indexes[site] = ArchiveIndex(self.archive_root / site)
        key = article_id(url)
        if site in self._indexes and key in self._indexes[site]:
            return True
        if getattr(self, "_anysite", None) is None:
            self._anysite = ArchiveIds(self.archive_root)   # one id, one line in the whole archive
        return self._anysite.site_of(key) is not None

    def closed(self, reason):
        for index in self._indexes.values():
            index.close()
        if getattr(self, "_anysite", None) is not None:
            self._anysite.close()
        if self._views is not None:
            self._views.close()
        # a walk is complete once its last list page was parsed *and* the crawl finished: only then
        # have the detail pages it found all been fetched (a kill or shutdown leaves some unfetched)
        if reason == "finished" and self._walks is not None:
            for walk in sorted(self._walks_ended):
                self._walks.mark(walk, complete=True)

    # -- list pages -------------------------------------------------------------------------------

    async def start(self):
        if not self.full and self.settings.getbool("ARCHIVE_ENABLED", True):
            cluster = getattr(self, "cluster", None)   # distributed: walk state in Redis (distributed/walks.py)
            self._walks = cluster.walk_state(self.site) if cluster else WalkState(self.archive_root / self.site)
        for url in self.start_urls:
            # deep: the last walk of this list was cut short, so page to its end this time
            deep = self._walks is not None and not self._walks.was_complete(url)
            if self._walks is not None:
                self._walks.begin(url)   # no record (nor directory) for a site never archived: nightly/walks.py
            yield scrapy.Request(url, callback=self.list_callback, errback=self.on_request_failed,
                                 cb_kwargs={"page": 1, "quiet_pages": 0}, meta={WALK: url, DEEP: deep})
        if self.refresh_views:
            for record in recent_articles(self.archive_root, self.site, self.refresh_views):
                yield scrapy.Request(record["url"], callback=self.parse_views, errback=self.on_request_failed,
                                     dont_filter=True, cb_kwargs={"article_id": record["id"]})

    def parse_views(self, response, article_id: str):
        """One view-count observation of an archived article (none is written when the page states none)."""
        if payload_problem(response.body):
            record_failure(self.crawler.stats, response.url, "views", "no page to read the view count from")
            return
        try:
            count = self.view_count_of(response)
        except Exception:
            self.logger.exception("Could not read the view count of %s", response.url)
            record_failure(self.crawler.stats, response.url, "views", "could not parse the article page")
            return
        if count is None:
            self.crawler.stats.inc_value("views/no_count")
            return
        if self._views is None:
            self._views = ViewHistory(self.settings.get("VIEWS_DIR", "data/views"), self.site,
                                      commit_items=self.settings.getint("ARCHIVE_COMMIT_ITEMS", 200))
        if self._views.observe(article_id, count):
            self.crawler.stats.inc_value("views/observed")

    def on_request_failed(self, failure):
        """Errback of every request: the URL and why, into the stats (Scrapy alone keeps only counts)."""
        kind, reason = classify(failure)
        request = failure.request
        url = (request.meta.get("redirect_urls") or [request.url])[0]  # the URL we asked for, not the last hop
        if url != request.url:
            reason += f" (redirected to {request.url})"
        record_failure(self.crawler.stats, url, kind, reason)
        log = self.logger.info if kind == "skipped" else self.logger.error
        log("Request failed (%s) %s: %s", kind, url, reason)

    def walk_finished(self, walk: str | None, reached_end: bool = True) -> None:
        """The walk ``walk`` ended: at its last page (``reached_end``) or by the incremental stop."""
        if walk:
            self._walks_ended.add(walk)

    @property
    def list_callback(self):
        """The callback of list pages (a subclass may read them elsewhere first: news.py)."""
        return self.parse_list

    def parse_list(self, response, page: int, quiet_pages: int):
        stats = self.crawler.stats
        # which walk this page belongs to travels in meta, so subclasses' parse_list signatures stay as they are
        walk, deep = response.meta.get(WALK), response.meta.get(DEEP, False)
        stats.inc_value("hospitalnews/list_pages")
        listings = self.list_entries(response)
        response.meta[LIST_ENTRIES] = [listing.url for listing in listings]   # for the walk bounds (crawlbounds.py)
        if not listings and not response.meta.get(LISTED):   # a list of off-site entries only is still a list
            stats.inc_value("hospitalnews/list_pages_without_articles")
            level = logging.ERROR if page == 1 else logging.WARNING
            self.logger.log(level, "List page %s yields no article links: has the layout changed?", response.url)
            if page == 1:
                record_failure(stats, response.url, "layout", "list page yields no article links")
        new = 0
        for listing in listings:
            if self.is_archived(listing.url):
                stats.inc_value("hospitalnews/articles_known")
                continue
            new += 1
            stats.inc_value("hospitalnews/articles_new")
            yield response.follow(listing.url, self.parse_article, errback=self.on_request_failed,
                                  cb_kwargs={"listing": listing})
        if page > 1 and not response.meta.get(LISTED, len(listings)):
            # pagers that never end (a page past the last answers 200 with an empty list, a pager
            # that always prints page+1…page+4): the first empty page is the end of the list
            self.logger.info("Stopping at %s: list page %d is empty", response.url, page)
            self.walk_finished(walk)
            return
        quiet_pages = 0 if new else quiet_pages + 1
        if listings and not deep and quiet_pages > self.incremental_overlap:
            self.logger.info("Stopping at %s: %d list page(s) in a row brought nothing new", response.url, quiet_pages)
            self.walk_finished(walk, reached_end=False)
            return
        if self.max_pages and page >= self.max_pages:
            return  # a capped walk is not a complete one
        next_url = self.next_page_url(response, page)
        if isinstance(next_url, scrapy.Request):  # a form POST (ASP.NET postback), a data endpoint
            yield next_url.replace(callback=self.list_callback, errback=self.on_request_failed,
                                   cb_kwargs={"page": page + 1, "quiet_pages": quiet_pages},
                                   meta={**next_url.meta, WALK: walk, DEEP: deep})
        elif next_url:
            yield response.follow(next_url, self.list_callback, errback=self.on_request_failed,
                                  cb_kwargs={"page": page + 1, "quiet_pages": quiet_pages}, meta={WALK: walk, DEEP: deep})
        else:
            self.walk_finished(walk)

    def view_count_of(self, response) -> int | None:
        """The view count an article page states (override when it comes from elsewhere, e.g. a counter URL)."""
        article = self.extract_article(response, None)
        return article.view_count if article.view_count is not None else parse_view_count(article.view_count_raw)

    def list_entries(self, response) -> list[Listing]:
        listings: dict[str, Listing] = {}
        for entry in response.css(self.list_entry_css):
            for link in entry.css("a[href]"):
                url = response.urljoin(link.attrib["href"].strip())
                if not self.is_article_url(url) or url in listings:
                    continue
                title = fold_spaces(link.attrib.get("title") or " ".join(link.css("::text").getall())) or None
                # the entry's own date node, never a date inside its teaser (extract/listing.py)
                pieces = [fold_spaces(t) for t in entry.css("::text").getall() if t.strip()]
                date = entry_date(pieces, title or "")
                summary = None
                if self.list_summary_css:
                    summary = fold_spaces(" ".join(entry.css(self.list_summary_css + " ::text").getall())) or None
                listings[url] = Listing(url, title, date, summary)
                break
        return list(listings.values())

    def is_article_url(self, url: str) -> bool:
        return bool(self._article_url and self._article_url.search(url))

    def next_page_url(self, response, page: int) -> str | None:
        links = [(a.attrib.get("href", ""), " ".join(a.css("::text").getall())) for a in response.css("a[href]")]
        return find_next_page(links, response.url, page)

    # -- detail pages -----------------------------------------------------------------------------

    def parse_article(self, response, listing: Listing | None = None):
        if self.unusable_page(response):
            return
        try:
            item = self.extract_article(response, listing)
        except Exception:  # one broken page must not end the crawl
            self.article_failed(response)
            return
        if item is not None:
            yield from self.article_output(response, item)

    def unusable_page(self, response) -> bool:
        """An empty or binary body is recorded (with its URL) and not archived."""
        problem = payload_problem(response.body)
        if problem:  # not a page: archiving the list's title with no content would hide the fault for ever
            self.crawler.stats.inc_value(f"hospitalnews/unusable_pages/{problem}")
            self.logger.error("Article page %s is %s; not archived", response.url, problem)
            record_failure(self.crawler.stats, response.url, problem, f"{problem} response body")
        return bool(problem)

    def article_failed(self, response) -> None:
        """Called inside the ``except`` of a failed extraction: logged with its traceback, counted, recorded."""
        self.crawler.stats.inc_value("hospitalnews/parse_errors")
        self.logger.exception("Could not parse article %s", response.url)
        record_failure(self.crawler.stats, response.url, "parse", "could not parse the article page")

    def article_output(self, response, item):
        """What a parsed article becomes: the item itself (a subclass may first fetch more, e.g. a view counter)."""
        yield item

    def new_article(self, response, listing: Listing | None = None) -> Article:
        # a response built outside a crawl (a unit, a tool) has no request and so no meta
        meta = response.meta if response.request is not None else {}
        return Article(
            id=article_id(response.url),
            url=response.url,
            site=self.site,
            site_name=self.site_name,
            category=self.category,
            summary=listing.summary if listing else None,
            # a page replayed from WARC (hospitalnews reextract) was fetched when it was captured
            crawled_at=meta.get("warc_fetched_at") or datetime.now(timezone.utc).isoformat(timespec="seconds"),
            warc_record_id=meta.get("warc_record_id"),   # set by warc/capture.py (or replay)
        )

    def selector_hints(self) -> dict:
        """The declared selectors as hints to the one extractor (``extract.article``), exactly as a registry
        site's overrides are: each replaces only its own step when it matches, the rest stays automatic."""
        hints = {name: getattr(self, name, None) for name in type(self).selector_arguments}
        # Only what the site spider declared: the base defaults (h1, article) would pin a logo heading.
        return {name: css for name, css in hints.items() if css and css != getattr(HospitalNewsSpider, name)}

    def extract_article(self, response, listing: Listing | None) -> Article:
        """A detail page through the one extractor every spider and ``hospitalnews extract`` share."""
        declared = _CHARSET.search((response.headers.get(b"Content-Type") or b"").decode("latin-1"))
        fields = extract_article(response.body, response.url, encoding=declared[1] if declared else None,
                                 listing_date=listing.date_raw if listing else None, overrides=self.selector_hints())
        article = self.new_article(response, listing)
        for name in _EXTRACTED:
            value = fields.get(name)
            if value is not None and value != []:
                setattr(article, name, value)
        # The list's teaser is the summary; the page's own description only when the list has none.
        article.summary = (listing.summary if listing and listing.summary else None) or fields.get("summary")
        article.title = article.title or (listing.title if listing else None)
        article.category = article.category or self.category
        return article


_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)
# Fields of extract.article's answer that go into the item as they are (counter_url is the crawl's business).
_EXTRACTED = ("title", "category", "publish_time", "publish_time_raw", "source", "authors", "view_count",
              "view_count_raw", "content", "images", "attachments")


def _year_of(text: str | None) -> int | None:
    moment = parse_publish_time(text, use_dateparser=False) if text else None
    return moment.year if moment else datetime.now(CST).year if text else None
