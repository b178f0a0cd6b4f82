"""Bytes of a saved or fetched page → text.

Order of evidence: a BOM, then the charset the server declared (HTTP header), then the page's own
``<meta charset>`` — but a declaration only counts when the bytes actually decode under it (many
Chinese sites say utf-8 and serve GBK, or the reverse). Without a usable declaration the bytes are
detected (strict UTF-8 first, then charset-normalizer). Every GBK/GB2312 label decodes as gb18030,
its superset, so rare characters outside GB2312 survive.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

# Labels whose real-world pages are served in a superset encoding.
_SUPERSET = {"gbk": "gb18030", "gb2312": "gb18030", "gb_2312-80": "gb18030", "hz": "gb18030",
             "ascii": "utf-8", "us-ascii": "utf-8", "iso8859-1": "cp1252", "latin-1": "cp1252"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    name = resolve_encoding(label.strip().strip("'\"")) or label.strip().lower()
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSET.get(name, name)


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def detect_encoding(body: bytes, declared: str | None = None) -> str:
    """The codec name ``decode_html`` would use for ``body``."""
    bom_codec, _ = read_bom(body)
    if bom_codec:
        return _codec(bom_codec) or bom_codec
    for label in (declared, html_body_declared_encoding(body)):
        codec = _codec(label)
        # cp1252/latin-1 decode any bytes, so they prove nothing: only trust them on pure ASCII.
        if codec and codec != "cp1252" and _strict(body, codec) is not None:
            return codec
    if _strict(body, "utf-8") is not None:
        return "utf-8"
    if _strict(body, "gb18030") is not None:
        return "gb18030"  # Chinese sites: the overwhelmingly likely non-UTF-8 encoding
    from charset_normalizer import from_bytes  # lazily: only undecodable pages need it

    best = from_bytes(body).best()
    return _codec(best.encoding) if best else "gb18030"


def decode_html(body: bytes | str, declared: str | None = None) -> str:
    """Text of ``body``: the BOM, a declared charset that fits the bytes, or a detected one."""
    if isinstance(body, str):
        return body
    codec = detect_encoding(body, declared)
    bom_codec, bom = read_bom(body)
    if bom_codec:
        body = body[len(bom):]
    return body.decode(codec, errors="replace")
