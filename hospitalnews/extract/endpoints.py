"""Lists delivered as data: find the endpoint a list page's script fetches, and read its answers.

Some list pages ship an empty box (``<div id="8542" class="list-wrap"></div>``) and a script that
fills it: Hanweb 大汉 JCMS/jpaas (``/api-gateway/jpaas-publish-server/front/page/build/unit?…&
paramJson={"pageNo":1,"pageSize":15}`` answering ``{"success":true,"data":{"html":"<li>…","count":"8"}}``),
"加载更多" buttons (``$.getJSON('/news/getmore', {start: start})`` answering ``{"data":{"list":[{id,
title, date}]}}``), Vue/React site builders (``axios.get('/api/news', {params: {page: 1}})``),
JSONP (``callback({...})``) and XML feeds. ``find_endpoint`` reads the page's script as a program
(``extract.scripts``): the call (``$.ajax``/``$.get``/``$.getJSON``/``$.post``/``fetch``/
``axios``), its URL, its fixed parameters and which parameter carries the page (a page number or a
``start``/``offset`` record offset). ``read_list_data`` turns an answer into list entries: HTML
inside the JSON is read as a list page; arrays of records are read by their field names (``title``,
``url``/``link``, ``date``/``publishTime`` …), an ``id``-only record through the link the script
builds (``'/news/detail/' + item.id + '.html'``); ``count``/``total``/``totalPage`` are the list's
stated size.

Pure: no Scrapy; the spider sends the requests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree

from .document import document_fromstring
from .lazyre import lazy_compile
from .listing import ListEntry, find_list_block
from .scripts import Concatenation, call_arguments, concatenations, js_object, literal_value, strip_comments
from .text import fold_spaces

_PAGE_NAMES = {"page", "pageno", "pagenum", "pagenumber", "pageindex", "curpage", "currentpage", "current", "pn",
               "p", "pg", "page_no", "pagecurrent", "pageidx"}
_OFFSET_NAMES = {"start", "offset", "begin", "startrecord", "from", "skip", "startindex"}
_SIZE_NAMES = {"pagesize", "size", "limit", "rows", "perpage", "num", "count", "page_size", "pernum", "length"}
_CALLS = ("$.ajax", "jQuery.ajax", "$.get", "$.getJSON", "$.post", "jQuery.get", "jQuery.getJSON", "jQuery.post",
          "fetch", "axios.get", "axios.post", "axios", "request")


@dataclass(frozen=True)
class Endpoint:
    """Where a script-built list gets its data.

    ``url`` has no query; ``params`` are the fixed query (or form) parameters, a JSON-valued one as
    ``{"$json": {...}}``; ``page_key`` is the path to the page parameter (``("pageNo",)``,
    ``("paramJson", "pageNo")``); ``offset`` when it is a record offset (``start=0,4,8…``) rather than
    a page number; ``first`` is the first page's value; ``link`` builds an entry's URL from its id.
    """

    url: str
    method: str = "GET"
    params: dict = field(default_factory=dict)
    page_key: tuple = ()
    offset: bool = False
    first: int = 1
    link: Concatenation | None = None
    json_body: bool = False

    def request(self, value: int) -> tuple[str, str | None]:
        """``(url, body)`` asking for page (or offset) ``value``; ``body`` only for POST: form-encoded,
        or JSON when ``json_body`` (``data: JSON.stringify({...})``)."""
        params = _with_value(self.params, self.page_key, value)
        if self.json_body:
            return self.url, json.dumps(params, ensure_ascii=False, separators=(",", ":"))
        flat = {k: (json.dumps(v["$json"], ensure_ascii=False, separators=(",", ":"))
                    if isinstance(v, dict) and "$json" in v else str(v)) for k, v in params.items()}
        if self.method == "POST":
            return self.url, urlencode(flat)
        parts = urlsplit(self.url)
        query = parse_qsl(parts.query, keep_blank_values=True) + list(flat.items())
        return urlunsplit(parts._replace(query=urlencode(query))), None


def _with_value(params: dict, key: tuple, value: int) -> dict:
    params = json.loads(json.dumps(params))
    if not key:
        return params
    target = params
    for name in key[:-1]:
        target = target[name]
        if isinstance(target, dict) and "$json" in target:
            target = target["$json"]
    target[key[-1]] = value
    return params


_SENTINEL = 987654321


def _json_by_concatenation(expression: str):
    """``'{"pageNo":' + pageNo + ',"pageSize":15}'`` (JSON built by string concatenation, as Hanweb
    jpaas templates do): the object with the variable's place set to the page value, or None."""
    pieces, current, quote = [], [], None
    for ch in expression[:2000]:
        if quote:
            current.append(ch)
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            current.append(ch)
        elif ch == "+":
            pieces.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current).strip())
    if len(pieces) < 2:
        return None
    text = ""
    for piece in pieces:
        if len(piece) >= 2 and piece[0] in "\"'" and piece[-1] == piece[0]:
            text += piece[1:-1]
        elif re.fullmatch(r"[\w$.]{1,60}", piece):
            text += str(_SENTINEL)
        else:
            return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    return {k: ({"$expr": "page"} if v == _SENTINEL or v == str(_SENTINEL) else v) for k, v in data.items()}


