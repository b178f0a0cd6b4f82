"""The printed page's label, as e-papers state it: ``第A03版：健康`` / ``A03版:健康`` / ``第3版 要闻`` → ``A3 健康``."""

from __future__ import annotations

import re

_PAGE = re.compile(r"第?\s*(?P<letter>[A-Za-z]?)\s*0*(?P<number>\d{1,3})\s*版\s*[:：]?\s*(?P<name>[^\s<>|]{1,12})?")


def page_label(text: str | None) -> str | None:
    """The first page label in ``text`` (letter upper-cased, leading zeros dropped), or ``None``."""
    m = _PAGE.search(text or "")
    if not m:
        return None
    number = f"{m['letter'].upper()}{m['number']}"
    return f"{number} {m['name']}" if m["name"] else number
