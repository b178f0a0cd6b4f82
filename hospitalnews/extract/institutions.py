"""The topic filter's two questions about a story: is it about health care, and which institutions
does it name (``市肿瘤防治院``, ``市中心血站``, ``泰安市中心医院``)?

An institution name here is: an optional place name, a place-level character (省 市 县 区 镇 乡) or
a place name, up to eight name characters, and a configured suffix (医院, 血站, 卫生健康委 …). It must
start a word: after punctuation, a space, the text start, or a function word (到 在 与 和 及 对 由 …).
A bare ``医院`` (``为医院高质量发展``) names no institution and is not returned.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Characters that end the word before an institution name (function words and verbs of motion).
_BEFORE = "到在与和及对由向赴从为是同跟把被让请给，。、；：！？“”‘’《》（）()\\s"
# Characters a name never contains (they would join two phrases).
_NOT_IN_NAME = "的了是在到与和及对由向赴从为，。、；：！？“”‘’《》（）() 0-9"


@lru_cache(maxsize=16)
def _pattern(suffixes: tuple[str, ...], places: tuple[str, ...]) -> re.Pattern:
    suffix = "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True))
    place = "|".join(sorted(map(re.escape, places), key=len, reverse=True)) or "(?!)"
    return re.compile(
        rf"(?:(?<=[{_BEFORE}])|^)"
        rf"(?P<name>(?:(?:{place})(?:[省市县区])?|[省市县区镇乡])[^{_NOT_IN_NAME}]{{0,8}}?(?:{suffix}))"
    )


def find_institutions(text: str, suffixes: tuple[str, ...], places: tuple[str, ...] = ()) -> list[str]:
    """The institution names in ``text``, in order of first mention, each once."""
    if not text or not suffixes:
        return []
    found: list[str] = []
    for m in _pattern(tuple(suffixes), tuple(places)).finditer(text):
        if m["name"] not in found:
            found.append(m["name"])
    return found


def is_on_topic(text: str, keywords: tuple[str, ...]) -> bool:
    """Whether ``text`` names any of the topic ``keywords``."""
    return any(keyword in text for keyword in keywords)
