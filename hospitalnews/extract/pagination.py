"""Find the next page of a news list.

In order of trust:

1. a link labelled 下一页 / 下页 / 后页 / > / » / Next (by text, ``title``, ``alt`` or ``class="next"``);
2. the link whose text is the next page number;
3. pages that exist only in a script: TRS WCM ``createPageHTML(7, 0, "index", "html")`` (7 pages,
   this is page 0: the next is ``index_1.html``; TRS numbers page 2 as ``_1``), and the
   ``countPage``/``currentPage`` variables some TRS templates set instead;
4. Hanweb 大汉 JCMS: a column page's embedded records continue in ``dataproxy.jsp`` record ranges
   (``hanweb_column_next``, then ``hanweb_next``).

Every form of URL (``list_5_2.html``, ``index_2.html``, ``List.aspx?cid=3&page=2``, ``/page/2/``,
``lm_list.jsp?wbtreeid=1011&PAGENUM=2``, ``?page=N``/``&p=N``) arrives through 1–2: a template
links its next page. A "next" link that points at the page itself (the last page of many
templates), a disabled one (no ``href``, ``javascript:``), or 尾页/末页 is no next page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from .document import document_fromstring, join_url
from .lazyre import lazy_compile
from .scripts import call_arguments, concatenations, literal_value, number_variable, string_variable, strip_comments
from .text import without_spaces

_NEXT_LABEL = lazy_compile(r"^(?:下一页|下页|后页|下一頁|后一页|next(?:page)?|(?:点击)?(?:加载|载入)更多|loadmore|[>›»]{1,2})[>›»]*$",
                         re.IGNORECASE)
_NEXT_WORD = lazy_compile(r"^(?:下一页|下页|后页|下一頁|后一页|next(?:page)?|(?:点击)?(?:加载|载入)更多(?:新闻|内容)?|loadmore)[>›»]*$",
                        re.IGNORECASE)
_NEXT_CLASS = lazy_compile(r"(?:^|\s)(?:next|nextpage|next-page|page-next|pgnext|a_next)(?:$|\s)", re.IGNORECASE)
_DIGITS = lazy_compile(r"^\[?\s*第?\s*(\d{1,4})\s*页?\s*\]?$")
_INT = lazy_compile(r"^\s*(\d+)\s*$")
_STR = lazy_compile(r"""^\s*["']([^"']*)["']\s*$""")


_BRACKETED = lazy_compile(r"^[\[【(（](.*)[\]】)）]$")


def _label(text: str | None) -> str:
    """Link text without spaces or the brackets pagers put round it: ``[下一页]``, ``【2】``."""
    label = without_spaces(text)
    m = _BRACKETED.match(label)
    return m[1] if m else label


def find_next_page(links: list[tuple[str, str]], base_url: str, page: int) -> str | None:
    """``links`` are ``(href, text)`` pairs of a list page that is page ``page`` (1-based).

    A link labelled 下一页 / 下页 / 后页 / > wins; else the link whose text is the next page number.
    """
    return _next_from_links([(href, text, "") for href, text in links], base_url, page)


def _next_from_links(links: list[tuple[str, str, str]], base_url: str, page: int) -> str | None:
    """``links``: ``(href, text, hints)`` where hints are the title/alt/class words of the link."""
    targets = []
    for href, text, hints in links:
        href = (href or "").strip()
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        targets.append((NextPage(urljoin(base_url, href).split("#")[0]), text, hints))
    best = _pick(targets, base_url, page)
    return best.url if best else None


def _pick(targets: list[tuple["NextPage", str, str]], base_url: str, page: int) -> "NextPage | None":
    """The next page among a pager's targets: a 下一页-like label first, else the next page number."""
    current = base_url.split("#")[0]
    labelled: list[tuple[int, NextPage]] = []
    numbered = None
    for target, text, hints in targets:
        if target.url == current and not target.formdata:
            continue
        label = _label(text)
        rank = _next_rank(label, hints)
        if rank is not None:
            labelled.append((rank, target))
            continue
        m = _DIGITS.match(label)
        if m and int(m[1]) == page + 1 and numbered is None:
            numbered = target
    best = min(labelled, key=lambda pair: pair[0], default=None)
    if best and (best[0] <= 1 or numbered is None):
        return best[1]
    return numbered


