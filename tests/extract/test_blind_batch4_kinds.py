"""Kinds found by the blind batch 202–215 (docs/extraction.md, "Blind batches"): counter calls the page makes
from an element attribute or an inline script, image titles that are no captions, caption elements named for it,
an e-paper story page read by the generic extractor, a media-name prefix before a bare byline, credits with a bar,
a pasted WeChat 往期推荐 block, UI-kit icons on the meta line and a link-less breadcrumb. Each test tries several
forms (spellings, markup, positions) written for these tests, not taken from the batch's pages."""

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.bylines import parse_byline
from hospitalnews.extract.counters import find_counter_url
from hospitalnews.extract.credits import is_credit_line, parse_credits
from hospitalnews.extract.epaper_systems import is_epaper_story

URL = "http://www.h.test/news/2024/0612/901.html"
P1 = "为进一步提升护理人员临床操作技能，6月17日，护理部在培训中心举办护理技能大赛，56名选手参加比赛。"
P2 = "比赛分为理论考试和技能操作两个环节，评委依据操作规范严格打分，最终评选出一等奖2名、二等奖4名。"
P3 = "护理部主任表示，将以赛促学、以赛促练，持续提升护理队伍的专业素养和服务水平，为患者提供优质护理。"

PAGE = """<html><head><meta charset="utf-8"><title>护理部举办护理技能大赛_东岳医院</title>{head}</head><body>
<div class="nav"><a href="/">首页</a><a href="/news/">新闻中心</a></div>{crumb}
<div class="article"><h1>护理部举办护理技能大赛</h1><div class="meta">{meta}</div>
<div class="content">{body}</div></div>{after}</body></html>"""


def _page(meta="发布时间：2024-06-12", body=None, head="", crumb="", after=""):
    body = body if body is not None else f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
    return PAGE.format(meta=meta, body=body, head=head, crumb=crumb, after=after)


# -- counters the page calls --------------------------------------------------------------------------------

@pytest.mark.parametrize("meta, want", [
    # 苏迪 WebPlus: the plugin reads the element's url attribute; the saved number is stale
    ('浏览次数：<span class="WP_VisitCount" url="/_visitcountdisplay?siteId=12&amp;type=3&amp;articleId=901">1036</span>',
     "http://www.h.test/_visitcountdisplay?siteId=12&type=3&articleId=901"),
    # another plugin, data-url, after a views label, the element named for nothing
    ('阅读：<em data-url="/api/hits?id=901">88</em>次', "http://www.h.test/api/hits?id=901"),
    # an element named for counting with no label before it
    ('<span class="hits-count" data-api="/count/901.json">12</span>', "http://www.h.test/count/901.json"),
])
def test_counter_address_in_an_element_attribute(meta, want):
    got = extract_article(_page(meta="发布时间：2024-06-12 " + meta), URL)
    assert got["counter_url"] == want
    assert got["view_count"] is None and got["view_count_raw"] is None  # the page's counter wins


@pytest.mark.parametrize("meta, script, want", [
    # EyouCMS: XMLHttpRequest into the element after 浏览：
    ('浏览：<i id="eyou_arcclick">352</i>次',
     'var ajax = new XMLHttpRequest(); ajax.open("get", "/index.php?m=api&c=Ajax&a=arcclick&aid=901", true);'
     'ajax.send(); ajax.onreadystatechange = function () { document.getElementById("eyou_arcclick").innerHTML = ajax.responseText; }',
     "http://www.h.test/index.php?m=api&c=Ajax&a=arcclick&aid=901"),
    # Jspxcms: $.get into an empty span after 浏览次数：
    ('浏览次数：<span id="info_views"></span>', '$(function(){ $.get("/info_views/901.jspx", function(v){ $("#info_views").text(v); }); });',
     "http://www.h.test/info_views/901.jspx"),
    # $.ajax({url: …}) into an element with a neutral id after 点击：
    ('点击：<b id="n1"></b>', "$.ajax({ url: '/plugin/stat.ashx?aid=901', success: function(d){ $('#n1').html(d); } });",
     "http://www.h.test/plugin/stat.ashx?aid=901"),
    # fetch() of an endpoint named for counting, written nowhere the extractor can see
    ("", "fetch('/api/article/visit?id=901').then(r => r.text());", "http://www.h.test/api/article/visit?id=901"),
])
def test_inline_script_counter_calls(meta, script, want):
    page = _page(meta="发布时间：2024-06-12 " + meta, after=f"<script>{script}</script>")
    got = extract_article(page, URL)
    assert got["counter_url"] == want
    assert got["view_count"] is None and got["view_count_raw"] is None


