"""Bytes of a saved or fetched page → text.

Order of evidence: a BOM, then the charset the server declared (HTTP header), then the page's own
``<meta charset>`` — but a declaration only counts when the bytes actually decode under it (many
Chinese sites say utf-8 and serve GBK, or the reverse). Without a usable declaration the bytes are
detected: strict UTF-8; then UTF-8 when nearly every non-ASCII sequence is valid UTF-8 (a title cut
in the middle of a character leaves a few stray bytes: browsers show U+FFFD there, they do not read
the whole page as GB18030 mojibake); then strict GB18030; then the Chinese codec (a declared one
first, else UTF-8, GB18030, Big5) that leaves the fewest undecodable bytes. A generic detector is
only asked when no Chinese codec fits at all, so a Chinese page is never read as ptcp154 or cp1251.
Every GBK/GB2312 label decodes as gb18030, its superset, so rare characters outside GB2312 survive.
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


# Codecs a Chinese page is written in, in the order of their likelihood on hospital sites.
_CHINESE = ("utf-8", "gb18030", "big5")
# UTF-8 with a few bad bytes: at most this share of the non-ASCII characters is undecodable.
_STRAY_SHARE = 0.02
_STRAY_MIN = 4


def _bad_bytes(body: bytes, codec: str) -> tuple[int, int]:
    """(undecodable spots, non-ASCII characters) of ``body`` read as ``codec`` with replacement."""
    try:
        text = body.decode(codec, errors="replace")
    except LookupError:
        return len(body), 1
    # A page may spell U+FFFD itself (as EF BF BD in UTF-8): only the decoder's ones count.
    spelled = "\ufffd".encode(codec, errors="ignore")
    own = body.count(spelled) if spelled else 0
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return text.count("\ufffd") - own, non_ascii


def _nearly(body: bytes, codec: str) -> bool:
    """Whether ``body`` is ``codec`` with a few stray bytes: few undecodable spots, and many times more
    characters that decoded (a short GBK page has few spots too, but almost nothing decodes as UTF-8)."""
    bad, non_ascii = _bad_bytes(body, codec)
    return bad <= max(_STRAY_MIN, _STRAY_SHARE * non_ascii) and non_ascii - bad >= 20 * max(bad, 1)


def detect_encoding(body: bytes, declared: str | None = None) -> str:
    """The codec name ``decode_html`` would use for ``body`` (see the module docstring)."""
    bom_codec, _ = read_bom(body)
    if bom_codec:
        return _codec(bom_codec) or bom_codec
    labels = [c for c in (_codec(declared), _codec(html_body_declared_encoding(body))) if c]
    for codec in labels:
        # cp1252/latin-1 decode any bytes, so they prove nothing: only trust them on pure ASCII.
        if codec != "cp1252" and _strict(body, codec) is not None:
            return codec
    if _strict(body, "utf-8") is not None:
        return "utf-8"
    # Mostly valid UTF-8 (multi-byte sequences almost never line up by chance in GBK bytes).
    if _nearly(body, "utf-8"):
        return "utf-8"
    if _strict(body, "gb18030") is not None:
        return "gb18030"  # Chinese sites: the overwhelmingly likely non-UTF-8 encoding
    candidates = [c for c in labels if c in _CHINESE] + [c for c in _CHINESE if c not in labels]
    scored = [(_bad_bytes(body, c), c) for c in candidates]
    (bad, non_ascii), best = min(scored, key=lambda entry: entry[0][0])  # first wins ties: declared first
    if bad <= max(_STRAY_MIN, 0.2 * non_ascii):
        return best
    from charset_normalizer import from_bytes  # lazily: only pages no Chinese codec reads need it

    guess = from_bytes(body).best()
    return _codec(guess.encoding) if guess else best


def decode_html(body: bytes | str, declared: str | None = None) -> str:
    """Text of ``body``: the BOM, a declared charset that fits the bytes, or a detected one."""
    if isinstance(body, str):
        return body
    codec = detect_encoding(body, declared)
    bom_codec, bom = read_bom(body)
    if bom_codec:
        body = body[len(bom):]
    return body.decode(codec, errors="replace")
