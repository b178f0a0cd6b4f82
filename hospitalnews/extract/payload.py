"""Is a response body a page at all? Empty 200s, markup with no text (``<html></html>``, a bare
``<html><head></head><body></body></html>``) and binary files served as text/html are not."""

from __future__ import annotations

import re

from .lazyre import lazy_compile

# Markup that carries no text: tags, comments, and the contents of script/style (never visible text).
_INVISIBLE = lazy_compile(rb"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)

# Bytes that never occur in text (NUL and C0 controls other than tab, newline, form feed, carriage return).
_BINARY_BYTES = frozenset(range(0, 9)) | {11} | frozenset(range(14, 32))
_BINARY_DELETE = bytes(sorted(_BINARY_BYTES))   # for bytes.translate: counted in C, not byte by byte
SAMPLE = 4096


def payload_problem(body: bytes) -> str | None:
    """``"empty"``, ``"binary"`` or None for a body that may be a page.

    Binary is judged on the first 4 KiB; "empty" is a body of whitespace, or of markup with no text
    outside tags, comments, scripts and styles (only looked for in bodies under 4 KiB: a page with
    any more markup than that is left to the extractor).
    """
    if not body.strip():
        return "empty"
    sample = body[:SAMPLE]
    controls = len(sample) - len(sample.translate(None, _BINARY_DELETE))
    if b"\x00" in sample or controls > len(sample) // 100:
        return "binary"
    if len(body) <= SAMPLE and b"<" in body and not _INVISIBLE.sub(b"", body).replace(b"&nbsp;", b"").strip():
        return "empty"
    return None
