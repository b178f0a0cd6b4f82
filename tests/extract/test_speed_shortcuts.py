"""Shortcuts taken for speed (issue 12) give what the long way gives: the meta lines read from the common
ancestor of heading and body, the microdata date query skipped on pages that never say datePublished,
a list page's stated size read in the pool beside its block and next link, a title comparison stopped at
its upper bounds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hospitalnews.extract import article
from hospitalnews.extract.document import parse_document
from hospitalnews.extract_pool import read_list_page
from hospitalnews.extract.pagination import stated_size
from hospitalnews.extract.title import similar, similarity

from ..support import FIXTURES

PAGE = """<html><body><div id="top"><p>网站首页 医院概况</p></div>
<div id="main"><div class="box"><h1 id="h">标题在这里</h1><div class="info"><span>发布时间：2024-03-18</span>
<span>来源：医务部</span></div><p id="lead">导语，第一句。</p><div id="body"><p>正文第一段，很长。</p>
<p id="inner">正文第二段。</p></div></div><div id="side"><p>侧栏</p></div></div>
<div id="foot"><p>版权所有</p></div></body></html>"""


def _long_way(root, start, stop):
    """_text_between walking from the page's root, as it did before the shortcut."""
    original = article._common_ancestor
    article._common_ancestor = lambda root, start, stop: root
    try:
        return article._text_between(root, start, stop)
    finally:
        article._common_ancestor = original


@pytest.mark.parametrize(("start", "stop"), [
    ("h", "body"), ("h", "inner"), ("inner", "h"), ("body", "inner"), ("inner", "body"), ("h", "h"),
    ("top", "foot"), ("lead", "side"), (None, "body"), ("h", None), ("side", "lead"),
])
def test_meta_lines_from_the_common_ancestor_equal_the_whole_walk(start, stop):
    root = parse_document(PAGE)
    find = lambda key: None if key is None else root.get_element_by_id(key)  # noqa: E731
    assert article._text_between(root, find(start), find(stop)) == _long_way(root, find(start), find(stop))


def test_the_walk_from_a_sub_root_ignores_elements_outside_it():
    root = parse_document(PAGE)
    box = root.get_element_by_id("main")
    outside = root.get_element_by_id("top")
    inner = root.get_element_by_id("inner")
    assert article._text_between(box, outside, inner) == _long_way(box, outside, inner)


@pytest.mark.parametrize("markup", [
    '<div itemprop="datePublished" content="2024-03-18T09:00:00+08:00"></div>',
    '<time pubdate datetime="2024-03-19"></time><span itemprop="datePublished" content="2024-03-18"></span>',
    '<span itemprop="datePublished" content="2024-03-18"></span><time pubdate datetime="2024-03-19"></time>',
    '<time pubdate datetime="2024-03-19"></time>',
    '<p>no date markup</p>',
])
def test_meta_tags_with_and_without_the_page_text_agree(markup):
    html = f"<html><head><title>t</title></head><body>{markup}</body></html>"
    assert article._meta_tags(parse_document(html), html) == article._meta_tags(parse_document(html))


def test_a_list_page_read_in_the_pool_states_its_size_as_read_here():
    pages = sorted((FIXTURES / "realworld_lists").rglob("list_1.html"))[:6]
    assert pages
    for page in pages:
        text = page.read_text("utf-8", "replace")
        url = f"http://www.h.test/{page.parent.name}/{page.name}"
        assert read_list_page(text, url, 1, {})[2] == stated_size(text, url)


@given(st.text(alphabet="医院召开会议新闻 中心泰安市", max_size=14), st.text(alphabet="医院召开会议新闻 中心泰安市", max_size=14),
       st.sampled_from([0.0, 0.5, 0.9, 1.0]))
def test_similar_stops_at_upper_bounds_with_the_full_comparisons_answer(a, b, threshold):
    assert similar(a, b, threshold) == (similarity(a, b) >= threshold)

