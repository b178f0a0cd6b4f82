"""JavaScript view counters: where a page asks for its count, and what the endpoint answers.

Many CMS templates print no count in the HTML; a script fetches it (and increments it) from an
endpoint. ``find_counter_url`` names that endpoint so the spider can request it once;
``parse_counter_response`` reads the number out of the answer.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from .counts import parse_view_count
from .lazyre import lazy_compile

# Counter endpoints of the known CMS families, found anywhere in the page (a script src or inline JS):
# DedeCMS /plus/count.php?aid=, PHPCMS api.php?op=count&id=, EmpireCMS /e/public/ViewClick/?id=.
# Only the fixed anchor is searched; the URL around it is then read outwards, at most _URL_MAX characters
# each way, so a page-long base64 image costs one linear pass.
_KNOWN_ANCHOR = lazy_compile(r"/plus/count\.php\?|api\.php\?op=count&|/e/public/ViewClick/?\?", re.IGNORECASE)
_KNOWN_ID = lazy_compile(r"(?:^|[?&;])(?:amp;)?a?id=\d", re.IGNORECASE)
_URL_STOP = frozenset("\"'<>() \t\r\n")
_URL_MAX = 2048
# Other counters count when a <script src> calls them: a path named for counting, with a numeric id.
_COUNTER_NAME = lazy_compile(r"count|hits|click|visit", re.IGNORECASE)
_COUNTER_EXT = lazy_compile(r"\.(?:php|asp|aspx|jsp|do|ashx|js|action|jspx)$", re.IGNORECASE)
_NUMERIC_ID = lazy_compile(r"(?:^|[&;])(?:amp;)?\w{0,20}id=\d", re.IGNORECASE)
# A views label right before a script (浏览：<script src=…>, 阅读次数(<script src=…>), or the label's own
# element just before the script's: every CMS's counter, known or not, sits there.
_VIEWS_LABEL = lazy_compile(r"(?:浏览|阅读|点击|访问|人气|views?|hits|clicks?)(?:次数|量|数|人次|率)?\s{0,3}[:：]?\s{0,3}[(（\[【]?\s{0,3}$",
                          re.IGNORECASE)
_VIEWS_ICON = lazy_compile(r"eye|view|hits|liulan|dianji|click", re.IGNORECASE)
# 博达 VSB: _showDynClicks("wbnews", 1234, 5678) → owner 1234, clickid 5678.
_VSB_CLICKS = lazy_compile(r"""_showDynClicks\(\s{0,9}["'](?P<type>\w{1,40})["']\s{0,9},\s{0,9}(?P<owner>\d{1,20})\s{0,9},\s{0,9}(?P<clickid>\d{1,20})\s{0,9}\)""")
_VSB_ENDPOINT = "/system/resource/code/news/click/dynclicks.jsp?clickid={clickid}&owner={owner}&clicktype={type}"
# JEECMS: Cms.viewCount("/", "3456") → /content_view.jspx?contentId=3456.
_JEECMS = lazy_compile(r"""Cms\.viewCount\(\s{0,9}["'](?P<base>[^"'\n]{0,200})["']\s{0,9},\s{0,9}["']?(?P<id>\d{1,20})""")
_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "ac", "co"})
# Inline script requests (EyouCMS ``ajax.open("get", "/index.php?…&a=arcclick&aid=1086")``, Jspxcms
# ``$.get("/info_views/1127.jspx", …)``, ``$.ajax({url: …})``, ``fetch(…)``): the call and its literal URL.
_REQUEST = lazy_compile(
    r"""(?:\.open\(\s{0,9}["'](?:get|post)["']\s{0,9},|(?:\$|jQuery)\.(?:get|post|getJSON|ajax)\(|\burl\s{0,9}:|"""
    r"""\bfetch\(|\baxios(?:\.get|\.post)?\(|\.load\()\s{0,9}["'](?P<url>[^"'\s<>]{1,2048})["']""", re.IGNORECASE)
# Where the script writes the answer: $("#info_views"), getElementById("eyou_arcclick").
_TARGET = lazy_compile(r"""(?:\$|jQuery)\(\s{0,9}["']#(?P<a>[\w-]{1,80})["']|getElementById\(\s{0,9}["'](?P<b>[\w-]{1,80})["']""")
_INLINE_NAME = lazy_compile(r"count|hits|click|visit|views", re.IGNORECASE)
_MAX_CANDIDATES = 50  # requests / attribute holders examined per page (each may walk its siblings)
_INLINE_MAX = 50_000  # characters of one inline script read (a counter call is a few lines)
# An element that names its counter address in an attribute, for a plugin to fetch (苏迪 WebPlus
# <span class="WP_VisitCount" url="/_visitcountdisplay?siteId=12&type=3&articleId=56789">).
_ADDRESS_ATTRIBUTES = ("url", "data-url", "data-api", "data-href")
_ADDRESS_XPATH = "//*[" + " or ".join(f"@{name}" for name in _ADDRESS_ATTRIBUTES) + "]"