def _next_rank(label: str, hints: str) -> int | None:
    """How surely a link is "next": words first, then a single arrow; ``>>``/``»`` is "last" in some pagers."""
    if _NEXT_WORD.match(label) or (not label and _NEXT_WORD.match(_label(hints))):
        return 0
    if _NEXT_CLASS.search(hints) and not _DIGITS.match(label):
        return 1
    if label in (">", "›", "&gt;"):
        return 1
    if _NEXT_LABEL.match(label) or (not label and _NEXT_LABEL.match(_label(hints))):
        return 2
    return None


def hanweb_next(url: str, records_on_page: int, total_records: int | None) -> str | None:
    """Hanweb 大汉 JCMS ``dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&…``: the next range.

    The XML says ``<totalrecord>123</totalrecord>``; a range past it, or an empty page, ends the list.
    """
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "startrecord" not in query or "endrecord" not in query or records_on_page == 0:
        return None
    start, end = int(query["startrecord"]), int(query["endrecord"])
    step = end - start + 1
    if total_records is not None and end >= total_records or total_records is None and records_on_page < step:
        return None
    query["startrecord"], query["endrecord"] = str(start + step), str(end + step)
    return urlunsplit(parts._replace(query=urlencode(query)))


_TOTAL_RECORDS = lazy_compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_PER_PAGE = lazy_compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_DATAPROXY_HREF = lazy_compile(r"""["'](?P<url>[^"'<>]*?/module/web/jpage/dataproxy\.jsp\?[^"'<>]*)["']""", re.IGNORECASE)
_HANWEB_IDS = {name: re.compile(rf"\b{name}\s*[=:]\s*['\"]?(\w+)", re.IGNORECASE)
               for name in ("columnid", "unitid", "webid")}


def _total_records(text: str) -> int | None:
    m = _TOTAL_RECORDS.search(text)
    return int(m[1] or m[2]) if m else None


def hanweb_column_next(text: str, url: str) -> str | None:
    """Hanweb 大汉 JCMS column page (``/col/col4584/index.html``): it embeds its first records as
    ``<record><![CDATA[…]]></record>`` and names the ``dataproxy.jsp`` that serves the rest
    (``…&columnid=4584&unitid=12345&webid=1``); the next range starts after the embedded records.
    Asked with GET and every parameter in the query, which JCMS answers as it answers the POST of its
    own script."""
    records = len(_RECORDS.findall(text))
    if not records:
        return None
    total = _total_records(text)
    if total is not None and records >= total:
        return None
    href = _DATAPROXY_HREF.search(text)
    query = dict(parse_qsl(urlsplit(href["url"].replace("&amp;", "&")).query)) if href else {}
    for name, pattern in _HANWEB_IDS.items():
        if name not in query and (m := pattern.search(text)):
            query[name] = m[1]
    if "columnid" not in query or "unitid" not in query:
        return None
    query.pop("page", None)
    per_page = _PER_PAGE.search(text)
    ranges = {"startrecord": str(records + 1), "endrecord": str(2 * records),
              "perpage": per_page[1] if per_page else str(records)}
    path = urlsplit(href["url"]).path if href else "/module/web/jpage/dataproxy.jsp"
    return urljoin(url, path + "?" + urlencode({**ranges, **{k: v for k, v in query.items() if k not in ranges}}))
_RECORDS = lazy_compile(r"<record>", re.IGNORECASE)


# -- the next page, however the pager states it -------------------------------------------------------


@dataclass(frozen=True)
class NextPage:
    """The page after this one: a URL to GET, or (``formdata`` set) the page's own form to POST again
    with those fields — ASP.NET WebForms ``__doPostBack(target, argument)`` pagers, whose later pages
    exist only as the answer to that POST (``__VIEWSTATE``/``__EVENTVALIDATION`` come from the form).
    ``how`` names the pager form it was read from (for the log and the tests)."""

    url: str
    formdata: dict | None = None
    how: str = "link"


def document_base(root, url: str) -> str:
    """The URL relative links of a page resolve against: its ``<base href>`` (JSP ``basePath``
    templates, many ASP sites), else its own URL."""
    for base in root.iter("base"):
        href = (base.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "data:")):
            return urljoin(url, href)
    return url


@dataclass(frozen=True)
class TrsPager:
    """TRS WCM's pager script: ``count`` pages, this is page ``current`` (0-based), pages are
    ``{prefix}.{suffix}`` then ``{prefix}_{n}.{suffix}``; ``records`` when the call states it."""

    count: int
    current: int
    prefix: str = "index"
    suffix: str = "html"
    records: int | None = None