def _page_key(data: dict, path=()) -> tuple[tuple, bool] | None:
    """Where the page goes in a call's data object: ``(path, is_offset)``."""
    for name, value in data.items():
        lowered = name.lower()
        if isinstance(value, dict) and "$json" in value and isinstance(value["$json"], dict):
            found = _page_key(value["$json"], (*path, name))
            if found:
                return found
            continue
        variable = value.get("$expr", "") if isinstance(value, dict) else ""
        if lowered in _PAGE_NAMES or re.search(r"page|pn\b|curr", variable, re.IGNORECASE) and lowered not in _SIZE_NAMES:
            return (*path, name), False
        if lowered in _OFFSET_NAMES:
            return (*path, name), True
    return None


def _fixed(data: dict) -> dict:
    """The call's data with expressions dropped (they are the page, or unknowable)."""
    fixed = {}
    for name, value in data.items():
        if isinstance(value, dict) and "$json" in value:
            inner = value["$json"]
            fixed[name] = {"$json": _fixed(inner) if isinstance(inner, dict) else inner}
        elif isinstance(value, dict) and "$expr" in value:
            fixed[name] = 1   # replaced by the page value when it is the page key
        elif isinstance(value, (str, int, float)):
            fixed[name] = value
    return fixed


def _url_of(arg: str) -> tuple[str, tuple | None] | None:
    """A call's URL argument: a literal, or ``'/api/list?page=' + page`` (the page in the query)."""
    value = literal_value(arg)
    if isinstance(value, str):
        return value, None
    m = re.match(r"""(["'])([^"'\n]{1,300})\1\s*\+""", arg.strip())
    if m:
        query = re.search(r"[?&](\w{1,30})=$", m[2])
        if query:
            return m[2][:query.start()], (query[1],)
    m = re.fullmatch(r"`([^`$]{1,300})\$\{[^{}`]{1,60}\}([^`$]{0,200})`", arg.strip())   # `/api?page=${p}&size=10`
    if m:
        query = re.search(r"[?&](\w{1,30})=$", m[1])
        if query:
            rest = m[2].lstrip("&")
            head = m[1][:query.start()]
            return head + (("&" if "?" in head else "?") + rest if rest else ""), (query[1],)
    return None


def find_endpoint(text: str, url: str) -> Endpoint | None:
    """The data endpoint the page's script fetches its list from, or ``None`` when none can be read."""
    root = parse_html_document_keep_scripts(text)
    code = strip_comments("\n".join(s.text or "" for s in root.iter("script")))
    link = _link_template(code)
    unpaged = None
    for call in _CALLS:
        for args in call_arguments(code, call):
            endpoint = _endpoint_of(call, args, code, url, link)
            if endpoint is not None and endpoint.page_key:
                return endpoint
            if endpoint is not None and unpaged is None and not _NOT_A_LIST.search(endpoint.url):
                unpaged = endpoint   # a script that fetches the whole list at once (an XML/JSON file)
    return unpaged


