"""View counts as stated on pages: ``0``, ``1,234``, ``1.2万``, ``3千``, ``阅读次数:0``."""

from __future__ import annotations

from decimal import Decimal

from .lazyre import lazy_compile

_COUNT = lazy_compile(r"(?<![\d.])(\d{1,3}(?:[,，]\d{3})+|\d+(?:\.\d+)?)\s{0,3}([万千亿wWkK]?)")
# No page has been read a thousand billion times: a longer number is an id or garbage, not a count.
_MAX_COUNT = 10 ** 12
_MULTIPLIERS = {"": 1, "万": 10_000, "w": 10_000, "W": 10_000, "千": 1_000, "k": 1_000, "K": 1_000, "亿": 100_000_000}


def parse_view_count(text: str | int | None) -> int | None:
    """The number stated in ``text`` as an int; ``None`` when it states none (never a guessed 0) or an
    impossible one (a thousand billion views or more: ``"2"*301 + "亿"`` is no count)."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    m = _COUNT.search(text)
    if not m:
        return None
    digits = m[1].replace(",", "").replace("，", "")
    if len(digits.split(".")[0]) > 13:
        return None
    count = int(round(Decimal(digits) * _MULTIPLIERS[m[2]]))
    return count if count < _MAX_COUNT else None