_WORD = lazy_compile(r"\w{1,40}")


def trs_pager(script_text: str) -> TrsPager | None:
    """Read TRS WCM's pager from a page's scripts, as a program: comments are dropped first (a
    commented-out older ``createPageHTML`` call is not the live one), then the live
    ``createPageHTML(count, current, "index", "html")`` call (also ``createPageHTML('page_div', count,
    current, 'index', 'html', records)`` and calls passing ``countPage, currentPage``), else the
    ``var countPage = N`` / ``var currentPage = M`` declarations in either order."""
    code = strip_comments(script_text)
    count = current = records = None
    prefix = suffix = None
    calls = call_arguments(code, "createPageHTML")
    if calls:
        values = []
        for arg in calls[-1]:
            value = literal_value(arg)
            if value is None and re.fullmatch(r"[A-Za-z_$][\w$]{0,40}", arg):
                value = number_variable(code, arg)
                if value is None:
                    value = string_variable(code, arg)
            values.append(value)
        ints = [v for v in values if isinstance(v, int)]
        strs = [v for v in values if isinstance(v, str) and _WORD.fullmatch(v) and v not in ("page_div",)]
        if len(ints) >= 2:
            count, current = ints[0], ints[1]
            records = ints[2] if len(ints) >= 3 else None
            if len(strs) >= 2:
                prefix, suffix = strs[-2], strs[-1]
    if count is None:
        count, current = number_variable(code, "countPage"), number_variable(code, "currentPage")
        if count is None or current is None:
            return None
        records = number_variable(code, "recordCount")
    prefix = prefix or string_variable(code, "prefix")
    suffix = suffix or string_variable(code, "suffix")
    if not prefix or not suffix:
        written = _written_page_name(code)
        prefix, suffix = prefix or (written[0] if written else "index"), suffix or (written[1] if written else "html")
    return TrsPager(count, current, prefix, suffix, records)


_HREF_TAIL = lazy_compile(r"""href\s*=\s*["']?([\w./-]{0,80})_$""")
_NAME_SUFFIX = lazy_compile(r"^\.(\w{1,8})")


def _written_page_name(code: str) -> tuple[str, str] | None:
    """The page names the pager script writes: ``"<a href=\\"index_" + nextPage + ".html\\">"``."""
    for concat in concatenations(code):
        head = _HREF_TAIL.search(concat.prefix)
        tail = _NAME_SUFFIX.match(concat.suffix)
        if head and tail and head[1]:
            return head[1].rsplit("/", 1)[-1], tail[1]
    return None


def trs_next(script_text: str, base_url: str) -> str | None:
    """TRS WCM: the next page named by its pager script (see ``trs_pager``).

    Page 1 is ``index.html`` (current 0), page 2 ``index_1.html``, … the last ``index_{count-1}``.
    """
    pager = trs_pager(script_text)
    if pager is None or pager.current + 1 >= pager.count:
        return None
    return urljoin(base_url, f"{pager.prefix}_{pager.current + 1}.{pager.suffix}")


# ASP.NET: javascript:__doPostBack('AspNetPager1','2') (also in onclick, and GridView's 'Page$2')
_POSTBACK = lazy_compile(r"""__doPostBack\(\s*['"]([^'"]{1,200})['"]\s*,\s*['"]([^'"]{0,100})['"]\s*\)""")
# page numbers carried by a JavaScript-only pager link
_PAGE_ATTRS = ("page", "data-page", "data-p", "data-pn", "pageno", "data-pageno", "data-pagenum", "pagenum",
               "data-num", "data-index", "pageindex", "data-pageindex", "data-current", "p")
_PAGE_CALL = lazy_compile(r"""(?:go|goto|to|turn|jump|change|load|show|get|query|search|select|load_)?_?page"""
                        r"""\w{0,12}\s*\(\s*['"]?(\d{1,5})['"]?\s*[,)]""", re.IGNORECASE)
# a page URL template in an attribute: data-url="/news/list_{n}.html", data-tpl="?page={{page}}", …
_PLACEHOLDER = lazy_compile(r"\{\{?\s*(?:n|p|pn|no|num|page|pageno|pagenum|pageindex|pagenumber|index|i|0)\s*\}\}?"
                          r"|%d|\[page\]|__page__|\{page_?no\}", re.IGNORECASE)
