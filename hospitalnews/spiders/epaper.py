"""City newspapers' digital editions (数字报): one spider for the common layouts, papers in data/papers.toml.

    scrapy crawl epaper -a paper=taianribao                      # today's issue (China time)
    scrapy crawl epaper -a paper=taianribao -a date=2024-02-05   # one issue
    scrapy crawl epaper -a paper=taianribao -a since=2024-02-01 [-a until=2024-02-07]
    scrapy crawl epaper -a paper=taianribao -a topic=all         # keep non-health stories too

An issue is crawled from its first page: every page link and every article link of a page is
followed (Scrapy's duplicate filter keeps each page to one visit). Each story is one Article: site
and source are the paper, category the printed page (``A3 健康``), publish_time the issue date.
Stories not about health care are dropped and counted (``epaper/off_topic``) unless ``topic=all``.
A date without an issue answers 404, which Scrapy's HttpError middleware logs and counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import scrapy
from w3lib.html import remove_tags, replace_entities

from ..extract.body import extract_body
from ..extract.bylines import parse_byline, parse_photo_credit
from ..extract.dates import CST, isoformat
from ..extract.institutions import is_health_story, named_institutions
from ..extract.pages import page_label
from ..extract.printlayout import repair_print_text
from ..extract.text import fold_spaces
from ..papers import load_papers
from .base import HospitalNewsSpider, Listing


@dataclass(frozen=True)
class Layout:
    """Where one e-paper system keeps things. Selectors are tried in order; the first non-empty wins."""

    page_link: str                     # regex on the URLs of an issue's pages
    article_link: str                  # regex on the URLs of its stories
    page_label_css: tuple[str, ...]    # text holding 第A03版：健康 (the whole page text as last resort)
    kicker_css: tuple[str, ...]
    title_css: tuple[str, ...]
    subtitle_css: tuple[str, ...]
    body_css: tuple[str, ...]
    body_comment: str | None = None    # <!--enpcontent-->…<!--/enpcontent--> of older Founder pages


LAYOUTS = {
    # Founder (方正) 数字报, older: /html/2024-02/05/node_2.htm → content_123_4.htm
    "founder_html": Layout(
        page_link=r"/html/\d{4}-\d{2}/\d{2}/node_\d+\.htm$",
        article_link=r"/html/\d{4}-\d{2}/\d{2}/content_\d+_\d+\.htm$",
        page_label_css=("#pageName", ".pageName", "td.px12"),
        kicker_css=("founder-pretitle", "founder-introtitle"),
        title_css=("founder-title",),
        subtitle_css=("founder-subtitle",),
        body_css=("founder-content", "div#ozoom"),
        body_comment="enpcontent",
    ),
    # Founder, newer: /pc/layout/202402/05/node_A01.html → /pc/c/202402/05/content_1234.html
    "founder_pc": Layout(
        page_link=r"/pc/layout/\d{6}/\d{2}/node_\w+\.html$",
        article_link=r"/pc/c/\d{6}/\d{2}/content_\d+\.html$",
        page_label_css=("#layoutName", ".layout-name", ".paper-bt"),
        kicker_css=("#PreTitle",),
        title_css=("#Title",),
        subtitle_css=("#SubTitle",),
        body_css=("#ozoom",),
    ),
    # content/20110929/Page01YF.htm → Articel01002YF.htm (the Tai'an daily's e-paper, epaper.my0538.com)
    "page_articel": Layout(
        page_link=r"/content/\d{8}/Page\d+\w*\.htm$",
        article_link=r"/content/\d{8}/Articel\d+\w*\.htm$",
        page_label_css=(".pageName", "#pageName"),
        kicker_css=(".yinti",),
        title_css=(".biaoti",),
        subtitle_css=(".futi",),
        body_css=("#ozoom", ".zhengwen"),
    ),
}

_LINE_BREAK = re.compile(r"<br\s*/?>|</p\s*>|</div\s*>", re.I)
_PARAGRAPH_END = re.compile(r"</p\s*>", re.I)


def issue_dates(*, date_arg: str | None, since: str | None, until: str | None, today: date) -> list[date]:
    """The issues a run crawls: one ``date``, or every day from ``since`` to ``until`` (default today)."""
    if date_arg:
        return [date.fromisoformat(date_arg)]
    if since:
        first, last = date.fromisoformat(since), date.fromisoformat(until) if until else today
        return [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [today]


def print_lines(html: str) -> str:
    """An HTML fragment's text with its line structure: ``<br>`` a line end, ``</p>`` a blank line."""
    marked = _PARAGRAPH_END.sub("\n\n", html)
    marked = _LINE_BREAK.sub("\n", marked)
    return replace_entities(remove_tags(marked))