_NOT_A_LIST = lazy_compile(r"count|click|hits|visit|stat|log|weather|login|captcha|token|user|search", re.IGNORECASE)


def _endpoint_of(call: str, args: list[str], code: str, url: str, link) -> Endpoint | None:
    if not args:
        return None
    options: dict = {}
    if call.endswith("ajax") or (call == "axios" and args[0].startswith("{")):
        options = js_object(args[0]) or {}
        target = options.get("url")
        if isinstance(target, dict) and "$expr" in target:
            target = _url_of(target["$expr"])
        else:
            target = (target, None) if isinstance(target, str) else None
        data = options.get("data") if isinstance(options.get("data"), dict) else {}
        method = str(options.get("type") or options.get("method") or "GET").upper()
    else:
        target = _url_of(args[0])
        data = {}
        rest = args[1] if len(args) > 1 else ""
        if rest.startswith("{"):
            data = js_object(rest) or {}
            if call.startswith("axios") and isinstance(data.get("params"), dict):
                data = data["params"]
            elif call.startswith("axios") or call == "fetch":
                data = data if not {"method", "headers", "body"} & set(data) else {}
        method = "POST" if call.endswith("post") else "GET"
    if not target:
        return None
    path, query_key = target
    if not path or path.lower().endswith((".js", ".css", ".png", ".jpg", ".gif")):
        return None
    for name, value in list(data.items()):
        if isinstance(value, dict) and "$expr" in value and ("'{" in value["$expr"] or '"{' in value["$expr"]):
            built = _json_by_concatenation(value["$expr"])
            if built is not None:
                data[name] = {"$json": built}
    json_body = False
    if set(data) == {"$json"}:   # data: JSON.stringify({...}) — a JSON request body
        data, json_body, method = (data["$json"] if isinstance(data["$json"], dict) else {}), True, "POST"
    found = _page_key(data) if data else None
    page_key, offset = found if found else (
        (query_key, query_key[0].lower() in _OFFSET_NAMES) if query_key else ((), False))
    first = 0 if offset else _first_page(code)
    return Endpoint(urljoin(url, path), "POST" if method == "POST" else "GET", _fixed(data), page_key, offset, first,
                    link, json_body)


def _first_page(code: str) -> int:
    m = re.search(r"(?:load|get|query|show|init|render)\w{0,20}\(\s*([01])\s*\)", code, re.IGNORECASE)
    return int(m[1]) if m else 1


def parse_html_document_keep_scripts(text: str):
    """The page's lxml tree with its scripts (listing.parse_html_document strips them); never None."""
    return document_fromstring(text or "")


_ID_FIELD = lazy_compile(r"^[\w$]{1,30}(?:\.([\w$]{1,40})|\[['\"]([\w$]{1,40})['\"]\])$")
_HREF_IN = lazy_compile(r"""href\s*=\s*\\?["']?([^"'<>\s\\]{0,200})$""")


def _link_template(code: str) -> Concatenation | None:
    """How the script links a record: ``'<a href="/news/detail/' + item.id + '.html">'``."""
    for concat in concatenations(code):
        m = _ID_FIELD.match(concat.expression)
        if not m:
            continue
        name = m[1] or m[2]
        if not re.search(r"id$|^id|aid|nid|code|key|path|url|link", name, re.IGNORECASE):
            continue
        href = _HREF_IN.search(concat.prefix)
        prefix = href[1] if href else concat.prefix
        if not prefix or not re.fullmatch(r"[\w./?&=%:#~+\-]{1,200}", prefix):
            continue
        suffix = re.match(r"[^\"'<>\s\\]{0,40}", concat.suffix)[0]
        return Concatenation(prefix, name, suffix)
    return None


# -- reading the answers ------------------------------------------------------------------------------

_JSONP_HEAD = lazy_compile(r"[\w$.]{1,80}[ \t]{0,10}\(")


def _jsonp_body(text: str) -> str | None:
    """The JSON inside ``callback({...});``."""
    head = _JSONP_HEAD.match(text)
    tail = text.rstrip().rstrip(";").rstrip()
    return tail[head.end():-1] if head and tail.endswith(")") and len(tail) > head.end() else None
