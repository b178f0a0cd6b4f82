"""Recognise a city e-paper (数字报) from one of its URLs and pages, with no configuration.

Most Chinese city papers run one of a few e-paper systems, each with fixed URL forms, declared as
layouts in ``data/papers.toml``:

    founder     方正 (Founder) 数字报       html/2024-02/05/node_2.htm      → content_123_4.htm
    founder_pc  Founder's newer family     pc/layout/202402/05/node_A01.html → pc/c|content/202402/05/content_1234.html
    my0538      PaperReader-style pages    content/20240205/Page01YF.htm   → Articel03001YF.htm

``recognise`` matches a URL against every layout's page and story link patterns; the URL part before
the match is the paper's root, the date in the path is the issue date. ``paper_name`` reads the paper's
name from a page title (``第A01版：要闻_泰安日报``, ``齐鲁晚报数字报``), ``paper_key`` makes an archive key
from the root. Pure functions: no Scrapy, no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from .lazyre import lazy_compile

# A date in an e-paper path: 20240205, 2024-02/05, 202402/05 (the separators are kept for other days).
_PATH_DATE = lazy_compile(r"(?<!\d)(20\d{2})(-?)([01]\d)(/?)([0-3]\d)(?!\d)")
# Markup that only Founder pages carry, for a page whose URL matches no known form.
_FOUNDER_MARKUP = lazy_compile(r"<founder-(?:content|title)\b|<!--\s*enpcontent\s*-->", re.IGNORECASE)
# Words around a paper's name in page titles.
_NAME_NOISE = lazy_compile(r"(?:数字报刊平台|数字报刊|数字报纸|数字报|电子报刊|电子报|电子版|网络版|手机版|报刊平台|在线阅读|首页)$")
_TITLE_SPLIT = lazy_compile(r"[-_|｜—–:：·•\s]+")
_GENERIC_SEGMENTS = {"epaper", "html", "pc", "szb", "dzb", "paper", "papers", "content", "layout", "www", "news",
                     "e", "ep", "index", "h5", "mobile"}


@dataclass(frozen=True)
class IssueUrl:
    """Where a URL sits in an e-paper: layout key, paper root, issue date, and whether it is a page or a story."""

    url: str
    layout: str
    root: str
    day: date
    kind: str                       # "page" (a printed page: 版面) or "story"
    date_span: tuple[int, int]      # where the date is in ``url``
    date_format: tuple[str, str]    # its two separators ('', '/') / ('-', '/') / ('', '')

    def same_form_for(self, day: date) -> str:
        """This URL with another issue date written the same way (``node_2.htm`` of another day)."""
        dash, slash = self.date_format
        text = f"{day.year:04d}{dash}{day.month:02d}{slash}{day.day:02d}"
        return self.url[:self.date_span[0]] + text + self.url[self.date_span[1]:]


def recognise(url: str, layouts: dict | None = None, html: str | None = None) -> IssueUrl | None:
    """The e-paper position of ``url`` given the known ``layouts`` (name → ``papers.Layout``), or None.

    Tried in order: every layout's ``page_link``, then its ``article_link``. When no URL form matches
    but ``html`` carries Founder markup, the Founder layout is assumed only if the URL has a path date.
    No ``layouts`` (None or empty): None.
    """
    if not url or not layouts:
        return None
    url = url[:2000]    # URLs are short; a pathological one is not an e-paper's
    for kind, attribute in (("page", "page_link"), ("story", "article_link")):
        for name, layout in layouts.items():
            m = re.search(getattr(layout, attribute), url)
            if not m:
                continue
            found = _PATH_DATE.search(url, max(0, m.start() - 1))
            if not found:
                continue
            try:
                day = date(int(found[1]), int(found[3]), int(found[5]))
            except ValueError:
                continue
            return IssueUrl(url, name, url[:m.start()], day, kind, found.span(), (found[2], found[4]))
    return None


def looks_like_epaper(url: str, layouts: dict | None = None, html: str | None = None) -> bool:
    """True when ``url`` (or the markup of its page) is an e-paper's: the ``news`` spider's check."""
    if recognise(url, layouts) is not None:
        return True
    return bool(html and _FOUNDER_MARKUP.search(html[:200_000]))


def paper_name(title: str | None, fallback: str) -> str:
    """The paper's name from a page ``<title>``: the part ending in 报 (日报, 晚报, 都市报 …).

    ``第A01版：要闻_泰安日报`` → 泰安日报; ``齐鲁晚报数字报`` → 齐鲁晚报; ``泰山晚报-数字报刊平台`` → 泰山晚报.
    A part naming a printed page (``第A01版``) is never the name. ``fallback`` when nothing fits.
    """
    for part in _TITLE_SPLIT.split((title or "")[:200]):
        part = _NAME_NOISE.sub("", part.strip())
        if 2 <= len(part) <= 12 and part.endswith("报") and "版" not in part:
            return part
    return fallback


def paper_key(root: str) -> str:
    """An archive key (``[a-z0-9_]+``) for an unconfigured paper: the last telling path segment of its
    root (``…/epaper/taianribao/`` → ``taianribao``), else its host less a generic first label (``szb.example.cn`` → ``example_cn``)."""
    parts = urlsplit(root)
    for segment in reversed([s for s in parts.path.split("/") if s]):
        segment = segment.lower()
        if re.fullmatch(r"[a-z][a-z0-9_]{2,30}", segment) and segment not in _GENERIC_SEGMENTS:
            return segment
    labels = (parts.hostname or "paper").lower().split(".")
    while len(labels) > 2 and labels[0] in _GENERIC_SEGMENTS:      # epaper.x.cn, szb.x.cn, www.x.cn
        labels = labels[1:]
    host = ".".join(labels)
    return re.sub(r"[^a-z0-9]+", "_", host).strip("_") or "paper"


# -- a story page read by the generic extractor ------------------------------------------------------------

# A printed-page label (第A05版：健康, 第3版 要闻, A05版：健康): the mark of an e-paper page, whatever its system.
_PRINTED_PAGE = lazy_compile(r"第\s{0,3}[A-Za-z]?\d{1,3}\s{0,3}版|(?<![A-Za-z0-9])[A-Za-z]\d{1,3}\s{0,3}版\s{0,3}[：:]")
_MAX_PHOTOS = 8     # photos printed above one story
_TOP_TEXTS = 400   # text pieces read above a headline (issue bar, page navigation): a page's top, never all of it


@dataclass(frozen=True)
class StoryFacts:
    """What an e-paper story page prints around the story rather than in it: the printed page as the
    category (``A05 健康``), the issue date of the top bar (``2024年03月12日``), and the story's photos printed
    between the headline and the text (``[{url, caption}]``, caption with its photo credit still on)."""

    page: str | None = None
    issue_date: str | None = None
    images: tuple = ()


def is_epaper_story(html: str | None) -> bool:
    """Whether a page looks like an e-paper story page: Founder markup (``<founder-content>``,
    ``<!--enpcontent-->``) or a printed-page label (``第A05版``) anywhere in it. A cheap test on the text,
    for the generic extractor to decide whether to read :func:`story_page_facts`."""
    head = (html or "")[:300_000]
    if ("founder" in head or "enpcontent" in head) and _FOUNDER_MARKUP.search(head):
        return True
    # only around each 版 (版权所有 is on most pages): a few short windows, never a regex over the page
    at = head.find("版")
    for _ in range(200):
        if at < 0:
            return False
        if _PRINTED_PAGE.search(head, max(0, at - 8), at + 2):
            return True
        at = head.find("版", at + 1)
    return False


def story_page_facts(root, base_url: str, heading=None, content=None) -> StoryFacts:
    """The e-paper facts printed around a story (see :class:`StoryFacts`), read from the page's top
    (text before ``heading``, links and ``<head>`` excluded: the page bar ``第A05版：健康`` and the issue bar
    ``2024年03月12日 星期二`` of 方正 Founder ``content_N.htm`` pages, Founder PC and other systems alike) and from
    the photos between ``heading`` and the body element ``content`` (Founder prints the story's picture in a
    table above ``<founder-content>``, its caption and ``记者 … 摄`` credit in the cell below).
    Without ``heading`` the page's first texts are read and no photo is taken. A page without a printed-page
    label above its headline is no e-paper story: an empty ``StoryFacts``."""
    from .body import extract_body
    from .dates import find_date_text
    from .pages import page_label

    if heading is not None:
        texts = heading.xpath("preceding::text()[not(ancestor::a) and not(ancestor::head)]")[-_TOP_TEXTS:]
    else:
        texts = root.xpath("//body//text()[not(ancestor::a)]")[:_TOP_TEXTS]
    page = issue = None
    for text in texts:
        text = str(text)[:300]
        if page is None and _PRINTED_PAGE.search(text):
            page = page_label(" ".join(text.split()))
        if issue is None:
            issue = find_date_text(text)
        if page and issue:
            break
    if page is None:  # no printed-page bar above the headline: not an e-paper story, nothing is read
        return StoryFacts()
    images: list[dict] = []
    if heading is not None and content is not None:
        before_body = set(content.xpath("preceding::img"))
        # an element holds the headline or the body when it is one of them or one of their ancestors
        holding = {heading, content, *heading.iterancestors(), *content.iterancestors()}
        holders = []
        for img in heading.xpath("following::img")[:_MAX_PHOTOS]:
            if img not in before_body:
                break
            holder = img
            while holder.getparent() is not None and holder.getparent() not in holding:
                holder = holder.getparent()
            if holder not in holders:
                holders.append(holder)
        for holder in holders:
            images += [i for i in extract_body(holder, base_url).images if i not in images]
    return StoryFacts(page, issue, tuple(images))