@pytest.mark.parametrize("script", [
    "$.get('/api/comments?aid=901', function(d){ $('#comments').html(d); });",   # comments, no views label
    "$.get('/api/visit', function(d){});",                                        # no id: not this article's count
    "$.getJSON('/news/list?page=2', function(d){ render(d); });",                 # a list, not a counter
    "fetch('https://tongji.other.test/hits?id=901');",                            # a third party's counter
])
def test_inline_requests_that_are_no_counter(script):
    page = _page(meta="发布时间：2024-06-12 浏览：36", after=f"<script>{script}</script>")
    got = extract_article(page, URL)
    assert got["counter_url"] is None
    assert got["view_count"] == 36


def test_find_counter_url_reads_attributes_and_inline_calls_alone():
    html = '<p>浏览：<span class="WP_VisitCount" url="/_visitcountdisplay?articleId=5">9</span></p>'
    assert find_counter_url(html, "http://x.test/a.htm") == "http://x.test/_visitcountdisplay?articleId=5"
    html = '<p>浏览：<span id="v"></span></p><script>$.post("/hits.do?id=5", function(d){ $("#v").text(d) })</script>'
    assert find_counter_url(html, "http://x.test/a.htm") == "http://x.test/hits.do?id=5"


# -- image titles and caption elements ---------------------------------------------------------------------

@pytest.mark.parametrize("img_title", [
    "18a9c3e5f1d2b7.jpg", "IMG_2034.JPG", "DSC01234", "P1010023", "微信图片_20240412093015.png", "mmexport1712345678901",
    "1-240R6100Z4T5.jpg", "护理部举办护理技能大赛", "护理部举办 护理技能大赛",
])
def test_image_title_that_is_a_file_name_or_the_headline_is_no_caption(img_title):
    body = (f'<p>{P1}</p><p style="text-align:center"><img src="/upload/2024/1-240R6100Z4T5.jpg" title="{img_title}" '
            f'alt="{img_title}"></p><p style="text-align:center"><span>技能操作比赛现场</span></p><p>{P2}</p>')
    got = extract_article(_page(body=body), URL)
    assert got["images"] == [{"url": "http://www.h.test/upload/2024/1-240R6100Z4T5.jpg", "caption": "技能操作比赛现场"}]
    assert "比赛现场" not in got["content"]


def test_a_real_image_title_stays_the_caption():
    body = f'<p>{P1}</p><p><img src="/upload/a.jpg" title="选手进行心肺复苏操作"></p><p>{P2}</p>'
    got = extract_article(_page(body=body), URL)
    assert got["images"] == [{"url": "http://www.h.test/upload/a.jpg", "caption": "选手进行心肺复苏操作"}]


@pytest.mark.parametrize("figure", [
    # Toutiao: a signed URL with no file extension, the <img> named like a page widget
    '<div class="pgc-img"><img src="https://p3-sign.toutiaoimg.test/tos-cn-i-x/8c1f~noop.image?x-expires=1&amp;x-signature=Qw%3D" '
    'class="syl-page-img"><p class="pgc-img-caption">选手进行心肺复苏操作。</p></div>',
    # WordPress: wp-caption around image and text
    '<div class="wp-caption aligncenter"><img src="https://p3-sign.toutiaoimg.test/tos-cn-i-x/8c1f~noop.image?x-expires=1&amp;x-signature=Qw%3D">'
    '<p class="wp-caption-text">选手进行心肺复苏操作。</p></div>',
    # an editor's image-caption span after the photo
    '<p><img src="https://p3-sign.toutiaoimg.test/tos-cn-i-x/8c1f~noop.image?x-expires=1&amp;x-signature=Qw%3D"></p>'
    '<span class="image-caption">选手进行心肺复苏操作。</span>',
])
def test_caption_elements_named_for_it(figure):
    got = extract_article(_page(body=f"<p>{P1}</p>{figure}<p>{P2}</p>"), URL)
    assert got["images"] == [{"url": "https://p3-sign.toutiaoimg.test/tos-cn-i-x/8c1f~noop.image?x-expires=1&x-signature=Qw%3D",
                              "caption": "选手进行心肺复苏操作。"}]
    assert "心肺复苏" not in got["content"]


def test_a_caption_named_element_without_a_photo_before_it_stays_text():
    body = f'<p>{P1}</p><p class="caption-note">{P2}</p>'
    assert P2 in extract_article(_page(body=body), URL)["content"]


# -- e-paper story pages ------------------------------------------------------------------------------------