_TEMPLATE_ATTRS = lazy_compile(r"^(?:data-)?(?:url|href|link|tpl|template|src|action|page-?url|url-?tpl|format)$",
                             re.IGNORECASE)
_URLISH = lazy_compile(r"^[\w./?&=%:#~+\-]{1,200}$")
_PAGE_PARAM = lazy_compile(r"(?:^|[?&/])(?:page|pageno|pagenum|pagenumber|pageindex|curpage|currentpage|pn|p|pg|"
                         r"page_no|pageNo|PAGENUM|index)=$", re.IGNORECASE)
_PAGE_PARAM_NAMES = ("page", "pageno", "pagenum", "pagenumber", "pageindex", "curpage", "currentpage", "pn", "p",
                     "pg", "page_no", "pageNo", "PAGENUM", "pageIndex", "pageNum")


_STRICT_PAGE_ATTRS = ("page", "data-page", "data-pageno", "data-pagenum", "pageno", "pagenum", "data-pn",
                      "data-pageindex", "pageindex")
_OWN_URL_ATTRS = ("data-url", "data-href", "data-link", "data-src", "url")


# onclick="location.href='list.jsp?page=2'", onclick="window.open('/news/index_2.html','_self')"
_ONCLICK_URL = lazy_compile(r"""(?:location(?:\.href)?\s*=|location\.(?:assign|replace)\(|window\.open\()\s*['"]([^'"\s]{1,300})['"]""")


def _page_number_of(anchor) -> int | None:
    """The page a JavaScript-only pager link goes to: its ``page``/``data-page`` attribute or the
    number in its ``onclick``/``href`` call (``goPage(2)``). Elements other than ``<a>`` (a
    ``<button>``/``<li>``/``<span>`` of a pager) count by their page attributes only."""
    if anchor.tag != "a":
        for name in _STRICT_PAGE_ATTRS:
            value = (anchor.get(name) or "").strip()
            if value.isdigit():
                return int(value)
        m = _PAGE_CALL.search(anchor.get("onclick") or "")
        return int(m[1]) if m else None
    for name in _PAGE_ATTRS:
        value = (anchor.get(name) or "").strip()
        if value.isdigit():
            return int(value)
    for code in (anchor.get("onclick") or "", anchor.get("href") or ""):
        m = _PAGE_CALL.search(code)
        if m:
            return int(m[1])
    return None


@dataclass(frozen=True)
class _Template:
    prefix: str
    suffix: str
    how: str

    def url(self, base: str, value) -> str:
        return urljoin(base, f"{self.prefix}{value}{self.suffix}")


def _attribute_template(root) -> _Template | None:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if not _TEMPLATE_ATTRS.match(name):
                continue
            m = _PLACEHOLDER.search(value or "")
            if m and _URLISH.match(_PLACEHOLDER.sub("1", value.strip())):
                value = value.strip()
                m = _PLACEHOLDER.search(value)
                return _Template(value[:m.start()], value[m.end():], "attribute-template")
    return None


_PAGE_EXPR = lazy_compile(r"page|pn\b|\bp\b|\bn\b|\bi\b|num|index|value|attr|data\(", re.IGNORECASE)


def _script_template(code: str) -> _Template | None:
    """``location.href = '/yydt/?page=' + $(this).attr('page')`` and the like: a URL literal that a
    page number is appended to (``page=``, ``index_``, ``list_`` … ``.html``)."""
    best = None
    for concat in concatenations(code):
        prefix = concat.prefix
        if not prefix or not _URLISH.match(prefix) or not _PAGE_EXPR.search(concat.expression):
            continue
        if concat.suffix and not re.fullmatch(r"(?:\.\w{1,8}|/|)(?:[?&#][\w=&%.-]{0,80})?", concat.suffix):
            continue
        if _PAGE_PARAM.search(prefix):
            rank = 0
        elif prefix.endswith(("_", "/", "-")) and (concat.suffix.startswith(".") or concat.suffix in ("", "/")):
            rank = 1
        else:
            continue
        if best is None or rank < best[0]:
            best = (rank, _Template(prefix, concat.suffix, "script-template"))
    return best[1] if best else None


def _own_url(element, number: int, base: str) -> str | None:
    """A load-more button's own URL stem: ``data-url="/news/more?page="`` + its ``data-page``."""
    for name in _OWN_URL_ATTRS:
        value = (element.get(name) or "").strip()
        if value and _URLISH.match(value) and value.endswith(("=", "_", "/", "-")) and not _PLACEHOLDER.search(value):
            return urljoin(base, f"{value}{number}")
    return None


