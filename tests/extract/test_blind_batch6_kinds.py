"""Kinds found by the blind batch 228–241 (docs/extraction.md, "Blind batches"): a reporter's outlet glued to the
label (健康时报记者 …, 爱东岳新闻客户端记者 … 报道) as a lead or a closing line, a headline word space after a closing
quote, the visible date-time as the raw when a meta tag states the same time, meta-line icons inside a body element
that also holds the headline (ThinkCMF's fa-eye beside fa-thumbs-up), a view count printed under the body (阅读 3.6万),
tag links under the text, and a bold section heading under a photo taken for its caption (秀米). Each test tries
several forms (spellings, markup, positions) written for these tests, not taken from the batch's pages."""

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.body import extract_body, parse_html
from hospitalnews.extract.bylines import parse_byline
from hospitalnews.extract.credits import is_credit_line, parse_credits
from hospitalnews.extract.text import clean_heading

URL = "http://www.h.test/news/2024/0915/802.html"
P1 = "为进一步提升基层医疗服务能力，9月15日，我院组织专家团队赴东岳县开展帮扶活动，共接诊患者120余人次。"
P2 = "专家们通过坐诊、查房、手术示教等方式，将先进的诊疗技术带到基层，受到当地医务人员和群众的欢迎。"
P3 = "医院负责人表示，将持续推进优质医疗资源下沉，让群众在家门口就能享受到高质量的医疗服务。"
BODY = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"

PAGE = """<html><head><meta charset="utf-8">{head}<title>我院专家赴基层开展帮扶活动_东岳医院</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/news/">新闻中心</a></div>
<div class="article"><h1>我院专家赴基层开展帮扶活动</h1>{meta}
<div class="content">{body}</div>{after}</div>
<div class="footer">版权所有 东岳医院</div></body></html>"""


def _extract(meta="", body=BODY, after="", head=""):
    return extract_article(PAGE.format(meta=meta, body=body, after=after, head=head), URL)


# -- an outlet glued to the reporter's label --------------------------------------------------------------

@pytest.mark.parametrize("line, want", [
    ("健康时报记者 孙亚慧 通讯员 刘洋", [("孙亚慧", "记者"), ("刘洋", "通讯员")]),
    ("爱东岳新闻客户端记者 孙悦 通讯员 钱程 报道", [("孙悦", "记者"), ("钱程", "通讯员")]),
    ("东岳电视台记者　王强", [("王强", "记者")]),
    ("齐鲁网通讯员 李红 张敏", [("李红", "通讯员"), ("张敏", "通讯员")]),
    ("中国人口报记者 赵磊 实习生 陈晨", [("赵磊", "记者"), ("陈晨", "实习生")]),
])
def test_an_outlet_glued_to_the_label_names_nobody(line, want):
    assert [(a["name"], a["role"]) for a in parse_credits(line)] == want
    assert is_credit_line(line)


@pytest.mark.parametrize("line", [
    "神经内科记者 张三",        # not an outlet: a department credits no reporter
    "健康时报编辑 张三",        # an editor's label: the word before it is not taken for an outlet
    "健康时报记者近日走访了我院",  # prose
])
def test_a_word_before_a_label_that_is_no_outlet_is_still_no_credit(line):
    assert parse_credits(line) is None


@pytest.mark.parametrize("paragraph, authors, rest", [
    ("健康时报记者 孙亚慧 通讯员 刘洋 早上8点入院，下午4点出院。", [("孙亚慧", "记者"), ("刘洋", "通讯员")],
     "早上8点入院，下午4点出院。"),
    ("东岳日报客户端记者 周航 近日，我院开展义诊活动。", [("周航", "记者")], "近日，我院开展义诊活动。"),
    ("健康时报记者近日走访了我院。", [], "健康时报记者近日走访了我院。"),
])
def test_a_lead_byline_may_open_with_a_glued_outlet(paragraph, authors, rest):
    found, text = parse_byline(paragraph)
    assert [(a["name"], a["role"]) for a in found] == authors
    assert text == rest


