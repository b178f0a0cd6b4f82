"""Kinds found by the blind batch 190–201 (docs/extraction.md, "Blind batches"): a WordPress/hAtom
``<time class="published" datetime>`` printed above the headline, a blog's ``rel="category tag"`` link, a notice
dated only by its signature, and a quoted sentence after an image (no caption). Each test tries several forms and
fails on the extractor before these fixes."""

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.body import extract_body
from lxml import html

URL = "http://www.t.test/2024/06/18/post/"
P1 = "为进一步提升护理人员临床操作技能，6月17日，护理部在培训中心举办护理技能大赛，56名选手参加比赛。"
P2 = "比赛分为理论考试和技能操作两个环节，评委依据操作规范严格打分，最终评选出一等奖2名。"

ARTICLE = """<html><head><meta charset="utf-8"><title>东岳医院</title></head><body>
<div class="side"><h3>近期文章</h3><ul><li><a href="/a/1/">我院开展无偿献血活动</a><span>2024年6月14日</span></li></ul></div>
<article class="post"><header class="entry-header">{above}<h1 class="entry-title">护理部举办护理技能大赛</h1></header>
<div class="entry-content"><p>{p1}</p><p>{p2}</p>{tail}</div>
<footer class="entry-footer">{footer}</footer></article></body></html>"""


def _page(above="", tail="", footer="", p2=P2):
    return ARTICLE.format(above=above, p1=P1, p2=p2, tail=tail, footer=footer)


@pytest.mark.parametrize("time_el, want", [
    ('<time class="entry-date published" datetime="2024-06-18T09:12:40+08:00">2024年6月18日</time>'
     '<time class="updated" datetime="2024-06-19T08:03:11+08:00">2024年6月19日</time>', "2024-06-18T09:12:40+08:00"),
    ('<time class="updated" datetime="2024-06-19T08:03:11+08:00">6月19日</time>'
     '<time class="published" datetime="2024-06-18T09:12:40+08:00">6月18日</time>', "2024-06-18T09:12:40+08:00"),
    ('<time class="entry-date" datetime="2024-06-18T01:12:40+00:00">June 18</time>', "2024-06-18T09:12:40+08:00"),
])
def test_published_time_element_above_the_headline(time_el, want):
    got = extract_article(_page(above=f'<div class="entry-meta">{time_el}</div>'), URL)
    assert got["publish_time"] == want


def test_updated_time_alone_is_no_publish_time():
    page = _page(above='<div class="entry-meta"><time class="entry-date updated" datetime="2024-06-19T08:03:11+08:00">x</time></div>')
    assert extract_article(page, URL)["publish_time"] is None


@pytest.mark.parametrize("footer, want", [
    ('<span class="cat-links">分类 <a href="/category/news/" rel="category tag">医院新闻</a></span>', "医院新闻"),
    ('<span class="cat-links"><a href="/c/a/" rel="category tag">健康科普</a>、<a href="/c/b/" rel="category tag">院内动态</a></span>', "健康科普"),
    ('<span class="cat-links"><a href="/category/notice/" rel="category">通知公告</a></span>', "通知公告"),
    ('<span class="tags-links"><a href="/tag/hl/" rel="tag">护理</a></span>', None),
])
def test_blog_category_link(footer, want):
    assert extract_article(_page(footer=footer), URL)["category"] == want


@pytest.mark.parametrize("date_line, raw, want", [
    ("二〇二四年九月二十七日", "二〇二四年九月二十七日", "2024-09-27T00:00:00+08:00"),
    ("2024年9月27日", "2024年9月27日", "2024-09-27T00:00:00+08:00"),
    ("2024-09-27", "2024-09-27", "2024-09-27T00:00:00+08:00"),
])
def test_notice_dated_only_by_its_signature(date_line, raw, want):
    tail = f'<p style="text-align:right">东岳市中心医院</p><p style="text-align:right">{date_line}</p>'
    got = extract_article(_page(tail=tail), "http://www.t.test/tzgg/show.php?id=640")
    assert (got["publish_time"], got["publish_time_raw"]) == (want, raw)
    assert got["content"].endswith(f"东岳市中心医院\n{date_line}")


def test_a_date_inside_a_sentence_is_no_signature_date():
    tail = "<p>报名截止时间为2024年9月27日，逾期不予受理。</p>"
    assert extract_article(_page(tail=tail), "http://www.t.test/tzgg/show.php?id=641")["publish_time"] is None


@pytest.mark.parametrize("after, caption", [
    ("护士长说：“患者转出监护室的那一刻，就是我们最大的满足。”", None),
    ("他笑着说：“谢谢大家！”", None),
    ("（完。）", None),
    ("志愿者为社区老人测量血压", "志愿者为社区老人测量血压"),
])
def test_quoted_sentence_after_an_image_is_no_caption(after, caption):
    el = html.fromstring(f'<div><p>{P1}</p><p><img src="/u/1.jpg"></p><p>{after}</p></div>')
    body = extract_body(el, URL)
    assert body.images[0]["caption"] == caption
    assert (after in body.paragraphs) == (caption is None)