_PAGE_FIELDS = frozenset(n.lower() for n in _PAGE_PARAM_NAMES) | {"currentpage", "pageindex", "pagenow", "curpage"}


def _page_form(root, url: str, page: int) -> NextPage | None:
    """A form with a page field (``<input name="pageNo">`` set by ``goPage(n)`` before ``submit()``):
    the page's form sent again with that field at the next page (the spider fills in the rest)."""
    for form in root.iter("form"):
        for field in form.iter("input", "select"):
            name = (field.get("name") or "").strip()
            if name.lower() in _PAGE_FIELDS and (field.get("type") or "text").lower() in ("hidden", "text", "number", ""):
                return NextPage(url, {name: str(page + 1)}, "form")
    return None


def _get_form(url: str, links: list[str]) -> _Template | None:
    """The obvious GET form of page N: the page's own ``?page=N`` parameter, or the one its other
    links use for the same path."""
    for candidate in [url, *links]:
        parts = urlsplit(candidate)
        if parts.path != urlsplit(url).path and candidate is not url:
            continue
        query = parse_qsl(parts.query, keep_blank_values=True)
        for index, (name, value) in enumerate(query):
            if name in _PAGE_PARAM_NAMES and value.isdigit():
                head = urlencode(query[:index] + [(name, "")])
                tail = urlencode(query[index + 1:])
                base = urlunsplit(parts._replace(query="", fragment=""))
                return _Template(f"{base}?{head}", ("&" + tail) if tail else "", "get-form")
    return None


def _select_targets(root, base: str, code: str) -> list[tuple[NextPage, str, str]]:
    """``<select onchange="location.href=this.value">`` jumps: one target per option."""
    targets = []
    for select in root.iter("select"):
        onchange = select.get("onchange") or ""
        if not onchange:
            continue
        inline = _script_template(strip_comments(onchange.replace("this.value", "page")))
        for option in select.iter("option"):
            value = (option.get("value") or "").strip()
            label = (option.text_content() or "").strip()
            if not value:
                continue
            if value.isdigit():
                template = inline or _script_template(code)
                if template is None:
                    continue
                url = template.url(base, value)
            elif _URLISH.match(value) and not value.lower().startswith("javascript"):
                url = urljoin(base, value)
            else:
                continue
            targets.append((NextPage(url.split("#")[0], how="select"), label, ""))
    return targets


def _hints(anchor) -> str:
    return " ".join(filter(None, [anchor.get("title"), anchor.get("class"), anchor.get("id"), anchor.get("rel")]
                           + [img.get("alt") for img in anchor.iter("img")]))


def _js_only(href: str) -> bool:
    return not href or href.lower().startswith(("javascript:", "#"))