EPAPER = """<html><head><meta charset="utf-8"><title>{headline}</title></head><body>
<table><tr><td class="riq">{bar_date}　<a href="../11/node_2.htm">往期回顾</a></td></tr>
<tr><td class="bmname">{bar}<a href="node_5.htm">上一版</a></td></tr></table>
<table><tr><td><table><tr><td><a href="node_2.htm">第A01版：要闻</a></td></tr><tr><td><a href="node_6.htm">{bar}</a></td></tr></table></td>
<td><table><tr><td class="font01" align="center">{headline}</td></tr>
<tr><td><table><tr><td><img src="../../../images/2024-03/12/A05/res02_attpic.jpg"></td></tr>
<tr><td class="font6">{caption}</td></tr></table></td></tr>
<tr><td><div id="ozoom">{open}<P>本报讯（记者 颜凯 通讯员 吕士琴）{p1}</P><P>{p2}</P>{close}</div></td></tr></table></td></tr></table>
</body></html>"""


@pytest.mark.parametrize("bar, bar_date, open_, close, category, raw", [
    ("　第A05版：健康　", "2024年03月12日 星期二", "<founder-content>", "</founder-content>", "A5 健康", "2024年03月12日"),
    ("第05版:健康生活", "2024-03-12", "", "", "5 健康生活", "2024-03-12"),                # another system: no Founder markup
    ("B3版：医卫", "2024年3月12日", "<!--enpcontent-->", "<!--/enpcontent-->", "B3 医卫", "2024年3月12日"),
])
def test_epaper_story_page(bar, bar_date, open_, close, category, raw):
    page = EPAPER.format(headline="市中心医院卒中中心通过国家高级卒中中心认证", bar=bar, bar_date=bar_date, open=open_, close=close,
                         caption="医护人员在卒中中心演练急救流程　记者 李梦 摄", p1=P1, p2=P2)
    got = extract_article(page, "http://epaper.dyrb.test/html/2024-03/12/content_298761.htm")
    assert got["category"] == category
    assert got["publish_time"] == "2024-03-12T00:00:00+08:00" and got["publish_time_raw"] == raw
    assert got["images"] == [{"url": "http://epaper.dyrb.test/images/2024-03/12/A05/res02_attpic.jpg",
                              "caption": "医护人员在卒中中心演练急救流程"}]
    assert got["authors"] == [{"name": "李梦", "role": "摄影"}, {"name": "颜凯", "role": "记者"}, {"name": "吕士琴", "role": "通讯员"}]


def test_a_page_naming_an_edition_in_its_text_is_no_epaper():
    body = f"<p>{P1}</p><p>医院组织学习《诊疗方案（第10版）》，{P2}</p>"
    got = extract_article(_page(meta="", body=body, crumb='<div class="ticker">2023年1月1日 星期日</div>'), URL)
    assert got["category"] is None and got["publish_time"] is None and got["images"] == []
    assert is_epaper_story("<p>（第10版）</p>") and not is_epaper_story("<p>版权所有 © 2024</p>")


# -- a media-name prefix before a bare byline -----------------------------------------------------------------

@pytest.mark.parametrize("line, rest", [
    ("东岳晚报·东岳融媒 记者 孙悦 通讯员 钱程", ""),
    ("东岳晚报·东岳融媒记者 孙悦 通讯员 钱程", ""),                      # the label glued to the media name
    ("大众日报•大众新闻客户端 记者 孙悦 通讯员 钱程 5月20日，我院举行义诊。", "5月20日，我院举行义诊。"),
    ("东岳日报・东岳融媒・掌上东岳 记者 孙悦 通讯员 钱程", ""),          # three names, katakana middle dot
])
def test_media_name_prefix_before_a_byline(line, rest):
    assert parse_byline(line) == ([{"name": "孙悦", "role": "记者"}, {"name": "钱程", "role": "通讯员"}], rest)


@pytest.mark.parametrize("line", ["泰山·东岳 风景秀丽，游人如织。", "阿依古丽·买买提 是一名护士。", "中医·养生 讲座开讲"])
def test_a_dotted_phrase_without_a_byline_stays(line):
    assert parse_byline(line) == ([], line)


def test_media_prefix_byline_paragraph_leaves_the_content():
    body = f"<p>东岳晚报·东岳融媒 记者 孙悦 通讯员 钱程</p><p>{P1}</p><p>{P2}</p>"
    got = extract_article(_page(body=body, after='<div class="editor">（责任编辑：周洁）</div>'), URL)
    assert got["content"].startswith(P1)
    assert got["authors"][:2] == [{"name": "孙悦", "role": "记者"}, {"name": "钱程", "role": "通讯员"}]


