"""Is a response body a page at all? Empty 200s and binary files served as text/html are not."""

from __future__ import annotations

# Bytes that never occur in text (NUL and C0 controls other than tab, newline, form feed, carriage return).
_BINARY_BYTES = frozenset(range(0, 9)) | {11} | frozenset(range(14, 32))
SAMPLE = 4096


def payload_problem(body: bytes) -> str | None:
    """``"empty"``, ``"binary"`` or None for a body that may be a page. Looks at the first 4 KiB only."""
    if not body.strip():
        return "empty"
    sample = body[:SAMPLE]
    controls = sum(1 for byte in sample if byte in _BINARY_BYTES)
    if b"\x00" in sample or controls > len(sample) // 100:
        return "binary"
    return None