def site_of(host: str) -> str:
    """The registrable part of a host name (``www.h.cn`` → ``h.cn``; ``news.h.com.cn`` → ``h.com.cn``)."""
    labels = host.lower().strip(".").split(".")
    if labels[-1].isdigit():  # an IP address is its own site
        return host
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-keep:])


def same_site(url: str, page_url: str) -> bool:
    """Whether ``url`` is served by the page's own site (a counter elsewhere is a third party's)."""
    host, page_host = urlsplit(url).hostname, urlsplit(page_url).hostname
    return not host or not page_host or site_of(host) == site_of(page_host)


def _known(url: str) -> bool:
    path, _, query = url.partition("?")
    low = path.lower()
    if low.endswith("/plus/count.php") or re.search(r"/e/public/viewclick/?$", low):
        return bool(_KNOWN_ID.search("?" + query))
    return low.endswith("api.php") and query.lower().startswith("op=count&") and bool(_KNOWN_ID.search("?" + query))


def _named_counter(url: str) -> bool:
    path, _, query = url.partition("?")
    name = path.rsplit("/", 1)[-1]
    return bool(query) and bool(_COUNTER_EXT.search(name)) and bool(_COUNTER_NAME.search(path)) and bool(_NUMERIC_ID.search(query))


def _text_before(el) -> str:
    """The nearest text before element ``el`` in its block: its earlier siblings', else its parent's
    (two levels up at most). An icon with no text but a views class (``<i class="icon-view">``) reads 浏览."""
    parts: list[str] = []
    node = el
    for _ in range(3):
        sibling = node.getprevious()
        while sibling is not None:
            parts.append(sibling.tail or "")
            if isinstance(sibling.tag, str) and sibling.tag.lower() != "script":
                text = sibling.text_content()
                if not text.strip() and _VIEWS_ICON.search(f"{sibling.get('class') or ''} {sibling.get('id') or ''}"):
                    text = "浏览"
                parts.append(text[-40:])
            if "".join(parts).strip():
                return "".join(reversed(parts)).strip()[-40:]
            sibling = sibling.getprevious()
        parent = node.getparent()
        if parent is None:
            break
        parts.append(parent.text or "")
        if "".join(parts).strip():
            break
        node = parent
    return "".join(reversed(parts)).strip()[-40:]


def _script_counter(root, page_url: str) -> tuple[str | None, str | None]:
    """``(labelled, named)``: the first ``<script src>`` right after a views label, the first named for counting."""
    named = labelled = None
    for script in root.iter("script"):
        src = (script.get("src") or "").strip().replace("&amp;", "&")
        if not src or len(src) > _URL_MAX or src.startswith("data:"):
            continue
        if named is None and (_known(src) or _named_counter(src)):
            named = src
        if labelled is None and "?" in src and re.search(r"\d", src.partition("?")[2]) \
                and _VIEWS_LABEL.search(_text_before(script)):
            labelled = src
    return (urljoin(page_url, labelled) if labelled else None), (urljoin(page_url, named) if named else None)


def _anchored_counter(html_text: str, page_url: str) -> str | None:
    for m in _KNOWN_ANCHOR.finditer(html_text):
        start = m.start()
        while start > 0 and m.start() - start < _URL_MAX and html_text[start - 1] not in _URL_STOP:
            start -= 1
        end = m.end()
        while end < len(html_text) and end - m.end() < _URL_MAX and html_text[end] not in _URL_STOP:
            end += 1
        url = html_text[start:end].replace("&amp;", "&")
        if _known(url):
            return urljoin(page_url, url)
    return None


def _labelled(el) -> bool:
    """Whether element ``el`` stands where a view count is printed: after a views label (浏览：, 阅读次数,
    a views icon), or itself named for counting (``WP_VisitCount``, ``info_views``, ``hits``)."""
    if _VIEWS_ICON.search(f"{el.get('class') or ''} {el.get('id') or ''}") or \
            _INLINE_NAME.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return True
    return bool(_VIEWS_LABEL.search(_text_before(el)))


def _attribute_counter(root) -> str | None:
    """A counter address held in an element attribute that a plugin fetches: 苏迪 WebPlus
    ``<span class="WP_VisitCount" url="/_visitcountdisplay?siteId=12&type=3&articleId=56789">1036</span>``
    (the number is the count when the page was saved; the plugin replaces it). The element must stand
    where a count is printed (``_labelled``) and the address carry a numeric id."""
    for el in root.xpath(_ADDRESS_XPATH)[:_MAX_CANDIDATES]:  # a page has a handful; a hostile one is cut
        for name in _ADDRESS_ATTRIBUTES:
            value = (el.get(name) or "").strip().replace("&amp;", "&")
            if not value or len(value) > _URL_MAX or value.startswith(("data:", "javascript:", "#")) or el.tag == "a":
                continue
            path, _, query = value.partition("?")
            if re.search(r"\d", query or path.rsplit("/", 1)[-1]) and _labelled(el):
                return value
    return None


