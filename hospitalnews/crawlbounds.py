"""Spider middleware: every list walk ends on its own, and no list page is archived as an article.

Crawler traps seen on hospital sites, and what stops each here:

* a calendar whose 下一页 is ``?date=`` the next day, for ever (pages list nothing new, or nothing):
  ``WALK_MAX_BARREN_PAGES`` (3) list pages in a row that bring no article URL not seen before in this
  crawl end the walk, on first crawls too (``no_new_articles``);
* a pager whose links carry a fresh session id (``;jsessionid=``, ``?sid=``, ``PHPSESSID`` …), so no
  two page URLs are alike and past the last page the server answers with a page already seen: a list
  page listing the same article URLs as an earlier page of the walk ends it (``repeated_list_page``);
  URLs are compared with session parameters removed;
* anything else: ``WALK_MAX_PAGES`` (1000) list pages per walk (``max_pages``; the walk stays
  incomplete, as with ``-a max_pages``), and per site Scrapy's own ``CLOSESPIDER_PAGECOUNT`` (responses)
  and ``CLOSESPIDER_TIMEOUT`` (seconds), so one trapped site cannot hold crawlall's lock for ever;
* a list that links to itself among its articles: an "article" response that is a list page of this
  crawl (same URL without session parameters, or the same path listing the same ≥ 5 article URLs as a
  list page) is not archived; it is recorded as a failure of kind ``list_page``.

Every stop goes into the stats: ``hospitalnews/walk_stopped/<reason>`` and the list
``hospitalnews/walk_stops`` (``{"walk", "url", "reason", "pages"}``), which the run report shows. A walk
ended by ``no_new_articles`` or ``repeated_list_page`` has reached its end as far as anyone can tell,
and is marked complete like a walk that ran out of 下一页 links.

It reads the entries a list page listed from ``response.meta[LIST_ENTRIES]`` (set by the base spider's
``parse_list``) and which walk a page belongs to from ``meta["hospitalnews_walk"]``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy import Request, signals

from .nightly.failures import record_failure

logger = logging.getLogger(__name__)

WALK = "hospitalnews_walk"                    # the same meta key as spiders/base.py
LIST_ENTRIES = "hospitalnews_list_entries"    # response.meta: the article URLs a list page listed
STOPS_KEY = "hospitalnews/walk_stops"
MAX_RECORDED = 100
MIN_LIST_ENTRIES = 5                          # fewer shared links than this never make a page "a list page"

# Query parameters that name a session or bust a cache, never a page: (J)SESSIONID, PHPSESSID,
# ASPSESSIONIDxxxx, ColdFusion CFID/CFTOKEN, sid/sessid, jQuery's _, ts/rnd/rand/random/timestamp.
_SESSION_PARAM = re.compile(
    r"(?:j?session_?id|phpsessid|aspsessionid\w{0,16}|sid|sessid|cfid|cftoken|_|ts|rnd|rand|random|timestamp)",
    re.IGNORECASE)
_PATH_SESSION = re.compile(r";(?:jsessionid|sid|phpsessid)=[^/?#]*", re.IGNORECASE)


def without_session(url: str) -> str:
    """``url`` with session ids and cache busters removed, scheme and ``www.`` folded, no fragment."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    if parts.port:
        host += f":{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _SESSION_PARAM.fullmatch(k)]
    return urlunsplit(("", host, _PATH_SESSION.sub("", parts.path) or "/", urlencode(sorted(query)), ""))


def _path(normalised: str) -> str:
    return normalised.split("?", 1)[0]


@dataclass
class _Walk:
    pages: int = 0
    barren: int = 0
    fingerprints: set = field(default_factory=set)
    stopped: str | None = None


