"""Issue 8 kinds, several forms each: decoding and parsing like a browser, view counters, crumbs,
caption placeholders, headings, printed-page text, and one extraction path for every spider.

Pages are built from one template with a site header (logo h1, menu), a sidebar with a heading and
links, prev/next links and a footer, so each rule is tried among the traps a real template holds.
"""

from __future__ import annotations

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.body import extract_body, is_caption_placeholder
from hospitalnews.extract.counters import find_counter_url, same_site
from hospitalnews.extract.document import parse_document
from hospitalnews.extract.encoding import decode_html, detect_encoding
from hospitalnews.extract.printlayout import repair_print_text
from hospitalnews.extract.text import clean_heading

TITLE = "我院开展“世界卒中日”主题义诊活动"
P1 = "10月29日是第19个世界卒中日，我院神经内科在门诊大厅开展主题义诊活动，为市民免费测量血压。"
P2 = "活动现场，专家们向市民介绍了卒中的早期识别方法，提醒大家出现症状要立即拨打120。"
P3 = "本次活动共接待咨询群众200余人次，发放宣传资料500余份。"
BODY = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"
CONTENT = "\n".join([P1, P2, P3])
URL = "http://www.dyrm.test/news/2024/1030/119.html"

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{page_title}</title></head><body>
<div class="header"><div class="logo"><h1>东岳市人民医院</h1></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/news/">新闻中心</a></li></ul></div>
{before}
<div class="wrap"><div class="main">{article}
<div class="prenext"><p>上一篇：<a href="/news/118.html">我院召开第三季度医疗质量分析会</a></p></div></div>
<div class="side"><h3>热点新闻</h3><ul><li><a href="/news/100.html">我院顺利通过三级医院评审复核</a></li>
<li><a href="/news/101.html">我院新门诊楼正式启用</a></li></ul></div></div>
<div class="footer">版权所有 东岳市人民医院</div></body></html>"""


def page(article: str, page_title: str = TITLE + "-医院新闻-东岳市人民医院", before: str = "") -> str:
    return PAGE.format(article=article, page_title=page_title, before=before)


def article(meta: str = "发布时间：2024-10-30 09:15", body: str = BODY, heading: str = f"<h2>{TITLE}</h2>") -> str:
    return f'<div class="article">{heading}<div class="info">{meta}</div><div class="content">{body}</div></div>'


# --- decoding ------------------------------------------------------------------------------------

def _cut(text: str, drop: int) -> bytes:
    return text.encode("utf-8")[:-drop]


@pytest.mark.parametrize("declaration", ['<meta charset="utf-8">', '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', ""])
@pytest.mark.parametrize("drop", [1, 2])
def test_utf8_with_a_title_cut_mid_character_is_utf8(declaration, drop):
    html = page(article()).replace('<meta charset="utf-8">', declaration)
    head, tail = html.split("<li><a href=\"/news/101.html\">")
    body = head.encode("utf-8") + b'<li><a href="/news/101.html">' + _cut("我院新门诊楼", drop) + b"..." + tail.encode("utf-8")
    assert detect_encoding(body) == "utf-8"
    fields = extract_article(body, URL)
    assert (fields["title"], fields["content"]) == (TITLE, CONTENT)
    assert "\ufffd" in decode_html(body)  # the cut character is a replacement character, nothing else changes


@pytest.mark.parametrize("bad", [b"\xff", b"\x80\xff", b"\xfe\xfe\xfe", "热点".encode("gbk")[:-1] + b"\xff"])
@pytest.mark.parametrize("declared", ["gb2312", None])
def test_gbk_with_bytes_no_decoder_accepts_stays_chinese(bad, declared):
    html = page(article())
    if declared:
        html = html.replace('<meta charset="utf-8">', f'<meta charset="{declared}">')
    head, tail = html.split('<div class="footer">')
    body = head.encode("gbk") + bad + ('<div class="footer">' + tail).encode("gbk")
    codec = detect_encoding(body)
    assert codec == "gb18030"  # never ptcp154, cp1251 or another single-byte reading
    assert extract_article(body, URL)["title"] == TITLE


@pytest.mark.parametrize("words", ["首页", "新闻中心 联系我们", "版权所有"])
def test_a_short_gbk_page_is_not_taken_for_utf8_with_stray_bytes(words):
    body = f"<html><body><a href='/'>{words}</a></body></html>".encode("gbk")
    assert detect_encoding(body) == "gb18030"


def test_a_declared_big5_page_decodes_as_big5():
    html = page(article()).replace('<meta charset="utf-8">', '<meta charset="big5">').replace("“", "").replace("”", "")
    body = html.encode("big5", errors="ignore")
    assert detect_encoding(body).startswith("big5")  # big5hkscs, its superset


# --- parsing like a browser ------------------------------------------------------------------------

@pytest.mark.parametrize("include", [
    "</body></html>",
    "</BODY>\n</HTML>",
    "<html><head><title>top</title></head><body><div>顶部</div></body></html>",
    "<table><tr><td>顶部</td></tr></table></body >\n</html >",
])
def test_stray_end_tags_from_an_include_lose_nothing(include):
    fields = extract_article(page(article(), before=include), URL)
    assert (fields["title"], fields["content"], fields["publish_time"]) == (TITLE, CONTENT, "2024-10-30T09:15:00+08:00")


@pytest.mark.parametrize("control", ["\x08", "\x0c", "\x00", "\x1b", "\x7f"])
def test_control_characters_never_lose_an_article_nor_reach_content(control):
    body = f"<p>{control}{P1}</p><p>{P2[:10]}{control}{P2[10:]}</p><p>{P3}{control}</p>"
    fields = extract_article(page(article(meta=f"发布时间：2024-10-30{control} 09:15", body=body)), URL)
    assert fields["content"] == CONTENT and fields["title"] == TITLE
    assert fields["publish_time"] == "2024-10-30T09:15:00+08:00"


@pytest.mark.parametrize("text", ["", " ", "</p>", "<!-- only a comment", "\ud800"])
def test_degenerate_documents_parse_to_an_empty_page(text):
    root = parse_document(text)
    assert root.tag == "html"


# --- view counters -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("meta", "counter"), [
    # DTcms, beside its comment-count script
    ('<span>评论：<script src="/tools/submit_ajax.ashx?action=view_comment_count&amp;channel_id=1&amp;id=119"></script></span>'
     '<span>浏览：<script src="/tools/submit_ajax.ashx?action=view_article_click&amp;channel_id=1&amp;id=119&amp;click=1"></script>次</span>',
     "http://www.dyrm.test/tools/submit_ajax.ashx?action=view_article_click&channel_id=1&id=119&click=1"),
    # the views icon instead of a label
    ('<span><i class="iconfont icon-view"></i><script src="/tools/submit_ajax.ashx?action=view_article_click&amp;id=119"></script></span>',
     "http://www.dyrm.test/tools/submit_ajax.ashx?action=view_article_click&id=119"),
    # MetInfo 7
    ('点击次数：<script class="met_hits" src="/hits/?lang=cn&type=news&vid=119&list=0"></script>',
     "http://www.dyrm.test/hits/?lang=cn&type=news&vid=119&list=0"),
    # TRS-style count/visit.jsp answering document.write("N")
    ('浏览次数：<script language="javascript" src="../../count/visit.jsp?docid=40231"></script>',
     "http://www.dyrm.test/news/count/visit.jsp?docid=40231"),
    # a label in its own element, the script right after it
    ('<span class="lbl">阅读量：</span><script src="/cms/stat/pv.do?articleId=5521"></script>',
     "http://www.dyrm.test/cms/stat/pv.do?articleId=5521"),
    # an endpoint no rule names, after 访问
    ('访问：<script src="/api/a.ashx?m=v&aid=119"></script>', "http://www.dyrm.test/api/a.ashx?m=v&aid=119"),
    # 博达 VSB
    ('点击：<script>_showDynClicks("wbnews", 1633305478, 5560)</script>',
     "http://www.dyrm.test/system/resource/code/news/click/dynclicks.jsp?clickid=5560&owner=1633305478&clicktype=wbnews"),
])
def test_a_script_after_a_views_label_is_the_counter(meta, counter):
    fields = extract_article(page(article(meta="发布时间：2024-10-30 09:15 " + meta)), URL)
    assert (fields["counter_url"], fields["view_count"], fields["view_count_raw"]) == (counter, None, None)
    assert fields["content"] == CONTENT


@pytest.mark.parametrize("meta", [
    '点击：<script src="http://tj.cmstat.test/count.php?id=119"></script>',
    '浏览次数：<script src="https://stat.example.com/hits.asp?id=119"></script>次',
    '<script src="http://count.other.test/plus/count.php?view=yes&aid=119"></script>',
])
def test_a_counter_on_another_site_is_not_requested(meta):
    fields = extract_article(page(article(meta="发布时间：2024-10-30 09:15 " + meta)), URL)
    assert (fields["counter_url"], fields["view_count"], fields["view_count_raw"]) == (None, None, None)
    assert fields["content"] == CONTENT and fields["title"] == TITLE  # the article is still archived


def test_a_counter_on_a_sibling_host_of_the_same_site_counts():
    assert same_site("http://tj.dyrm.test/count.php?id=1", URL)
    assert same_site("http://count.h.com.cn/c.jsp?id=1", "http://www.h.com.cn/a.html")
    assert not same_site("http://count.g.com.cn/c.jsp?id=1", "http://www.h.com.cn/a.html")


@pytest.mark.parametrize("meta", ['浏览次数：<span id="hits"></span>次', "阅读：次", "点击数： 次"])
def test_a_views_label_without_a_number_states_none(meta):
    fields = extract_article(page(article(meta="发布时间：2024-10-30 09:15 " + meta)), URL)
    assert (fields["view_count"], fields["view_count_raw"], fields["counter_url"]) == (None, None, None)


def test_scripts_that_are_no_counter_stay_unrequested():
    html = page(article(meta='发布时间：2024-10-30 <script src="/js/jquery-1.8.3.min.js"></script>'
                             '<script src="/tools/submit_ajax.ashx?action=view_comment_count&id=119"></script>人评论'))
    assert find_counter_url(html, URL) is None


# --- crumbs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("crumbs", [
    '<div class="location"><span>当前位置：</span><a href="/">首页</a> &gt; <a href="/news/">新闻资讯</a> &gt; <a href="/news/l1.html">医院新闻</a></div>',
    '<div class="bar"><em>您的位置：</em><a href="/">首页</a> » <a href="/news/">新闻资讯</a> » <a href="/l1">医院新闻</a></div>',
    '<p><strong>当前位置:</strong> <a href="/">首页</a> &gt; <a href="/news/">新闻资讯</a> &gt; 医院新闻</p>',
    '<div class="dqwz">当前位置：<a href="/">首页</a> &gt; <a href="/news/">新闻资讯</a> &gt; 医院新闻 &gt; 正文</div>',
])
def test_crumb_labels_in_their_own_element_still_give_the_category(crumbs):
    assert extract_article(page(article(), before=crumbs), URL)["category"] == "医院新闻"


# --- caption placeholders ----------------------------------------------------------------------------

@pytest.mark.parametrize("placeholder", ["请输入图片描述", "图片描述", "点击输入图片标题（最多18字）", "输入图片说明", "（图片说明）"])
def test_editor_placeholders_are_no_captions(placeholder):
    assert is_caption_placeholder(placeholder)
    root = parse_document(f'<div><p>{P1}</p><p><img src="/u/1.jpg"></p><p>{placeholder}</p><p>{P2}</p>'
                          f'<img src="/u/2.jpg" title="{placeholder}"><p style="text-align:center">义诊现场</p></div>')
    body = extract_body(root.find(".//div"), URL)
    assert body.images == [{"url": "http://www.dyrm.test/u/1.jpg", "caption": None},
                           {"url": "http://www.dyrm.test/u/2.jpg", "caption": "义诊现场"}]
    assert body.paragraphs == [P1, P2]


@pytest.mark.parametrize("caption", ["专家为市民测量血压", "图片说明了活动的热烈场面", "描述", "说明"])
def test_real_captions_are_kept(caption):
    assert not is_caption_placeholder(caption)


# --- headings ------------------------------------------------------------------------------------

SITE_ONLY = "东岳市人民医院"


@pytest.mark.parametrize("holder", ['<div class="article-header">{h}</div>', '<header class="news-head">{h}</header>',
                                    '<div id="header_title">{h}</div>', '<div class="detail-hd">{h}</div>',
                                    '<div class="header">{h}</div>', '<header>{h}</header>'])
def test_an_h1_in_a_header_or_title_container_is_the_headline(holder):
    heading = holder.format(h=f"<h1>{TITLE}</h1>")
    body = f"<p><strong>一、义诊现场</strong></p>{BODY}"
    fields = extract_article(page(article(heading=heading, body=body), page_title=SITE_ONLY), URL)
    assert fields["title"] == TITLE
    assert fields["publish_time"] == "2024-10-30T09:15:00+08:00"


def test_a_logo_heading_in_the_page_header_is_no_headline():
    html = page(article(heading=f'<div class="tit">{TITLE}</div>'), page_title=SITE_ONLY).replace(
        '<div class="logo"><h1>东岳市人民医院</h1></div>', "").replace('<div class="header">', '<div class="header"><h1>东岳市人民医院</h1>')
    assert extract_article(html, URL)["title"] == TITLE


@pytest.mark.parametrize("caption", ['<p style="text-align:center"><strong>神经内科专家为市民讲解卒中识别方法</strong></p>',
                                     '<p><b>一、卒中的早期识别</b></p>', '<div align="center"><font color="red"><b>图为义诊活动现场照片</b></font></div>'])
def test_a_bold_caption_in_the_body_never_is_the_headline(caption):
    body = f'<p>{P1}</p><p><img src="/u/1.jpg"></p>{caption}<p>{P2}</p><p>{P3}</p>'
    heading = f'<div id="title"><h2>{TITLE}</h2></div>'
    fields = extract_article(page(article(heading=heading, body=body), page_title=SITE_ONLY), URL)
    assert fields["title"] == TITLE


@pytest.mark.parametrize("repeat", [
    f'<p style="text-align:center"><strong>{TITLE}</strong></p>',
    f'<p align="center"><b>{TITLE}</b></p><p align="center"><b>——神经内科走进门诊大厅</b></p>',
    f'<p style="text-align: center;"><strong>健康同行</strong></p><p style="text-align: center;"><strong>{TITLE}</strong></p>',
    f"<center><strong>{TITLE}</strong></center>",
])
def test_a_body_repeating_the_headline_hides_neither_meta_line_nor_text(repeat):
    heading = f'<td class="STYLE8">{TITLE}</td>'
    html = page(f'<table><tr>{heading}</tr><tr><td>来源: | 发布时间: 2024-10-30 | 浏览次数: 12</td></tr>'
                f'<tr><td><div id="vsb_content">{repeat}{BODY}</div></td></tr></table>',
                page_title=TITLE + "-纪检监察")
    fields = extract_article(html, URL)
    assert (fields["title"], fields["publish_time"], fields["view_count"]) == (TITLE, "2024-10-30T00:00:00+08:00", 12)
    assert fields["content"] == CONTENT


def test_a_subheading_after_the_repeated_headline_stays():
    repeat = f'<p style="text-align:center"><strong>{TITLE}</strong></p><p style="text-align:center"><strong>一、活动概况</strong></p>'
    fields = extract_article(page(article(body=repeat + BODY)), URL)
    assert fields["content"] == "一、活动概况\n" + CONTENT


@pytest.mark.parametrize("headline", ["义诊进社区 健康送到家", "凝心聚力谋发展　砥砺奋进新征程", "党建引领 医心为民"])
def test_word_spaces_in_a_headline_are_kept(headline):
    fields = extract_article(page(article(heading=f"<h2>{headline}</h2>"), page_title=headline + "_东岳市人民医院"), URL)
    assert clean_heading(fields["title"]) == " ".join(headline.replace("\u3000", " ").split())


# --- printed-page text -------------------------------------------------------------------------------

@pytest.mark.parametrize("indent", ["\u3000\u3000", "    ", "  "])
def test_a_first_line_indent_starts_a_paragraph_without_a_blank_line(indent):
    text = (f"{indent}本报讯 近日，市人民医院心内科成功\n为一名高龄患者实施了手术。\n"
            f"{indent}一、多学科协作\n{indent}术前，多学科团队共同讨\n论，制定了手术方案。\n")
    assert repair_print_text(text).split("\n") == [
        "本报讯 近日，市人民医院心内科成功为一名高龄患者实施了手术。", "一、多学科协作", "术前，多学科团队共同讨论，制定了手术方案。"]


def test_a_uniform_indent_says_nothing():
    text = "  术前，多学科团队共同讨\n  论，制定了手术方案。\n"
    assert repair_print_text(text) == "术前，多学科团队共同讨论，制定了手术方案。"


@pytest.mark.parametrize(("lines", "joined"), [
    (["医院于20", "24年启用新楼。"], "医院于2024年启用新楼。"),
    (["共服务1,2", "00人次。"], "共服务1,200人次。"),
    (["使用 PET", "CT 检查。"], "使用PET CT检查。"),  # Latin words keep their space
])
def test_a_number_split_by_the_wrap_joins_without_a_space(lines, joined):
    assert repair_print_text("\n".join(lines)) == joined


def test_a_short_last_line_ending_a_sentence_ends_the_paragraph():
    text = ("术前，心内科、心外科、麻醉科等多\n学科团队共同讨论，制定了详细的手\n术方案。\n"
            "手术历时约一个半小时，患者术后恢\n复良好，已于术后第三天顺利出院。")
    assert repair_print_text(text).split("\n") == ["术前，心内科、心外科、麻醉科等多学科团队共同讨论，制定了详细的手术方案。",
                                                   "手术历时约一个半小时，患者术后恢复良好，已于术后第三天顺利出院。"]


# --- one extraction path -------------------------------------------------------------------------------

def test_a_dedicated_spiders_selectors_are_hints_to_the_one_extractor():
    """A dedicated spider gets every fix of the generic extractor: here a body repeating its headline and a
    views counter behind a label, which its selectors alone never read."""
    from scrapy.http import HtmlResponse

    from hospitalnews.spiders.base import HospitalNewsSpider

    class Declared(HospitalNewsSpider):
        name = "declared_test"
        site_name = "东岳市人民医院"
        title_css = ".article h2"
        meta_css = ".article .info"
        body_css = ".article .content"
        breadcrumb_css = ".crumbs"

    meta = '发布时间：2024-10-30 09:15 浏览：<script src="/hits/?type=news&vid=119"></script>'
    body = f'<p style="text-align:center"><strong>{TITLE}</strong></p>{BODY}<p>编辑：赵敏</p>'
    html = page(article(meta=meta, body=body),
                before='<div class="crumbs"><a href="/">首页</a> &gt; <a href="/news/">医院新闻</a></div>')
    response = HtmlResponse(URL, body=html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8"})
    item = Declared().extract_article(response, None)
    fields = extract_article(html.encode("utf-8"), URL, overrides=Declared().selector_hints())
    assert (item.title, item.category, item.publish_time, item.content) == (
        TITLE, "医院新闻", "2024-10-30T09:15:00+08:00", CONTENT)
    assert item.authors == fields["authors"] == [{"name": "赵敏", "role": "编辑"}]
    assert fields["counter_url"] == "http://www.dyrm.test/hits/?type=news&vid=119"


def test_a_spider_declaring_nothing_gets_the_generic_extractor():
    """The base defaults (title_css = "h1") are no declaration: the logo's <h1> never becomes the title."""
    from scrapy.http import HtmlResponse

    from hospitalnews.spiders.base import HospitalNewsSpider

    class Bare(HospitalNewsSpider):
        name = "bare_test"

    assert Bare().selector_hints() == {}
    html = page(article())
    item = Bare().extract_article(HtmlResponse(URL, body=html.encode("utf-8")), None)
    assert (item.title, item.content) == (TITLE, CONTENT)
