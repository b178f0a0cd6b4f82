"""The 来源 field: labels stripped, empty means unknown."""

from __future__ import annotations

import re

_LABEL = re.compile(r"^\s*(?:(?:本文|信息|稿件|新闻|文章|消息|内容)?\s*来\s*源|稿\s*源)\s*[:：]?\s*")
_PLACEHOLDER = re.compile(r"^(?:未知|不详|无|暂无|佚名|null|none)$", re.IGNORECASE)
_EDGE_PUNCTUATION = re.compile(r"^[\s:：|/，,、\-—]+|[\s:：|/，,、\-—]+$")


def normalise_source(text: str | None) -> str | None:
    """``本文来源: 院长办公室`` → ``院长办公室``; ``本文来源:`` → ``None``."""
    if text is None:
        return None
    value = _EDGE_PUNCTUATION.sub("", _LABEL.sub("", text))
    value = re.sub(r"\s+", " ", value)
    if _PLACEHOLDER.match(value):  # the CMS default (DedeCMS 来源：未知) states no source
        return None
    return value or None
