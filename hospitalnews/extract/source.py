"""The 来源 field: labels stripped, empty means unknown."""

from __future__ import annotations

import re

from .lazyre import lazy_compile

# Applied to the stripped text; spaces inside the label are bounded (letter-spaced 来　源).
_LABEL = lazy_compile(r"^(?:(?:本文|信息|稿件|新闻|文章|消息|内容)?\s{0,4}来\s{0,4}源|稿\s{0,4}源)\s{0,4}[:：]?")
_PLACEHOLDER = lazy_compile(r"^(?:未知|不详|无|暂无|佚名|null|none)$", re.IGNORECASE)
_EDGE_PUNCTUATION = " \t\n\r\f\v\u3000\u00a0:：|/，,、-—"


def normalise_source(text: str | None) -> str | None:
    """``本文来源: 院长办公室`` → ``院长办公室``; ``本文来源:`` → ``None``."""
    if text is None:
        return None
    value = _LABEL.sub("", text.strip()).strip(_EDGE_PUNCTUATION)
    value = " ".join(value.split())
    if _PLACEHOLDER.match(value):  # the CMS default (DedeCMS 来源：未知) states no source
        return None
    return value or None