# -- credits with a bar; a pasted WeChat 往期推荐 block ------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "文字｜李楠 图片｜王晨 编辑｜赵雪 审核｜郭峰",
    "文字|李楠 图片|王晨 编辑|赵雪 审核|郭峰",
    "文字 ｜ 李楠　图片 ｜ 王晨　编辑 ｜ 赵雪　审核 ｜ 郭峰",
])
def test_credits_with_a_bar(line):
    assert is_credit_line(line)
    assert parse_credits(line) == [{"name": "李楠", "role": "作者"}, {"name": "王晨", "role": "摄影"},
                                   {"name": "赵雪", "role": "编辑"}, {"name": "郭峰", "role": "审核"}]


@pytest.mark.parametrize("heading", ["往期推荐", "▼往期推荐▼", "【推荐阅读】", "往期回顾：", "精彩回顾"])
@pytest.mark.parametrize("credits", [
    "<p>文字｜李楠</p><p>图片｜王晨</p><p>编辑｜赵雪</p><p>审核｜郭峰</p>",
    "<p>文字|李楠 图片|王晨 编辑|赵雪 审核|郭峰</p>",
])
def test_wechat_recommendations_and_bar_credits_leave_the_content(heading, credits):
    block = (f'<section><p><strong>{heading}</strong></p><p><a href="http://mp.weixin.qq.com/s?__biz=1">孕期体重管理，这些误区要避开</a></p>'
             f'<p><a href="http://mp.weixin.qq.com/s?__biz=2">新生儿黄疸，什么时候需要治疗？</a></p></section>')
    got = extract_article(_page(body=f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>{credits}{block}"), URL)
    assert got["content"] == "\n".join([P1, P2, P3])
    assert got["authors"] == [{"name": "李楠", "role": "作者"}, {"name": "王晨", "role": "摄影"},
                              {"name": "赵雪", "role": "编辑"}, {"name": "郭峰", "role": "审核"}]


# -- UI-kit icons on the meta line; a breadcrumb without links ---------------------------------------------------

@pytest.mark.parametrize("meta, views, raw", [
    ('<span><i class="el-icon-time"></i>2024-06-12 16:20</span><span><i class="el-icon-office-building"></i>来源：党委宣传部</span>'
     '<span><i class="el-icon-view"></i>1.3w</span>', 13000, "1.3w"),
    ('<span><i class="anticon anticon-clock-circle"></i>2024-06-12</span><span>来源：党委宣传部</span>'
     '<span><i class="anticon anticon-eye"></i>1.3万</span>', 13000, "1.3万"),
    ('<span>2024-06-12</span><span>来源：党委宣传部</span><span><i class="van-icon van-icon-eye-o"></i>256</span>', 256, "256"),
])
def test_icon_only_views_are_not_glued_to_the_source(meta, views, raw):
    got = extract_article(_page(meta=meta), URL)
    assert got["source"] == "党委宣传部"
    assert got["view_count"] == views and got["view_count_raw"] == raw


@pytest.mark.parametrize("crumb", [
    # Element UI, server-rendered by Nuxt: <span role="link"> crumbs, icon separators
    '<div aria-label="Breadcrumb" role="navigation" class="el-breadcrumb"><span class="el-breadcrumb__item"><span role="link" class="el-breadcrumb__inner is-link">首页</span>'
    '<i class="el-breadcrumb__separator el-icon-arrow-right"></i></span><span class="el-breadcrumb__item"><span role="link" class="el-breadcrumb__inner is-link">新闻中心</span>'
    '<i class="el-breadcrumb__separator el-icon-arrow-right"></i></span><span class="el-breadcrumb__item" aria-current="page"><span role="link" class="el-breadcrumb__inner">医院要闻</span></span></div>',
    # Ant Design: plain spans, separators in their own spans
    '<div class="ant-breadcrumb"><span><span class="ant-breadcrumb-link">首页</span><span class="ant-breadcrumb-separator">/</span></span>'
    '<span><span class="ant-breadcrumb-link">新闻中心</span><span class="ant-breadcrumb-separator">/</span></span><span><span class="ant-breadcrumb-link">医院要闻</span></span></div>',
    # a Bootstrap <ol class="breadcrumb"> with <li>s and no links
    '<ol class="breadcrumb"><li>首页</li><li>新闻中心</li><li class="active">医院要闻</li></ol>',
])
def test_breadcrumb_without_links(crumb):
    assert extract_article(_page(crumb=crumb), URL)["category"] == "医院要闻"
