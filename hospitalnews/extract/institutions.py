"""Health-topic test and the health institutions a story names (市肿瘤防治院, 市中心血站 …).

The keyword and suffix lists come from configuration (``data/papers.toml`` ``[topic]``); the defaults
below are what the Tai'an papers need.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

DEFAULT_KEYWORDS = ("医院", "卫生健康委", "卫健委", "疾控", "血站", "卫生院", "中医", "妇幼", "急救",
                    "防治院", "保健院", "医疗", "医生", "护士", "患者", "献血", "疫苗")
DEFAULT_SUFFIXES = ("疾病预防控制中心", "社区卫生服务中心", "卫生健康委员会", "卫生健康委", "卫生健康局",
                    "妇幼保健院", "疾控中心", "急救中心", "血液中心", "卫健委", "防治院", "保健院", "卫生院",
                    "医院", "血站")
# Place names a name may open with (泰安市…, 岱岳区…); a bare 市/省/县/区 works for any place.
DEFAULT_PLACES = ("泰安", "山东", "新泰", "肥城", "宁阳", "东平", "岱岳", "泰山")
# Characters that cannot be inside a name: verbs, prepositions and particles around one.
_NOT_IN_NAME = "到在对与和及了的是为由向从将把等于被给让共同并就、"


@lru_cache(maxsize=8)
def _institution_pattern(suffixes: tuple[str, ...], places: tuple[str, ...]) -> re.Pattern:
    endings = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    place = "|".join(re.escape(p) for p in sorted(places, key=len, reverse=True))
    han = rf"[^\W\d_{_NOT_IN_NAME}a-zA-Z]"
    # a place (泰安, 泰安市 …) or a bare 省/市/县/区 — but not the words 市民, 市场, 区内 … that merely start with one
    bare = "[省市县区](?![民场内外级里])"
    opening = rf"(?:(?:{place})[省市县区]?|{bare})" if place else bare
    return re.compile(rf"{opening}{han}{{0,12}}?(?:{endings})")


def named_institutions(text: str, suffixes: Iterable[str] = DEFAULT_SUFFIXES,
                       places: Iterable[str] = DEFAULT_PLACES) -> list[str]:
    """The institution names in ``text``, first mention first: ``["市中医医院", "市卫生健康委"]``.

    Only names that open with a place (市, 泰安市, 山东省 …) count: 医院 alone, 六型医院 or 市民可通过医院
    is no name. ``places``: the configured places plus, for a paper nobody configured, its own city
    (``paper_place``).
    """
    found: list[str] = []
    for m in _institution_pattern(tuple(suffixes), tuple(places)).finditer(text):
        if m[0] not in found:
            found.append(m[0])
    return found


def paper_place(name: str) -> str | None:
    """The city a paper is named after: 江北日报 → 江北, 泰山晚报 → 泰山, 齐鲁都市报 → 齐鲁; None if unsure."""
    m = re.fullmatch(r"([\u4e00-\u9fff]{2,4}?)[市县区]?(?:日报|晚报|晨报|都市报|商报|早报|时报|新闻|报)", name or "")
    return m[1] if m else None


def is_health_story(text: str, keywords: Iterable[str] = DEFAULT_KEYWORDS) -> bool:
    """Does the story (title and body) mention a hospital or health institution?"""
    return any(word in text for word in keywords)
