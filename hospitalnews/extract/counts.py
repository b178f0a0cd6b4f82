"""View counts as stated on pages: ``0``, ``1,234``, ``1.2万``, ``3千``, ``阅读次数:0``."""

from __future__ import annotations

import re

_COUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:[,，]\d{3})+|\d+(?:\.\d+)?)\s*([万千亿wWkK]?)")
_MULTIPLIERS = {"": 1, "万": 10_000, "w": 10_000, "W": 10_000, "千": 1_000, "k": 1_000, "K": 1_000, "亿": 100_000_000}


def parse_view_count(text: str | int | None) -> int | None:
    """The number stated in ``text`` as an int; ``None`` when it states none (never a guessed 0)."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text
    m = _COUNT.search(text)
    if not m:
        return None
    number = float(m[1].replace(",", "").replace("，", ""))
    return int(round(number * _MULTIPLIERS[m[2]]))