@pytest.mark.parametrize("body, authors", [
    (f"<p>健康时报记者 孙亚慧 通讯员 刘洋</p>{BODY}", [("孙亚慧", "记者"), ("刘洋", "通讯员")]),
    (f"{BODY}<p>爱东岳新闻客户端记者 孙悦 通讯员 钱程 报道</p>", [("孙悦", "记者"), ("钱程", "通讯员")]),
    (f"{BODY}<p>东岳广播电视台记者 王强 李娜</p><p>责任编辑：周洁</p>", [("王强", "记者"), ("李娜", "记者"), ("周洁", "编辑")]),
])
def test_glued_outlet_bylines_leave_the_content(body, authors):
    fields = _extract(body=body)
    assert [(a["name"], a["role"]) for a in fields["authors"]] == authors
    assert fields["content"] == "\n".join([P1, P2, P3])


# -- headline word spaces at quotes -----------------------------------------------------------------------

@pytest.mark.parametrize("raw, want", [
    ("县医院里的“日间手术” 早上住院下午回家", "县医院里的“日间手术” 早上住院下午回家"),
    ("“健康中国” 我们在行动", "“健康中国” 我们在行动"),
    ("我院召开 “三甲复审”动员会", "我院召开 “三甲复审”动员会"),
    ("学习《条例》 筑牢防线", "学习《条例》 筑牢防线"),
    ("“ 日 间 ”", "“日间”"),              # letter-spacing still goes
    ("关于开展义诊活动的通知， 请查收", "关于开展义诊活动的通知，请查收"),  # a space after a comma is no word space
])
def test_a_space_after_a_closing_quote_is_a_word_space(raw, want):
    assert clean_heading(raw) == want


# -- the visible date-time is the raw when a tag states the same time --------------------------------------

@pytest.mark.parametrize("tag, meta, raw", [
    ('<meta property="article:published_time" content="2024-09-15T02:12:45+00:00">',
     '<div class="info"><span>2024年09月15日<i class="t">10:12:45</i></span></div>', "2024年09月15日10:12:45"),
    ('<meta property="article:published_time" content="2024-09-15T10:12:00+08:00">',
     '<div class="info">2024-09-15 10:12</div>', "2024-09-15 10:12"),
    ('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-09-15T10:12:00+08:00"}</script>',
     '<p class="date">2024/9/15 10:12</p>', "2024/9/15 10:12"),
])
def test_the_visible_date_time_is_the_raw_when_a_tag_states_the_same_time(tag, meta, raw):
    fields = _extract(meta=meta, head=tag)
    assert fields["publish_time_raw"] == raw
    assert fields["publish_time"].startswith("2024-09-15T10:12")


@pytest.mark.parametrize("meta", [
    '<div class="info">2024年9月15日</div>',        # the day only: the tag supplies the time (page 193's rule)
    '<div class="info">2024-09-15 08:00</div>',    # another time: the tag is stronger
])
def test_the_tag_stays_the_raw_when_the_page_prints_less_or_another_time(meta):
    tag = '<meta property="article:published_time" content="2024-09-15T10:12:00+08:00">'
    fields = _extract(meta=meta, head=tag)
    assert fields["publish_time_raw"] == "2024-09-15T10:12:00+08:00"


# -- meta-line icons inside a body element that holds the headline ----------------------------------------

BOX_PAGE = """<html><head><meta charset="utf-8"><title>我院专家赴基层开展帮扶活动</title></head><body>
<div class="nav"><a href="/">首页</a></div>
<div class="article-box"><h2>我院专家赴基层开展帮扶活动</h2>
<div class="infobox"><span>2024-09-15 17:20</span>{icons}</div><hr>
<div id="article_content">{body}</div></div></body></html>"""


@pytest.mark.parametrize("icons, raw", [
    ('<a href="javascript:;"><i class="fa fa-eye"></i><span>3298</span></a>'
     '<a href="/like/1"><i class="fa fa-thumbs-up"></i><span class="count">56</span></a>', "3298"),
    ('<span><i class="layui-icon layui-icon-praise-zan"></i>12</span><span><i class="iconfont icon-view"></i>1,024</span>',
     "1,024"),
    ('<em><i class="bi bi-heart"></i>8</em> <em><i class="bi bi-eye"></i>2.3k</em>', "2.3k"),
])
def test_icon_meta_inside_the_headline_box_gives_views_never_likes(icons, raw):
    fields = extract_article(BOX_PAGE.format(icons=icons, body=BODY), URL)
    assert fields["view_count_raw"] == raw
    assert fields["content"] == "\n".join([P1, P2, P3])


