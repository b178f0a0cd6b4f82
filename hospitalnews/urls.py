"""Canonical article URLs and the archive id derived from them."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url


def canonical_url(url: str) -> str:
    """The form two URLs of one article share: no scheme, no ``www.``, no default port or fragment.

    ``http://www.sd-cancer.com/news_hos/2018/jnegXjaw.html`` and
    ``https://sd-cancer.com/news_hos/2018/jnegXjaw.html`` are the same article.
    """
    parts = urlsplit(canonicalize_url(url, keep_fragments=False))
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port and not (parts.scheme == "http" and port == 80) and not (parts.scheme == "https" and port == 443):
        host = f"{host}:{port}"
    return urlunsplit(("", host, parts.path or "/", parts.query, ""))[2:]


@lru_cache(maxsize=4096)   # a crawl asks for one URL's id several times (list entry, item, pipelines)
def article_id(url: str) -> str:
    """Stable 16-hex-digit id of the article at ``url`` (the same for every form of its URL)."""
    return hashlib.sha1(canonical_url(url).encode("utf-8")).hexdigest()[:16]