_TITLE_KEYS = ("title", "name", "subject", "bt", "newstitle", "articletitle", "vc_title", "headline", "topic")
_URL_KEYS = ("url", "link", "href", "path", "detailurl", "linkurl", "articleurl", "pcurl", "jumpurl", "htmlurl",
             "staticurl", "redirecturl", "pageurl", "weburl", "fileurl")
_DATE_KEYS = ("date", "time", "publishtime", "pubdate", "publishdate", "releasetime", "releasedate", "createtime",
              "createdate", "addtime", "inputtime", "showtime", "pubtime", "publish_time", "created", "created_at",
              "updatetime", "docreltime", "writetime")
_ID_KEYS = ("id", "aid", "nid", "articleid", "newsid", "docid", "contentid", "infoid")
_TOTAL_KEYS = ("count", "total", "totalcount", "totalrecord", "totalrecords", "recordcount", "totalelements",
               "total_count", "totalnum", "totalsize", "records")
_PAGES_KEYS = ("totalpage", "totalpages", "pages", "pagecount", "page_count", "totalpagecount")
_CST = timezone(timedelta(hours=8))
_MAX_NODES = 20_000


@dataclass(frozen=True)
class ListData:
    """One answer of a list endpoint: its entries (on the site / elsewhere) and the list's stated size."""

    entries: list[ListEntry]
    offsite: list[ListEntry] = field(default_factory=list)
    total: int | None = None
    pages: int | None = None


def load_data(text: str):
    """JSON, or JSONP's JSON, as Python data; ``None`` when the answer is neither."""
    text = (text or "").strip().lstrip("\ufeff")
    for candidate in (text, _jsonp_body(text)):
        if candidate:
            try:
                return json.loads(candidate)
            except ValueError:
                continue
    return None


def read_list_data(text: str, url: str, *, link: Concatenation | None = None,
                   hosts: frozenset[str] | None = None) -> ListData:
    """The list entries of an endpoint's answer ``text`` (JSON, JSONP, XML or an HTML fragment)."""
    data = load_data(text)
    if data is None:
        if re.match(r"\s*<\?xml|\s*<(?:rss|feed|datastore|list|items?|records?)\b", text or "", re.IGNORECASE):
            return _from_xml(text, url, hosts)
        block = find_list_block(text, url, hosts=hosts)
        return ListData(block.entries, block.offsite)
    html_parts, records, totals, pages = [], [], [], []
    _walk(data, html_parts, records, totals, pages, [0])
    entries: list[ListEntry] = []
    offsite: list[ListEntry] = []
    if html_parts:
        block = find_list_block("<html><body>" + "".join(html_parts) + "</body></html>", url, hosts=hosts)
        entries, offsite = list(block.entries), list(block.offsite)
    if not entries and records:
        for record in records:
            entry = _record_entry(record, url, link)
            if entry is None:
                continue
            (entries if _on_site(entry.url, url, hosts) else offsite).append(entry)
    return ListData(entries, offsite, totals[0] if totals else None, pages[0] if pages else None)


def _on_site(entry_url: str, url: str, hosts) -> bool:
    host = (urlsplit(entry_url).hostname or "").lower()
    if hosts:
        return host in hosts
    return host == (urlsplit(url).hostname or "").lower()


def _walk(node, html_parts, records, totals, pages, budget) -> None:
    budget[0] += 1
    if budget[0] > _MAX_NODES:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            lowered = key.lower()
            if lowered in _TOTAL_KEYS and _as_int(value) is not None and not isinstance(value, bool):
                totals.append(_as_int(value))
            elif lowered in _PAGES_KEYS and _as_int(value) is not None and not isinstance(value, bool):
                pages.append(_as_int(value))
            _walk(value, html_parts, records, totals, pages, budget)
    elif isinstance(node, list):
        dicts = [item for item in node if isinstance(item, dict)]
        if dicts and any(_field(item, _TITLE_KEYS) for item in dicts):
            records.extend(dicts)
            return
        for item in node:
            _walk(item, html_parts, records, totals, pages, budget)
    elif isinstance(node, str) and "<a" in node and "href" in node:
        html_parts.append(node)