class EpaperSpider(HospitalNewsSpider):
    name = "epaper"

    def __init__(self, *args, paper=None, date=None, since=None, until=None, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not paper:
            raise ValueError("epaper needs -a paper=KEY (a [[paper]] key of data/papers.toml)")
        self.paper_key = paper
        self.site = paper
        self.date_arg, self.since, self.until = date, since, until
        self.keep_all = (topic or "").strip().lower() == "all"

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        registry = load_papers(Path(crawler.settings.get("EPAPER_PAPERS", "data/papers.toml")))
        if spider.paper_key not in registry.papers:
            raise ValueError(f"unknown paper {spider.paper_key!r}; known: {', '.join(sorted(registry.papers))}")
        spider.paper = registry.papers[spider.paper_key]
        spider.topic = registry.topic
        spider.site_name = spider.paper.name
        spider.layout = LAYOUTS[spider.paper.layout]
        spider._page_link = re.compile(spider.layout.page_link)
        spider._article_url = re.compile(spider.layout.article_link)
        return spider

    async def start(self):
        today = datetime.now(CST).date()
        for issue in issue_dates(date_arg=self.date_arg, since=self.since, until=self.until, today=today):
            yield scrapy.Request(self.paper.first_page(issue), callback=self.parse_page, cb_kwargs={"issue": issue})

    # -- pages ------------------------------------------------------------------------------------

    def parse_page(self, response, issue: date):
        response = self._with_encoding(response)
        stats = self.crawler.stats
        stats.inc_value("epaper/pages")
        label = self._page_label(response)
        links = [response.urljoin(href.strip()) for href in response.css("a::attr(href), area::attr(href)").getall()]
        articles = list(dict.fromkeys(url for url in links if self._article_url.search(url)))
        if not articles:
            stats.inc_value("hospitalnews/list_pages_without_articles")
            self.logger.warning("Page %s links no story: has the layout changed?", response.url)
        for url in articles:
            if self.is_archived(url):
                stats.inc_value("hospitalnews/articles_known")
                continue
            stats.inc_value("hospitalnews/articles_new")
            listing = Listing(url, date_raw=issue.isoformat())
            yield scrapy.Request(url, self.parse_article, cb_kwargs={"listing": listing}, meta={"page_label": label})
        for url in dict.fromkeys(url for url in links if self._page_link.search(url)):
            yield scrapy.Request(url, self.parse_page, cb_kwargs={"issue": issue})

    def _page_label(self, response) -> str | None:
        for css in (*self.layout.page_label_css, "body"):
            text = " ".join(response.css(css + " ::text").getall())
            if "版" in text:
                return page_label(text)
        return None

    def _with_encoding(self, response):
        return response.replace(encoding=self.paper.encoding) if self.paper.encoding else response

    # -- stories ----------------------------------------------------------------------------------

    def _first_text(self, response, selectors: tuple[str, ...]) -> str | None:
        for css in selectors:
            text = fold_spaces(" ".join(response.css(css + " ::text").getall()))
            if text:
                return text
        return None

    def _body_html(self, response) -> str | None:
        for css in self.layout.body_css:
            found = response.css(css).get()
            if found:
                return found
        if self.layout.body_comment:
            name = self.layout.body_comment
            m = re.search(rf"<!--\s*{name}\s*-->(.*?)<!--\s*/{name}\s*-->", response.text, re.S)
            if m:
                return f"<div>{m[1]}</div>"
        return None

    def extract_article(self, response, listing: Listing | None):
        response = self._with_encoding(response)
        article = self.new_article(response, listing)
        article.site_name = article.source = self.paper.name
        article.category = response.meta.get("page_label")
        article.kicker = self._first_text(response, self.layout.kicker_css)
        article.title = self._first_text(response, self.layout.title_css)
        article.subtitle = self._first_text(response, self.layout.subtitle_css)
        article.publish_time_raw = listing.date_raw
        article.publish_time = isoformat(date.fromisoformat(listing.date_raw))
        body_html = self._body_html(response)
        if body_html is None:
            raise ValueError("no story text (none of the layout's body selectors matched)")
        if self.paper.print_text:
            paragraphs = repair_print_text(print_lines(body_html)).split("\n")
        else:
            body = extract_body(scrapy.Selector(text=body_html).css("body > *")[0].root, response.url)
            paragraphs, article.images = body.paragraphs, body.images
        paragraphs = [p for p in paragraphs if p]
        if paragraphs:
            article.authors, first = parse_byline(paragraphs[0])
            paragraphs = ([first] if first else []) + paragraphs[1:]
        article.content = "\n".join(paragraphs) or None
        for image in article.images:  # 义诊现场。记者 张三 摄: the credit is an author, not caption text
            credit = parse_photo_credit(image.get("caption") or "")
            if credit:
                image["caption"], credit_authors = credit
                article.authors += [a for a in credit_authors if a not in article.authors]
        text = "\n".join(filter(None, (article.kicker, article.title, article.subtitle, article.content)))
        if not self.keep_all and not is_health_story(text, self.topic.keywords):
            self.crawler.stats.inc_value("epaper/off_topic")
            self.logger.debug("Off topic, not kept: %s %s", response.url, article.title)
            return None
        article.institutions = named_institutions(text, self.topic.institution_suffixes)
        return article
