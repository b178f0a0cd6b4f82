"""JavaScript view counters: where a page asks for its count, and what the endpoint answers.

Many CMS templates print no count in the HTML; a script fetches it (and increments it) from an
endpoint. ``find_counter_url`` names that endpoint so the spider can request it once;
``parse_counter_response`` reads the number out of the answer.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from .counts import parse_view_count

# Counter endpoints of the known CMS families (found in script src or anywhere in the page).
_COUNTER_SRC = re.compile(
    r"""["']?(?P<url>[^"'\s<>()]*?(?:"""
    r"/plus/count\.php\?[^\"'\s<>]*aid=\d+[^\"'\s<>]*"  # DedeCMS
    r"|api\.php\?op=count&(?:amp;)?[^\"'\s<>]*id=\d+[^\"'\s<>]*"  # PHPCMS
    r"|/e/public/ViewClick/?\?[^\"'\s<>]*id=\d+[^\"'\s<>]*"  # EmpireCMS
    r"))""",
    re.IGNORECASE,
)
# Other counters only count when a <script src> calls them: a script named for counting, with an id.
_GENERIC_COUNTER = re.compile(
    r"[^\"'\s<>()]*/\w*(?:count|hits|click)\w*\.(?:php|asp|aspx|jsp|do|ashx|js)\?[^\"'\s<>]*id=\d+[^\"'\s<>]*",
    re.IGNORECASE,
)
# 博达 VSB: _showDynClicks("wbnews", 1234, 5678) → owner 1234, clickid 5678.
_VSB_CLICKS = re.compile(r"""_showDynClicks\(\s*["'](?P<type>\w+)["']\s*,\s*(?P<owner>\d+)\s*,\s*(?P<clickid>\d+)\s*\)""")
_VSB_ENDPOINT = "/system/resource/code/news/click/dynclicks.jsp?clickid={clickid}&owner={owner}&clicktype={type}"
# JEECMS: Cms.viewCount("/", "3456") → /content_view.jspx?contentId=3456.
_JEECMS = re.compile(r"""Cms\.viewCount\(\s*["'](?P<base>[^"']*)["']\s*,\s*["']?(?P<id>\d+)""")
_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?(?P<url>[^\"'\s>]+)", re.IGNORECASE)

# PHPCMS answers several counters at once; the total is the one aimed at #hits.
_HITS = re.compile(r"""\(\s*["']#hits["']\s*\)\.html\(\s*["'](?P<value>[^"']*)["']""")
# Answers: document.write('123'), $('#hits').html('10450'), {"hits": 12}, a bare 123.
_WRITTEN = re.compile(r"""(?:document\.write(?:ln)?|\.html|\.text|innerHTML\s*=)\s*\(?\s*["'](?P<value>[^"']*)["']""")
_JSON_COUNT = re.compile(r"""["']?(?:hits|views?|count|clicks?|num|total)["']?\s*[:=]\s*["']?(?P<value>\d[\d,]*)""", re.IGNORECASE)
_LIST = re.compile(r"^\s*\[\s*[\"']?(?P<value>\d+)")  # JEECMS: [views, comments, downs, ups]
_BARE = re.compile(r"^\s*(?P<value>\d[\d,]*(?:\.\d+)?[万千]?)\s*;?\s*$")
_TAGS = re.compile(r"<[^>]+>")


def find_counter_url(html_text: str, page_url: str) -> str | None:
    """Absolute URL of the counter endpoint the page calls, or ``None``."""
    m = _VSB_CLICKS.search(html_text)
    if m:
        return urljoin(page_url, _VSB_ENDPOINT.format(**m.groupdict()))
    m = _JEECMS.search(html_text)
    if m:
        return urljoin(page_url, (m["base"].rstrip("/") or "") + f"/content_view.jspx?contentId={m['id']}")
    for src in _SCRIPT_SRC.finditer(html_text):
        script = src["url"].replace("&amp;", "&")
        if _COUNTER_SRC.fullmatch(script) or _GENERIC_COUNTER.fullmatch(script):
            return urljoin(page_url, script)
    m = _COUNTER_SRC.search(html_text)
    if m:
        return urljoin(page_url, m["url"].replace("&amp;", "&"))
    return None


def parse_counter_response(text: str | bytes | None) -> int | None:
    """The count an endpoint answered, or ``None`` when it answered none."""
    if text is None:
        return None
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    m = _BARE.match(text) or _HITS.search(text) or _LIST.match(text)
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
