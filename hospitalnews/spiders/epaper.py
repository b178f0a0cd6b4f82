"""One spider for the city newspapers' e-papers (数字报), configured in data/papers.toml.

    scrapy crawl epaper -a paper=taianribao                   # today's issue, and missed days (see below)
    scrapy crawl epaper -a paper=taianribao -a date=2024-02-05
    scrapy crawl epaper -a paper=taianribao -a since=2024-02-01 [-a until=2024-02-29]
    scrapy crawl epaper -a paper=taianribao -a topic=all     # keep every story, not only health
    scrapy crawl epaper -s EPAPER_SINCE=2024-02-01           # every configured paper (no -a paper)
    scrapy crawl epaper -a start_url=URL [-a date=…|-a since=…] # a paper nobody configured

With ``start_url`` (any page or story of an issue, or a home page that META-refreshes or links to
today's issue) the system is recognised from its URL forms (``extract/epaper_systems.py`` over the
layouts of ``data/papers.toml``); the issue is the URL's date unless ``date``/``since`` ask for others,
whose URLs are derived from the start URL. The paper's name comes from its page titles, its key from
its root URL; the log prints the few lines that register it in ``data/papers.toml``.

An issue's first page links to its other pages; each page links to its stories. A story becomes one
Article: site = the paper's key, site_name = source = its name, category = the printed page
(``A3 健康``), publish_time = the issue date, title / kicker (引题) / subtitle (副题), authors from the
byline and photo credits, institutions named. Stories about no hospital or health institution are
counted (``epaper/stories_off_topic``) and dropped unless ``topic=all``.

Without ``date``/``since`` (the nightly run), the days asked are today and every day of the last
``EPAPER_CATCH_UP_DAYS`` (7) that the paper's issue log (nightly/issues.py) has not closed: a night
the site was unreachable is fetched the next night. An issue page that is missing (HTTP 404/410)
is "no issue that day" (``epaper/issues_missing``, a ``no_issue`` record), not a fault; any other
failure of it is recorded like every failed request.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

import scrapy
from lxml import etree
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from ..extract.body import extract_body
from ..extract.bylines import parse_byline, parse_photo_credit
from ..extract.dates import CST
from ..extract.epaper_systems import paper_key as key_of_root, paper_name, recognise
from ..extract.institutions import is_health_story, named_institutions, paper_place
from ..extract.pages import page_label
from ..extract.printlayout import lead_title, repair_paragraphs
from ..extract.text import fold_spaces
from ..nightly.failures import record_failure
from ..nightly.issues import COMPLETE, NONE, IssueLog, catch_up_days
from ..papers import Paper, PaperConfig, load_papers
from .base import HospitalNewsSpider


def issue_dates(day: str | None, since: str | None, until: str | None, today: date) -> list[date]:
    """The issue dates a run asks for, newest first: ``date``, or ``since``…``until`` (default today)."""
    if day:
        return [date.fromisoformat(day)]
    if since:
        first, last = date.fromisoformat(since), date.fromisoformat(until) if until else today
        return [last - timedelta(days=n) for n in range((last - first).days + 1)]
    return [today]


def _text_with_breaks(node) -> str:
    """An element's text with ``<br>`` and paragraph ends as line breaks (source newlines are not text)."""
    parts: list[str] = []

    def walk(element) -> None:
        if element.tag == "br":
            parts.append("\n")
            return
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            return  # comments, processing instructions
        parts.append((element.text or "").replace("\n", ""))
        for child in element:
            walk(child)
            parts.append((child.tail or "").replace("\n", ""))
        if element.tag in ("p", "div") and element is not node:
            parts.append("\n")

    walk(node)
    return "".join(parts)