def test_icons_in_the_body_text_stay_decoration():
    body = f'<p>{P1}</p><p><i class="fa fa-clock-o"></i> 门诊时间为每周一至周五全天，地点在门诊楼三楼专家诊区。</p><p>{P3}</p>'
    fields = extract_article(BOX_PAGE.format(icons="", body=body), URL)
    assert "时间：" not in fields["content"]


# -- a view count printed under the body ------------------------------------------------------------------

@pytest.mark.parametrize("after, raw, count", [
    ('<div class="foot"><span class="read-num">阅读 3.6万</span><span class="like"><i class="icon-zan"></i>128</span></div>',
     "3.6万", 36000),
    ('<div class="editor">责任编辑：周洁</div><div class="stat">浏览：1,234</div>', "1,234", 1234),
    ('<p class="read">256次阅读</p>', "256", 256),
])
def test_a_view_count_under_the_body_is_read(after, raw, count):
    fields = _extract(after=after)
    assert fields["view_count_raw"] == raw
    assert fields["view_count"] == count


def test_a_count_above_wins_over_one_under_the_body():
    fields = _extract(meta='<div class="info">浏览：88</div>', after='<div class="foot">阅读 3.6万</div>')
    assert fields["view_count_raw"] == "88"


def test_prose_under_the_body_is_no_view_count():
    fields = _extract(after='<div class="note">阅读本文的读者中，有3位专家在门诊楼为群众提供义诊服务，欢迎大家前来咨询就诊。</div>')
    assert fields["view_count_raw"] is None


# -- tag links under the text -----------------------------------------------------------------------------

@pytest.mark.parametrize("tags", [
    '<div class="post-tags"><a href="/tag/18">冬病夏治</a> <a href="/tag/21">三伏贴</a></div>',
    '<div class="tags">标签：<a href="/tag/3">义诊</a><a href="/tag/4">帮扶</a></div>',
    '<p class="article-keywords"><a href="/k/1">基层</a> <a href="/k/2">医疗</a></p>',
])
def test_tag_links_under_the_text_leave_the_content(tags):
    page = BOX_PAGE.format(icons="", body=BODY + tags)
    assert extract_article(page, URL)["content"] == "\n".join([P1, P2, P3])


# -- a section heading under a photo is no caption --------------------------------------------------------

def _heading(text, style="color:#fff;font-size:16px;"):
    return (f'<section style="text-align:center;margin:20px 0 10px;"><section style="display:inline-block;padding:4px 18px;">'
            f'<p style="{style}"><strong>{text}</strong></p></section></section>')


@pytest.mark.parametrize("html", [
    # 秀米 pill headings
    f"<div>{_heading('贴敷时间')}<p>{P1}</p><p><img src='/a.jpg'></p>{_heading('适宜人群')}<p>{P2}</p></div>",
    # plain bold paragraphs as headings
    f"<div><p><strong>一、活动背景</strong></p><p>{P1}</p><p><img src='/a.jpg'></p><p><strong>活动内容</strong></p><p>{P2}</p></div>",
    # h3 headings
    f"<div><h3>活动背景</h3><p>{P1}</p><p><img src='/a.jpg'></p><h3>活动内容</h3><p>{P2}</p></div>",
])
def test_a_section_heading_under_a_photo_is_no_caption(html):
    body = extract_body(parse_html(html), URL)
    assert body.images[0]["caption"] is None
    assert body.paragraphs[-2] in ("适宜人群", "活动内容")


@pytest.mark.parametrize("html, caption", [
    # a bold centred caption, the body's headings printed otherwise
    (f"<div><p><strong>活动背景</strong></p><p>{P1}</p><p><img src='/a.jpg'></p>"
     f"<p style='text-align:center'><strong>专家为群众义诊</strong></p><p>{P2}</p></div>", "专家为群众义诊"),
    # bold captions under every photo, no headings
    (f"<div><p>{P1}</p><p><img src='/a.jpg'></p><p><strong>义诊现场</strong></p>"
     f"<p><img src='/b.jpg'></p><p><strong>专家查房</strong></p><p>{P2}</p></div>", "义诊现场"),
    # a plain caption line
    (f"<div><p><strong>活动背景</strong></p><p>{P1}</p><p><img src='/a.jpg'></p><p>专家为群众义诊</p><p>{P2}</p></div>",
     "专家为群众义诊"),
])
def test_captions_printed_unlike_the_headings_stay_captions(html, caption):
    assert extract_body(parse_html(html), URL).images[0]["caption"] == caption
