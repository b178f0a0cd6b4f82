"""E-paper page labels: ``第A3版：健康`` / ``A3版 健康`` / ``第03版:健康`` → ``A3 健康``."""

from __future__ import annotations

from .lazyre import lazy_compile

# Spaces bounded ({0,3}): unbounded runs on both sides of an optional part make a search over a long
# run of spaces quadratic.
_PAGE_LABEL = lazy_compile(r"第?\s{0,3}(?P<page>[A-Za-z]?\d{1,3})\s{0,3}版\s{0,3}[：:]?\s{0,3}(?P<name>[^\s<>|]{0,12})")


def page_label(text: str | None) -> str | None:
    """The printed page as the archive's ``category``: page number and page name, one space apart."""
    if not text:
        return None
    m = _PAGE_LABEL.search(text)
    if not m:
        return text.strip() or None
    letter, number = m["page"][:1].upper(), m["page"]
    page = (letter + str(int(number[1:]))) if letter.isalpha() else str(int(number))
    return f"{page} {m['name']}" if m["name"] else page