class EpaperSpider(HospitalNewsSpider):
    name = "epaper"
    selector_arguments = ()   # each paper system has its own extraction (extract_article below)

    def __init__(self, *args, paper=None, date=None, since=None, until=None, topic="health", start_url=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        if start_url and paper:
            raise ValueError("give -a paper=KEY or -a start_url=URL, not both")
        if start_url and not re.match(r"https?://[^/\s]+", start_url):
            raise ValueError(f"start_url must be an http(s) URL: {start_url!r}")
        self.start_url = start_url
        self.paper_keys = [k.strip() for k in paper.split(",")] if paper and paper != "all" else None
        self.site = self.paper_keys[0] if self.paper_keys and len(self.paper_keys) == 1 else "epaper"
        self.topic = topic
        self._dates = (date, since, until)
        self.config: PaperConfig | None = None
        self.papers: dict[str, Paper] = {}

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        settings = crawler.settings
        # EPAPER_PAPERS: an extra papers file merged over the bundled one (tests, local papers)
        spider.configure(load_papers(settings.get("EPAPER_CONFIG", "data/papers.toml"),
                                     settings.get("EPAPER_PAPERS") or settings.get("EPAPER_EXTRA_CONFIG")))
        # EPAPER_SINCE / EPAPER_UNTIL: what `-a since` / `-a until` say, for runs that cannot pass
        # spider arguments (crawlall, demo)
        day, since, until = spider._dates
        since = since or (None if day else settings.get("EPAPER_SINCE"))
        until = until or (None if day else settings.get("EPAPER_UNTIL"))
        # EPAPER_TODAY: the day a run takes as today (a backfill "as of" a date); default: today in China
        spider.today = date.fromisoformat(settings.get("EPAPER_TODAY")) if settings.get("EPAPER_TODAY") \
            else datetime.now(CST).date()
        spider.dates = issue_dates(day, since, until, spider.today)
        spider.dates_asked = bool(day or since)   # with start_url and no dates: the start URL's issue
        # the nightly form (no date asked): also every recent day the issue logs have not closed
        spider.catching_up = not (day or since) and not spider.start_url
        if spider.catching_up:
            spider.dates = catch_up_days(spider.today, settings.getint("EPAPER_CATCH_UP_DAYS", 7))
        spider._issue_logs = {}
        spider._first_pages = {}   # (paper, day) → "read" | "missing"
        return spider

    @classmethod
    def crawl_jobs(cls, settings) -> dict[str, dict]:
        """``scrapy crawlall``: one job per configured paper, under the paper's archive key."""
        config = load_papers(settings.get("EPAPER_CONFIG"), settings.get("EPAPER_PAPERS") or settings.get("EPAPER_EXTRA_CONFIG"))
        return {key: {"paper": key} for key in sorted(config.papers)}

    def issue_log(self, paper_key: str) -> IssueLog:
        if paper_key not in self._issue_logs:
            self._issue_logs[paper_key] = IssueLog(self.archive_root / paper_key)
        return self._issue_logs[paper_key]

    def closed(self, reason):
        super().closed(reason)
        if reason != "finished" or not self.settings.getbool("ARCHIVE_ENABLED", True):
            return
        touched = set()
        for (paper_key, day), outcome in self._first_pages.items():
            if outcome == "read":
                self.issue_log(paper_key).close_day(day, COMPLETE)
            elif outcome == "missing" and day < self.today:
                self.issue_log(paper_key).close_day(day, NONE)
            else:
                continue
            touched.add(paper_key)
        for paper_key in touched:
            self.issue_log(paper_key).save()

    def configure(self, config: PaperConfig) -> None:
        """The papers to crawl (``-a paper=KEY[,KEY…]``; every configured paper without it; none yet with
        ``start_url``: it is recognised from the first response)."""
        if self.start_url:
            self.config = config
            self.allowed_domains = [urlsplit(self.start_url).hostname]
            return
        unknown = [k for k in self.paper_keys or () if k not in config.papers]
        if unknown:
            raise ValueError(f"unknown paper(s) {', '.join(unknown)}; configured: {', '.join(sorted(config.papers))}")
        self.config = config
        self.papers = {k: config.papers[k] for k in self.paper_keys or config.papers}
        self.allowed_domains = sorted({p.domain for p in self.papers.values()})

    def paper_of(self, response) -> Paper:
        return self.papers[response.meta["paper"]]

    # -- issues and pages -----------------------------------------------------------------------

    async def start(self):
        if self.start_url:
            # dont_filter: the start URL may be a story, fetched again from its page as a story
            yield scrapy.Request(self.start_url, self.parse_start, errback=self.issue_missing,
                                 meta={"start_hops": 0}, dont_filter=True)
            return
        for paper in self.papers.values():
            for day in self.dates:
                if self.catching_up and day != self.today and self.issue_log(paper.key).is_closed(day):
                    continue
                yield scrapy.Request(paper.first_page_url(day), self.parse_page, errback=self.issue_missing,
                                     meta={"paper": paper.key}, cb_kwargs={"day": day, "first": True})

    # -- a paper nobody configured ----------------------------------------------------------------

    def paper_for(self, spot, response) -> Paper:
        """The configured paper at ``spot.root``, else a new one named from the page title."""
        for paper in self.config.papers.values():
            if paper.root == spot.root and paper.layout == self.config.layouts[spot.layout]:
                return paper
        host = urlsplit(spot.root).hostname or spot.root
        name = paper_name(response.css("title::text").get(), fallback=host)
        paper = Paper(key=key_of_root(spot.root), name=name, root=spot.root, layout=self.config.layouts[spot.layout])
        self.logger.info("Recognised %s as a %s e-paper, %s (%s). To register it, add to data/papers.toml:\n"
                         "[papers.%s]\nname = %r\nlayout = %r\nroot = %r", self.start_url, spot.layout, name,
                         paper.key, paper.key, name, spot.layout, spot.root)
        return paper

    def parse_start(self, response):
        """Recognise the paper from the start page, then crawl the asked issues (or the start URL's)."""
        response = self.decoded(response) if response.meta.get("paper") else response
        spot = recognise(response.url, self.config.layouts)
        if spot is None:
            yield from self.follow_to_issue(response)
            return
        if spot.kind == "story" and response.meta.get("start_hops", 0) < 2:
            # a story page links back to its printed page (返回版面) or to the issue's pages: start there
            for href in response.css("a::attr(href), area::attr(href)").getall():
                page = recognise(response.urljoin(href.strip()), self.config.layouts)
                if page and page.kind == "page" and page.day == spot.day:
                    yield scrapy.Request(page.url, self.parse_start, errback=self.issue_missing, dont_filter=True,
                                         meta={"start_hops": response.meta.get("start_hops", 0) + 1})
                    return
        paper = self.paper_for(spot, response)
        self.papers[paper.key] = paper
        self.site = paper.key
        self.allowed_domains = sorted(set(self.allowed_domains) | {paper.domain})
        self.crawler.stats.set_value("epaper/system", spot.layout)
        response.meta["paper"] = paper.key
        for day in (self.dates if self.dates_asked else [spot.day]):
            if day == spot.day and spot.kind == "page":
                yield from self.parse_page(response, day=day, first=True)
                continue
            candidates = [spot.same_form_for(day)] if spot.kind == "page" else []
            candidates.append(paper.first_page_url(day))
            candidates = list(dict.fromkeys(candidates))
            yield self.issue_request(paper, day, candidates)

    def issue_request(self, paper: Paper, day: date, candidates: list[str]):
        """The first page of ``day``'s issue: the first of ``candidates``, the next one if it fails."""
        return scrapy.Request(candidates[0], self.parse_page, errback=self.issue_candidate_failed,
                              meta={"paper": paper.key, "issue_candidates": candidates[1:]},
                              cb_kwargs={"day": day, "first": True})

    def issue_candidate_failed(self, failure):
        request = failure.request
        rest = request.meta.get("issue_candidates") or []
        if rest:
            yield self.issue_request(self.papers[request.meta["paper"]], request.cb_kwargs["day"], rest)
        else:
            self.issue_missing(failure)

    def follow_to_issue(self, response):
        """A home page that is not an issue page: follow its link or frame to today's issue (once or twice)."""
        hops = response.meta.get("start_hops", 0)
        links = response.css("a::attr(href), area::attr(href), iframe::attr(src), frame::attr(src)").getall()
        links += re.findall(r"""location(?:\.href)?\s{0,5}=\s{0,5}["']([^"'<>\s]{1,300})["']""", response.text[:200_000])
        for href in links:
            url = response.urljoin(href.strip())
            if recognise(url, self.config.layouts) and hops < 2:
                yield scrapy.Request(url, self.parse_start, errback=self.issue_missing, meta={"start_hops": hops + 1})
                return
        self.crawler.stats.inc_value("epaper/not_recognised")
        self.logger.error("%s is not a page of a known e-paper system (known: %s); configure its layout in "
                          "data/papers.toml", response.url, ", ".join(sorted(self.config.layouts)))

    def issue_missing(self, failure):
        """An issue's first page failed: missing (404/410) is no issue that day; anything else is a fault."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in (404, 410):
            self.crawler.stats.inc_value("epaper/issues_missing")
            record_failure(self.crawler.stats, request.url, "no_issue", f"HTTP {response.status}: no issue that day")
            self.logger.info("No issue at %s (%s)", request.url, failure.value)
            day = request.cb_kwargs.get("day")
            if request.meta.get("paper"):   # (a start URL is no paper's issue yet)
                self._first_pages.setdefault((request.meta["paper"], day), "missing")
            return
        self.on_request_failed(failure)

    def decoded(self, response):
        """The response, decoded with the paper's charset when neither header nor page declares one."""
        paper = self.paper_of(response)
        declared = http_content_type_encoding(response.headers.get("Content-Type", b"").decode("latin-1")) \
            or html_body_declared_encoding(response.body)
        if declared or not paper.encoding or not hasattr(response, "text"):
            return response
        self.crawler.stats.inc_value("epaper/pages_without_charset")
        return response.replace(encoding=paper.encoding)

    def parse_page(self, response, day: date, first: bool = False):
        response = self.decoded(response)
        paper = self.paper_of(response)
        stats = self.crawler.stats
        if first:
            stats.inc_value("epaper/issues")
            self._first_pages[(paper.key, day)] = "read"
        stats.inc_value("epaper/pages")
        layout = paper.layout
        page = page_label(fold_spaces(" ".join(response.css(layout.page_name + " ::text").getall()))) \
            if layout.page_name else None
        # story links are <a> (本版标题导航) and image-map <area> links of the printed page
        links = [response.urljoin(href.strip()) for href in response.css("a::attr(href), area::attr(href)").getall()]
        articles = list(dict.fromkeys(u for u in links if re.search(layout.article_link, u)))
        if not articles:
            stats.inc_value("hospitalnews/list_pages_without_articles")
            self.logger.warning("Page %s links to no story: has the layout changed?", response.url)
        # the headline as the page's title list (本版标题导航) prints it, for story pages that lack one
        headlines = {}
        for anchor in response.css("a[href]"):
            text = fold_spaces(" ".join(anchor.css("::text").getall()))
            if text and not re.fullmatch(r"[\w.]+\.html?", text):
                headlines.setdefault(response.urljoin(anchor.attrib["href"].strip()), text)
        for url in articles:
            if self.is_archived(url, paper.key):
                stats.inc_value("hospitalnews/articles_known")
                continue
            stats.inc_value("hospitalnews/articles_new")
            yield scrapy.Request(url, self.parse_article,
                                 meta={"paper": paper.key, "epaper_page": page, "issue_date": day,
                                       "epaper_headline": headlines.get(url)})
        if first:
            for url in dict.fromkeys(u for u in links if re.search(layout.page_link, u)):
                if url != response.url and self.same_issue(url, day):
                    yield scrapy.Request(url, self.parse_page, meta={"paper": paper.key}, cb_kwargs={"day": day})

    def same_issue(self, url: str, day: date) -> bool:
        """A page link of ``day``'s issue (not a 往期 link to another day's page)."""
        spot = recognise(url, self.config.layouts)
        return spot is None or spot.day == day

    # -- stories --------------------------------------------------------------------------------

    def _text(self, response, css: str | None) -> str | None:
        return fold_spaces(" ".join(response.css(css + " ::text").getall())) or None if css else None

    def _body_paragraphs(self, response, layout) -> list[str]:
        nodes = response.css(layout.body)
        if layout.print_text and nodes:
            return repair_paragraphs(_text_with_breaks(nodes[0].root))
        if nodes:
            return extract_body(nodes[0].root, response.url).paragraphs
        if layout.comment_body:  # older Founder pages: the body is only marked by comments
            m = re.search(rf"<!--\s*{layout.comment_body}\s*-->(.*?)<!--\s*/{layout.comment_body}\s*-->",
                          response.text, re.S)
            if m:
                fragment = etree.HTML(f"<div>{m[1]}</div>").find(".//div")
                return extract_body(fragment, response.url).paragraphs
        # a story page without its body is a changed template: the base spider logs and counts it
        raise ValueError(f"no story body ({layout.body!r}) on the page")

    def extract_article(self, response, listing=None):
        response = self.decoded(response)
        paper = self.paper_of(response)
        layout = paper.layout
        day: date = response.meta["issue_date"]
        article = self.new_article(response, listing)
        article.site = paper.key
        article.site_name = article.source = paper.name
        article.category = response.meta.get("epaper_page")
        article.kicker = self._text(response, layout.kicker)
        article.title = self._text(response, layout.title)
        article.subtitle = self._text(response, layout.subtitle)
        article.publish_time_raw = day.isoformat()
        article.publish_time = datetime(day.year, day.month, day.day, tzinfo=CST).isoformat()

        paragraphs = self._body_paragraphs(response, layout)
        authors: list[dict] = []
        if paragraphs:
            authors, first = parse_byline(paragraphs[0])
            paragraphs = ([first] if first else []) + paragraphs[1:]
        field = self._text(response, layout.author)
        if field:      # a byline field of its own (Founder <founder-author>): 本报记者 张三 / 张三
            named, rest = parse_byline(field)
            named = named or ([{"name": rest, "role": "作者"}] if re.fullmatch(r"[\u4e00-\u9fff·]{2,6}", rest or "") else [])
            authors += [a for a in named if a not in authors]
        article.content = "\n".join(paragraphs) or None
        if not article.title and response.meta.get("epaper_headline"):
            article.title = response.meta["epaper_headline"]  # the page's title list names the story
            self.crawler.stats.inc_value("epaper/titles_from_page")
        if not article.title and article.content:
            article.title = lead_title(article.content)   # the headline was printed on another page
            self.crawler.stats.inc_value("epaper/titles_from_lead")
        for figure in response.css(layout.figure) if layout.figure else ():
            src = figure.css("img::attr(src)").get()
            caption = self._text(figure, layout.figure_caption)
            credit = parse_photo_credit(caption) if caption else None
            if credit:
                caption = credit[0]
                authors += [a for a in credit[1] if a not in authors]
            if src:
                article.images.append({"url": response.urljoin(src.strip()), "caption": caption})
        article.authors = authors

        text = "\n".join(filter(None, [article.kicker, article.title, article.subtitle, article.content]))
        places = self.config.places
        if paper.key not in self.config.papers and paper_place(paper.name):   # a paper nobody configured:
            places = places + (paper_place(paper.name),)                     # its own city opens names too
        article.institutions = named_institutions(text, self.config.institution_suffixes, places)
        if self.topic != "all" and not is_health_story(text, self.config.keywords):
            self.crawler.stats.inc_value("epaper/stories_off_topic")
            self.logger.debug("Off topic, skipped: %s %s", response.url, article.title)
            return None
        self.crawler.stats.inc_value("epaper/stories_kept")
        return article
