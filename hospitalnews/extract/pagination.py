"""Find the next list page from a list page's links."""

from __future__ import annotations

import re
from urllib.parse import urljoin

NEXT_TEXTS = frozenset({"下一页", "下页", "后页", "下一頁", ">", ">>", "›", "»", "next", "Next", "下一页>", "下一页>>"})
_DIGITS = re.compile(r"^\[?\s*(\d{1,4})\s*\]?$")


def find_next_page(links: list[tuple[str, str]], base_url: str, page: int) -> str | None:
    """``links`` are ``(href, text)`` pairs of a list page that is page ``page`` (1-based).

    A link labelled 下一页 / 下页 / 后页 / > wins; else the link whose text is the next page number.
    A "next" link that points back at the current page (the last page of many templates) is no next page.
    """
    current = base_url.split("#")[0]
    numbered = None
    for href, text in links:
        href = (href or "").strip()
        if not href or href.startswith(("javascript:", "#")):
            continue
        label = re.sub(r"\s+", "", text or "")
        url = urljoin(base_url, href).split("#")[0]
        if url == current:
            continue
        if label in NEXT_TEXTS:
            return url
        m = _DIGITS.match(label)
        if m and int(m[1]) == page + 1 and numbered is None:
            numbered = url
    return numbered
