"""find_title's fallback (a container whose whole text is the <title> text) first compares the count of
characters clean_line keeps: a necessary condition, so the same element is found without cleaning the
whole text of every container."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from hospitalnews.extract.text import clean_line
from hospitalnews.extract.title import _kept_length, find_title
from lxml import html

PIECES = st.sampled_from(["医院", "新闻", " ", "\u3000", "\u00a0", "\t", "\n", "\u200b", "\ufeff", "\u00ad", "A", "b 2",
                          "，", "2024", " \u2003 ", "\u202f"])


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_clean_line_keeps_exactly_the_kept_characters(text):
    assert _kept_length(clean_line(text)) == _kept_length(text)


def test_the_unmarked_title_element_is_still_found():
    page = ("<html><head><title>我院开展义诊活动走进社区</title></head><body><div class='top'><p>首页 新闻</p></div>"
            "<div class='main'><p class='t'> 我院开展\u3000义诊活动走进社区 </p><div><p>正文，第一段。</p></div></div>"
            "</body></html>")
    title, element = find_title(html.fromstring(page))
    assert title == "我院开展义诊活动走进社区" and element is not None and element.get("class") == "t"