def find_next(text: str, url: str, page: int) -> NextPage | None:
    """The page after ``url`` (page ``page``, 1-based) of a list, or ``None`` at the end.

    Pager forms, in order: Hanweb JCMS ``dataproxy.jsp`` record ranges; links (下一页, ``>``, the next
    page number), resolved against ``<base href>``; ASP.NET ``__doPostBack`` links (a form POST);
    ``javascript:void(0)`` links carrying ``page="2"``/``data-page``/``goPage(2)`` turned into URLs by
    a template in an attribute (``data-url="/news/list_{n}.html"``), by the click handler's
    ``'/yydt/?page=' + …``, or by the obvious GET form of the page's own URL; ``<select onchange>``
    jumps; TRS WCM's pager script (``createPageHTML``/``countPage``, comments stripped).
    """
    text = text or ""
    if "dataproxy.jsp" in url:
        found = hanweb_next(url, len(_RECORDS.findall(text)), _total_records(text))
        return NextPage(found, how="hanweb") if found else None
    if "<record" in text and "dataproxy.jsp" in text:
        found = hanweb_column_next(text, url)
        return NextPage(found, how="hanweb") if found else None
    root = document_fromstring(text or "")
    base = document_base(root, url)
    code = strip_comments(" ".join(s.text or "" for s in root.iter("script")))
    targets: list[tuple[NextPage, str, str]] = []
    js_pages: list[tuple[int, str, str]] = []
    plain_hrefs = []
    js_next = False
    for anchor in root.iter():
        if not isinstance(anchor.tag, str) or anchor.tag in ("html", "body", "head", "script", "style"):
            continue
        if anchor.tag != "a":
            number = _page_number_of(anchor)
            if number is not None and not any(True for _ in anchor.iter("a")):
                own = _own_url(anchor, number, base)
                if own:
                    targets.append((NextPage(own.split("#")[0], how="own-url"), anchor.text_content(), _hints(anchor)))
                else:
                    js_pages.append((number, anchor.text_content(), _hints(anchor)))
            continue
        href = (anchor.get("href") or "").strip()
        label, hints = anchor.text_content(), _hints(anchor)
        postback = _POSTBACK.search(href) or _POSTBACK.search(anchor.get("onclick") or "")
        if postback:
            targets.append((NextPage(url, {"__EVENTTARGET": postback[1], "__EVENTARGUMENT": postback[2]}, "postback"),
                            label, hints))
        elif _js_only(href) or anchor.get("onclick"):
            number = _page_number_of(anchor)
            own = _own_url(anchor, number, base) if number is not None else None
            jump = _ONCLICK_URL.search(anchor.get("onclick") or "") or _ONCLICK_URL.search(href)
            if jump and _URLISH.match(jump[1]):
                targets.append((NextPage(urljoin(base, jump[1]).split("#")[0], how="onclick-url"), label, hints))
            elif own:
                targets.append((NextPage(own.split("#")[0], how="own-url"), label, hints))
            elif number is not None:
                js_pages.append((number, label, hints))
            elif not _js_only(href) and not href.lower().startswith("mailto:"):
                targets.append((NextPage(join_url(base, href).split("#")[0]), label, hints))
            else:
                js_next = js_next or _next_rank(_label(label), hints) == 0
        elif not href.lower().startswith(("mailto:", "tel:")):
            full = join_url(base, href).split("#")[0]
            plain_hrefs.append(full)
            targets.append((NextPage(full), label, hints))
    if js_pages:
        template = _attribute_template(root) or _script_template(code) or _get_form(url, plain_hrefs)
        if template is not None:
            targets += [(NextPage(template.url(base, n).split("#")[0], how=template.how), label, hints)
                        for n, label, hints in js_pages]
    targets += _select_targets(root, base, code)
    found = _pick(targets, url, page)
    if found is None and ("createPageHTML" in code or "countPage" in code):
        nxt = trs_next(code, base)
        found = NextPage(nxt, how="trs-script") if nxt else None
    if found is None and (js_next or any(n == page + 1 for n, _, _ in js_pages)):
        found = _page_form(root, url, page)   # goPage(n) setting a form's page field, then submit()
    return found


def next_page_url(text: str, url: str, page: int) -> str | None:
    """The URL of the next page to GET (see ``find_next``); ``None`` at the end or for a form POST."""
    found = find_next(text, url, page)
    return found.url if found and not found.formdata else None



def unfollowed_pager(text: str, url: str, page: int) -> str | None:
    """Why a pager that shows more pages could not be followed, or ``None``: JavaScript-only page
    links (``href="javascript:…"``/``#`` with a page number or a 下一页 label) that ``find_next``
    could not turn into a request. The spider logs it and records it as a failure."""
    root = document_fromstring(text or "")
    if find_next(text, url, page) is not None:
        return None
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if anchor.get("disabled") is not None or not (href.lower().startswith(("javascript:", "#"))
                                                      or anchor.get("onclick")):
            continue   # an <a> without href is a disabled pager button
        label = _label(anchor.text_content())
        number = _page_number_of(anchor)
        m = _DIGITS.match(label)
        script = re.sub(r"void\s{0,3}\(?\s{0,3}0\s{0,3}\)?", "", href[len("javascript:"):] if href.lower().startswith("javascript:") else "")
        called = bool(anchor.get("onclick") or re.search(r"\w\(", script))
        if number == page + 1 or (m and int(m[1]) == page + 1) or (_next_rank(label, _hints(anchor)) == 0 and called):
            code = (anchor.get("onclick") or href)[:80]
            return f"page {page + 1} exists only in JavaScript ({code or 'no href'}) and no URL for it was found"
    return None


# -- what the list says about its own size ------------------------------------------------------------


@dataclass(frozen=True)
class StatedSize:
    """What a list page states about the whole list: ``items`` (共20条) and ``pages`` (共3页)."""

    items: int | None = None
    pages: int | None = None