def _as_int(value) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _field(record: dict, names: tuple) -> object:
    lowered = {k.lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name)
        if value not in (None, ""):
            return value
    return None


def _record_entry(record: dict, url: str, link: Concatenation | None) -> ListEntry | None:
    title = _field(record, _TITLE_KEYS)
    if not isinstance(title, str) or not fold_spaces(title):
        return None
    title = fold_spaces(re.sub(r"<[^>]{0,200}>", "", title))
    target = _field(record, _URL_KEYS)
    if isinstance(target, str) and target.strip():
        entry_url = urljoin(url, target.strip())
    elif link is not None and record.get(link.expression) not in (None, ""):
        entry_url = urljoin(url, f"{link.prefix}{record[link.expression]}{link.suffix}")
    else:
        return None
    date = _field(record, _DATE_KEYS)
    if isinstance(date, (int, float)) and not isinstance(date, bool) and date > 10**8:
        seconds = date / 1000 if date > 10**11 else date
        date = datetime.fromtimestamp(seconds, _CST).strftime("%Y-%m-%d %H:%M")
    summary = _field(record, ("summary", "description", "brief", "abstract", "intro", "digest", "remark"))
    return ListEntry(entry_url.split("#")[0], title, str(date) if date else None,
                     fold_spaces(summary) if isinstance(summary, str) and summary.strip() else None)


def _from_xml(text: str, url: str, hosts) -> ListData:
    try:
        root = etree.fromstring((text or "").strip().encode("utf-8"), etree.XMLParser(recover=True, resolve_entities=False))
    except etree.XMLSyntaxError:
        return ListData([])
    if root is None:
        return ListData([])
    records = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        children = {c.tag.lower(): (c.text or "").strip() for c in element if isinstance(c.tag, str)}
        if any(k in children for k in _TITLE_KEYS) and any(k in children for k in _URL_KEYS + _ID_KEYS):
            records.append(children)
    entries, offsite = [], []
    for record in records:
        entry = _record_entry(record, url, None)
        if entry:
            (entries if _on_site(entry.url, url, hosts) else offsite).append(entry)
    totals = [int(e.text) for e in root.iter() if isinstance(e.tag, str) and e.tag.lower() in _TOTAL_KEYS
              and (e.text or "").strip().isdigit()]
    return ListData(entries, offsite, totals[0] if totals else None)


def script_built_list(text: str) -> str | None:
    """Why a page with no list looks built by a script (so it needs an endpoint or a per-site
    override), or ``None``: an ajax/fetch call, a Vue/React mount point, or an empty list box."""
    root = parse_html_document_keep_scripts(text)
    code = " ".join(s.text or "" for s in root.iter("script"))
    if re.search(r"\$\.(?:ajax|get|getJSON|post)\b|\bfetch\s*\(|\baxios\b|XMLHttpRequest", code):
        return "its list is fetched by a script (ajax) whose data endpoint could not be read"
    srcs = " ".join(s.get("src") or "" for s in root.iter("script"))
    if root.xpath("//*[@id='app' or @id='root' or @id='__nuxt' or @id='__next']") or re.search(
            r"vue|react|angular|chunk|app\.\w{6,}\.js", srcs, re.IGNORECASE):
        return "its list is rendered by a script application (Vue/React) whose data endpoint could not be read"
    return None


_LOAD_MORE = lazy_compile(r"(?:点击)?(?:加载|载入|查看)更多|load\s?more|loadmore|get-?more|btn-?more", re.IGNORECASE)


def load_more(text: str) -> bool:
    """Does the page have a "加载更多" control that a script serves (a button, or a link to nowhere)?"""
    root = parse_html_document_keep_scripts(text)
    for element in root.iter("a", "button", "div", "span", "p", "input"):
        href = (element.get("href") or "").strip().lower()
        if element.tag == "a" and href and not href.startswith(("javascript:", "#")):
            continue
        words = " ".join(filter(None, [element.get("id"), element.get("class"), element.get("value")]))
        own = (element.text or "").strip()
        if _LOAD_MORE.search(own[:20]) or _LOAD_MORE.search(words):
            return True
    return False