class WalkBounds:
    def __init__(self, crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.max_pages = settings.getint("WALK_MAX_PAGES", 1000)
        self.max_barren = settings.getint("WALK_MAX_BARREN_PAGES", 3)
        self.walks: dict[str, _Walk] = {}
        self.seen: set[str] = set()                         # article URLs listed so far (normalised)
        self.list_urls: set[str] = set()                    # list pages fetched (normalised)
        self.list_sets: dict[str, set[frozenset]] = {}      # path → entry sets of its list pages

    @classmethod
    def from_crawler(cls, crawler):
        bounds = cls(crawler)
        crawler.signals.connect(bounds.spider_closed, signal=signals.spider_closed)
        return bounds

    # -- list pages -------------------------------------------------------------------------------

    def process_spider_output(self, response, result):
        walk = response.meta.get(WALK)
        if walk is None:
            yield from self._article_output(response, result)
            return
        verdict: list[str | None] = []
        for out in result:
            if isinstance(out, Request) and out.meta.get(WALK) == walk:   # the next page of this walk
                if not verdict:
                    verdict.append(self._judge(response, walk))
                if verdict[0]:
                    self._stop(response, walk, verdict[0])
                    continue
            yield out
        if not verdict:
            self._judge(response, walk)

    async def process_spider_output_async(self, response, result):
        walk = response.meta.get(WALK)
        if walk is None:
            suspect = None
            async for out in result:
                if suspect is None:
                    suspect = self._is_list_page(response)
                if not suspect:
                    yield out
            return
        verdict: list[str | None] = []
        async for out in result:
            if isinstance(out, Request) and out.meta.get(WALK) == walk:
                if not verdict:
                    verdict.append(self._judge(response, walk))
                if verdict[0]:
                    self._stop(response, walk, verdict[0])
                    continue
            yield out
        if not verdict:
            self._judge(response, walk)

    def _judge(self, response, walk: str) -> str | None:
        """Register one list page; the reason to end its walk here, or None."""
        trace = self.walks.setdefault(walk, _Walk())
        trace.pages += 1
        entries = frozenset(without_session(u) for u in response.meta.get(LIST_ENTRIES) or ())
        here = without_session(response.url)
        self.list_urls.add(here)
        if len(entries) >= MIN_LIST_ENTRIES:
            self.list_sets.setdefault(_path(here), set()).add(entries)
        new = entries - self.seen
        self.seen |= entries
        trace.barren = 0 if new else trace.barren + 1
        if entries and entries in trace.fingerprints:
            return "repeated_list_page"
        if entries:
            trace.fingerprints.add(entries)
        if self.max_barren and trace.barren >= self.max_barren:
            return "no_new_articles"
        if self.max_pages and trace.pages >= self.max_pages:
            return "max_pages"
        return None

    def _stop(self, response, walk: str, reason: str) -> None:
        trace = self.walks[walk]
        if trace.stopped:
            return
        trace.stopped = reason
        self.stats.inc_value(f"hospitalnews/walk_stopped/{reason}")
        stops = self.stats.get_value(STOPS_KEY)
        if stops is None:
            stops = []
            self.stats.set_value(STOPS_KEY, stops)
        if len(stops) < MAX_RECORDED:
            stops.append({"walk": walk, "url": response.url, "reason": reason, "pages": trace.pages})
        logger.warning("Walk %s stopped at %s (list page %d): %s", walk, response.url, trace.pages, reason)
        if reason != "max_pages":  # the list has ended as far as anyone can tell: the walk is complete
            finished = getattr(self.crawler.spider, "walk_finished", None)
            if finished is not None:
                finished(walk)

    # -- article pages ----------------------------------------------------------------------------

    def _article_output(self, response, result):
        suspect = None
        for out in result:
            if suspect is None:
                suspect = self._is_list_page(response)
            if not suspect:
                yield out

    def _is_list_page(self, response) -> bool:
        """Is this "article" a list page of the crawl? Then it is recorded, and nothing it yields is kept."""
        if not self.list_urls or not hasattr(response, "text"):
            return False
        here = without_session(response.url)
        known = self.list_sets.get(_path(here))
        same = here in self.list_urls
        if not same and known:
            spider = self.crawler.spider
            try:
                entries = frozenset(without_session(e.url) for e in spider.list_entries(response))
            except Exception:  # an article page a list reader chokes on is not a list page
                entries = frozenset()
            same = len(entries) >= MIN_LIST_ENTRIES and entries in known
        if same:
            self.stats.inc_value("hospitalnews/list_pages_as_articles")
            record_failure(self.stats, response.url, "list_page", "a list page, linked as an article: not archived")
            logger.error("Not archived: %s is a list page of this crawl, linked as an article", response.url)
        return same

    def spider_closed(self, spider, reason):
        walks = self.stats.get_value(STOPS_KEY) or []
        if walks:
            logger.info("Walks stopped by their bounds: %s", ", ".join(f"{w['walk']} ({w['reason']})" for w in walks))