def _inline_counter(root) -> tuple[str | None, bool]:
    """A counter an inline script requests: ``(url, written_to_label)``. The request's literal URL carries a
    number (the article id) and either its answer is written into an element printed after a views label
    (``浏览：<i id="eyou_arcclick">``, ``浏览次数：<span id="info_views">``) — then ``written_to_label`` — or its
    path is named for counting (EyouCMS ``a=arcclick``, Jspxcms ``/info_views/1127.jspx``, ``hits``,
    ``count``). ``(None, False)`` when no inline script asks for one."""
    named = None
    seen = 0
    for script in root.iter("script"):
        if script.get("src"):
            continue
        code = (script.text or "")[:_INLINE_MAX]
        if "(" not in code:
            continue
        for m in _REQUEST.finditer(code):
            seen += 1
            if seen > _MAX_CANDIDATES:
                return named, False
            url = m["url"].replace("&amp;", "&")
            if not re.search(r"\d", url) or url.startswith(("data:", "javascript:")):
                continue
            for target in list(_TARGET.finditer(code, m.end(), min(len(code), m.end() + 600)))[:3]:
                el = next(iter(root.xpath("//*[@id=$id]", id=target["a"] or target["b"])), None)
                if el is not None and _labelled(el):
                    return url, True
            if named is None and _INLINE_NAME.search(url):
                named = url
    return named, False


def find_counter_url(html_text: str, page_url: str, root=None) -> str | None:
    """Absolute URL of the view counter the page calls, or ``None``.

    In order: a 博达 VSB ``_showDynClicks(…)`` or JEECMS ``Cms.viewCount(…)`` call; a ``<script src>``
    right after a views label (浏览/阅读/点击/访问, any CMS: TRS ``count/visit.jsp?docid=``, DTcms
    ``submit_ajax.ashx?action=view_article_click``, MetInfo ``/hits/?…&vid=``…); an inline request whose answer
    is written where the count is printed, or an element naming its counter address (苏迪 WebPlus
    ``WP_VisitCount url=…``); a script whose path is named for counting (count/hits/click/visit) with a
    numeric id; an inline request named for counting (EyouCMS ``arcclick``, Jspxcms ``info_views``); a
    DedeCMS/PHPCMS/EmpireCMS endpoint anywhere in the page. A counter on another site (a hosted statistics service) gives ``None``: the
    spider never requests it. ``root`` is the page's parsed tree when the caller has one (else parsed here).
    """
    if root is None:
        from .document import parse_document
        root = parse_document(html_text)
    url = None
    m = _VSB_CLICKS.search(html_text)
    if m:
        url = urljoin(page_url, _VSB_ENDPOINT.format(**m.groupdict()))
    if url is None:
        m = _JEECMS.search(html_text)
        if m:
            url = urljoin(page_url, (m["base"].rstrip("/") or "") + f"/content_view.jspx?contentId={m['id']}")
    if url is None:
        labelled, named = _script_counter(root, page_url)
        inline, written = _inline_counter(root)
        found = labelled or (inline if written else None) or _attribute_counter(root)
        url = urljoin(page_url, found) if found else (named or (urljoin(page_url, inline) if inline else None)
                                                       or _anchored_counter(html_text, page_url))
    return url if url and same_site(url, page_url) else None


# PHPCMS answers several counters at once; the total is the one aimed at #hits.
_HITS = lazy_compile(r"""\(\s*["']#hits["']\s*\)\.html\(\s*["'](?P<value>[^"']*)["']""")
# Answers: document.write('123'), $('#hits').html('10450'), {"hits": 12}, a bare 123.
_WRITTEN = lazy_compile(r"""(?:document\.write(?:ln)?|\.html|\.text|innerHTML\s{0,9}=)\s{0,9}\(?\s{0,9}["'](?P<value>[^"']{0,200})["']""")
_JSON_COUNT = lazy_compile(r"""["']?(?:hits|views?|count|clicks?|num|total)["']?\s*[:=]\s*["']?(?P<value>\d[\d,]*)""", re.IGNORECASE)
_LIST = lazy_compile(r"^\s*\[\s*[\"']?(?P<value>\d+)")  # JEECMS: [views, comments, downs, ups]
_BARE = lazy_compile(r"^(?P<value>\d[\d,]{0,30}(?:\.\d{1,9})?[万千]?);?$")  # on the stripped answer
_TAGS = lazy_compile(r"<[^>]+>")


def parse_counter_response(text: str | bytes | None) -> int | None:
    """The count an endpoint answered, or ``None`` when it answered none.

    Answers: a bare ``123``; ``document.write("123")`` (TRS visit.jsp, DedeCMS, DTcms); PHPCMS's
    ``$('#hits').html('10450')``; JEECMS's ``[views, …]`` list; JSON ``{"hits": 12}``."""
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = text[:20_000]  # an answer is a few bytes; an error page must not cost more
    m = _BARE.match(text.strip()) or _HITS.search(text) or _LIST.match(text)
    if m:
        return parse_view_count(m["value"])
    for written in _WRITTEN.finditer(text):
        count = parse_view_count(_TAGS.sub("", written["value"]))
        if count is not None:
            return count
    m = _JSON_COUNT.search(text)
    if m:
        return parse_view_count(m["value"])
    return None