_ITEMS_TEXT = lazy_compile(r"(?:共|总计|总共|合计|记录数[:：]?|总记录数?[:：]?|总条数[:：]?)\s*(\d{1,6})\s*(?:条|篇|项|个记录|条记录)")
_PAGES_TEXT = lazy_compile(r"(?:共|总页数[:：]?|总共|页数[:：]?)\s*(\d{1,4})\s*页|总页数[:：]?\s*(\d{1,4})")
# 1/3页, 第1/3页, 共20条 1/3 (whitespace already dropped; a bare 5/28 is a date, not a pager)
_SLASH_PAGES = lazy_compile(r"(\d{1,4})/(\d{1,4})页|条(?:记录)?[,，]?第?(\d{1,4})/(\d{1,4})")
_SCRIPT_ITEMS = ("recordCount", "totalRecord", "totalRecords", "totalCount", "total", "recordcount", "allCount")
_SCRIPT_PAGES = ("countPage", "totalPage", "totalPages", "pageCount", "pagecount", "totalpage", "allPage")
_SHORT_TEXT = 80
_PAGER_WORDS = frozenset("共条页第记录当前每总数跳转到首上下一尾末显示本篇项信息文章合计")


def _pagerish(piece: str, match: str) -> bool:
    """Is a text node holding 共N页 a pager's text (共20条 每页10条 第1/2页) rather than prose?"""
    rest = piece.replace(match, "", 1)
    return sum(1 for ch in rest if "\u4e00" <= ch <= "\u9fff" and ch not in _PAGER_WORDS) <= 2


def stated_size(text: str, url: str = "") -> StatedSize:
    """The list's own statement of its size, from its pager text (``共20条 1/3``, ``第1页/共3页``,
    ``总页数：3``), its pager script (TRS ``countPage = 3``/``createPageHTML(…, records)``,
    ``totalPage``/``recordCount`` variables), its 尾页 link (``__doPostBack('AspNetPager1','3')``,
    ``?page=3``) or its links' ``totalpage=N`` (博达 VSB). Short text nodes only: a title that
    mentions 共3页 is not a pager."""
    root = document_fromstring(text or "")
    items = pages = None
    code = strip_comments(" ".join(s.text or "" for s in root.iter("script")))
    etree.strip_elements(root, "script", "style", with_tail=False)
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        for piece in (node.text, node.tail):
            piece = without_spaces(piece)
            if not piece or len(piece) > _SHORT_TEXT:
                continue
            if items is None and (m := _ITEMS_TEXT.search(piece)) and _pagerish(piece, m[0]):
                items = int(m[1])
            if pages is None and (m := _PAGES_TEXT.search(piece)) and _pagerish(piece, m[0]):
                pages = int(m[1] or m[2])
            if pages is None and (m := _SLASH_PAGES.search(piece)):
                current, count = int(m[1] or m[3]), int(m[2] or m[4])
                pages = count if current <= count else None
    if "createPageHTML" in code or "countPage" in code:
        pager = trs_pager(code)
        if pager:
            pages = pages or pager.count
            items = items or pager.records
    for name in _SCRIPT_PAGES:
        pages = pages or number_variable(code, name)
    for name in _SCRIPT_ITEMS:
        items = items or number_variable(code, name)
    if pages is None:
        pages = _last_page_link(root)
    return StatedSize(items, pages)


_LAST_LABEL = lazy_compile(r"^(?:尾页|末页|最后一页|last|lastpage)$", re.IGNORECASE)


def _last_page_link(root) -> int | None:
    for anchor in root.iter("a"):
        href = anchor.get("href") or ""
        if _LAST_LABEL.match(_label(anchor.text_content())):
            postback = _POSTBACK.search(href) or _POSTBACK.search(anchor.get("onclick") or "")
            if postback:
                m = re.search(r"(\d{1,4})$", postback[2])
                return int(m[1]) if m else None
            query = dict(parse_qsl(urlsplit(href).query))
            for name in _PAGE_PARAM_NAMES:
                if (query.get(name) or "").isdigit():
                    return int(query[name])
            number = _page_number_of(anchor)
            if number:
                return number
    for anchor in root.iter("a"):
        query = {k.lower(): v for k, v in parse_qsl(urlsplit(anchor.get("href") or "").query)}
        if (query.get("totalpage") or "").isdigit():
            return int(query["totalpage"])
    return None
