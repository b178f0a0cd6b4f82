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
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree, html as lxml_html

_NEXT_LABEL = re.compile(r"^(?:下一页|下页|后页|下一頁|后一页|next(?:page)?|[>›»]{1,2})[>›»]*$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"^(?:下一页|下页|后页|下一頁|后一页|next(?:page)?)[>›»]*$", re.IGNORECASE)
_NEXT_CLASS = re.compile(r"(?:^|\s)(?:next|nextpage|next-page|page-next|pgnext|a_next)(?:$|\s)", re.IGNORECASE)
_DIGITS = re.compile(r"^\[?\s*第?\s*(\d{1,4})\s*页?\s*\]?$")
_TRS_CALL = re.compile(r"createPageHTML\s*\((?P<args>[^)]*)\)")
_TRS_VARS = re.compile(r"var\s+countPage\s*=\s*(?P<count>\d+).*?var\s+currentPage\s*=\s*(?P<current>\d+)", re.DOTALL)
_TRS_NAMES = re.compile(
    r"""var\s+prefix\s*=\s*["'](?P<prefix>\w+)["'].*?var\s+suffix\s*=\s*["'](?P<suffix>\w+)["']""", re.DOTALL)
_INT = re.compile(r"^\s*(\d+)\s*$")
_STR = re.compile(r"""^\s*["']([^"']*)["']\s*$""")


_BRACKETED = re.compile(r"^[\[【(（](.*)[\]】)）]$")


def _label(text: str | None) -> str:
    """Link text without spaces or the brackets pagers put round it: ``[下一页]``, ``【2】``."""
    label = re.sub(r"\s+", "", text or "")
    m = _BRACKETED.match(label)
    return m[1] if m else label


def find_next_page(links: list[tuple[str, str]], base_url: str, page: int) -> str | None:
    """``links`` are ``(href, text)`` pairs of a list page that is page ``page`` (1-based).

    A link labelled 下一页 / 下页 / 后页 / > wins; else the link whose text is the next page number.
    """
    return _next_from_links([(href, text, "") for href, text in links], base_url, page)


def _next_from_links(links: list[tuple[str, str, str]], base_url: str, page: int) -> str | None:
    """``links``: ``(href, text, hints)`` where hints are the title/alt/class words of the link."""
    current = base_url.split("#")[0]
    labelled: list[tuple[int, str]] = []
    numbered = None
    for href, text, hints in links:
        href = (href or "").strip()
        if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
            continue
        url = urljoin(base_url, href).split("#")[0]
        if url == current:
            continue
        label = _label(text)
        rank = _next_rank(label, hints)
        if rank is not None:
            labelled.append((rank, url))
            continue
        m = _DIGITS.match(label)
        if m and int(m[1]) == page + 1 and numbered is None:
            numbered = url
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


def trs_next(script_text: str, base_url: str) -> str | None:
    """TRS WCM: the next page named by ``createPageHTML(count, current, prefix, suffix)``.

    Page 1 is ``index.html`` (current 0), page 2 ``index_1.html``, … the last ``index_{count-1}``.
    """
    count = current = None
    prefix, suffix = "index", "html"
    call = _TRS_CALL.search(script_text)
    if call:
        args = [a for a in call["args"].split(",")]
        ints = [int(m[1]) for a in args if (m := _INT.match(a))]
        strs = [m[1] for a in args if (m := _STR.match(a))]
        strs = [s for s in strs if re.fullmatch(r"\w+", s) and s not in ("page_div",)]
        if len(ints) >= 2:
            count, current = ints[0], ints[1]
            if len(strs) >= 2:
                prefix, suffix = strs[-2], strs[-1]
    else:
        variables = _TRS_VARS.search(script_text)
        if variables:
            count, current = int(variables["count"]), int(variables["current"])
            names = _TRS_NAMES.search(script_text)
            if names:
                prefix, suffix = names["prefix"], names["suffix"]
    if count is None or current + 1 >= count:
        return None
    return urljoin(base_url, f"{prefix}_{current + 1}.{suffix}")


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


_TOTAL_RECORDS = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_PER_PAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.IGNORECASE)
_DATAPROXY_HREF = re.compile(r"""["'](?P<url>[^"'<>]*?/module/web/jpage/dataproxy\.jsp\?[^"'<>]*)["']""", re.IGNORECASE)
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
_RECORDS = re.compile(r"<record>", re.IGNORECASE)


def next_page_url(text: str, url: str, page: int) -> str | None:
    """The URL of the page after ``url`` (page ``page``, 1-based) of a list, or ``None`` at the end."""
    if "dataproxy.jsp" in url:
        return hanweb_next(url, len(_RECORDS.findall(text or "")), _total_records(text or ""))
    if "<record" in (text or "") and "dataproxy.jsp" in text:
        return hanweb_column_next(text, url)
    try:
        root = lxml_html.document_fromstring(text or "<html></html>")
    except (etree.ParserError, ValueError):
        return None
    links = []
    for anchor in root.iter("a"):
        hints = " ".join(filter(None, [anchor.get("title"), anchor.get("class"), anchor.get("id"), anchor.get("rel")]
                                + [img.get("alt") for img in anchor.iter("img")]))
        links.append((anchor.get("href") or "", anchor.text_content(), hints))
    found = _next_from_links(links, url, page)
    if found:
        return found
    scripts = " ".join(s.text or "" for s in root.iter("script"))
    if "createPageHTML" in scripts or "countPage" in scripts:
        return trs_next(scripts, url)
    return None
