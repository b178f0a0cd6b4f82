"""Table tests of the detail-page extraction parts: titles, dates near the title, counters, encodings,
the main-content finder, credits. Pages are built from one template that has every trap a real
template has: a logo heading, a "热点新闻" sidebar with dates, prev/next links with titles and dates,
and a footer with a date."""

import pytest
from lxml import html

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.content import find_main_content
from hospitalnews.extract.counters import find_counter_url, parse_counter_response
from hospitalnews.extract.encoding import decode_html, detect_encoding
from hospitalnews.extract.title import strip_site_suffix

TITLE = "我院举办胸痛中心建设研讨会"
P1 = "3月16日，我院在门诊楼学术报告厅举办胸痛中心建设研讨会，来自全市各县区医院的120余名医务人员参加会议。"
P2 = "会上，心内科主任围绕胸痛中心质控指标作了专题报告，急诊科、导管室负责同志分别介绍了流程优化经验。"
BODY = f"<p>{P1}</p><p>{P2}</p>"
URL = "http://www.t.test/xwzx/yydt/123.html"

PAGE = """<html><head><meta charset="utf-8"><title>{page_title}</title>{head}</head><body>
<div class="header"><div class="logo"><h1>泰山市人民医院</h1></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/xwzx/">新闻中心</a></li><li><a href="/ksdh/">科室导航</a></li></ul></div>
<div class="wrap"><div class="side"><h3>热点新闻</h3><ul>
<li><a href="/a/1.html">我院荣获全省改善医疗服务示范医院称号</a><span>2021-01-05</span></li>
<li><a href="/a/2.html">我院召开2020年度总结表彰大会</a><span>2021-01-02</span></li>
<li><a href="/a/3.html">我院举办冬季消防安全培训</a><span>2020-12-28</span></li></ul></div>
<div class="main">{crumbs}{article}
<div class="prenext"><p>上一篇：<a href="/a/4.html">我院开展义诊进社区活动</a> 2020-12-20</p>
<p>下一篇：<a href="/a/5.html">我院新增两个省级重点专科</a> 2020-12-30</p></div></div></div>
<div class="footer">Copyright 2024 泰山市人民医院 更新时间：2024-05-06 地址：东岳大街1号</div></body></html>"""


def page(article, page_title=TITLE + "_新闻中心_泰山市人民医院", head="", crumbs=""):
    return PAGE.format(article=article, page_title=page_title, head=head, crumbs=crumbs)


# --- titles -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("page_title", "expected"), [
    ("标题-某某医院", "标题"),
    ("标题_新闻中心_某某医院", "标题"),
    ("标题 | 某某医院", "标题"),
    ("标题 - 山东省立医院", "标题"),
    ("COVID-19防控要点--泰安市中医医院", "COVID-19防控要点"),
    ("“世界卫生日”——主题义诊活动", "“世界卫生日”——主题义诊活动"),   # a dash inside the title stays
    ("我院举办A-B型血友病讲座", "我院举办A-B型血友病讲座"),
    ("标题", "标题"),
])
def test_strip_site_suffix(page_title, expected):
    assert strip_site_suffix(page_title) == expected


@pytest.mark.parametrize(("name", "article", "page_title"), [
    ("h1 beats the logo h1", f"<h1>{TITLE}</h1><div class='content'>{BODY}</div>", None),
    ("h2 under a logo h1", f"<h2>{TITLE}</h2><div class='content'>{BODY}</div>", None),
    ("title-classed div", f"<div class='news_title'>{TITLE}</div><div class='news_con'>{BODY}</div>", None),
    ("<title> is only the site name", f"<div class='tit'>{TITLE}</div><div class='text'>{BODY}</div>", "泰山市人民医院"),
    ("no heading at all: <title> minus the site name", f"<div>{BODY}</div>", None),
    ("heading shorter than <title>", f"<h1>{TITLE}</h1><div>{BODY}</div>", TITLE + "（图）_泰山市人民医院"),
])
def test_title(name, article, page_title):
    html_text = page(article, page_title=page_title or TITLE + "_新闻中心_泰山市人民医院")
    assert extract_article(html_text, URL)["title"] == TITLE, name


def test_title_is_never_a_prev_next_or_sidebar_title():
    # The page's own heading is missing; the sidebar and prev/next titles must not stand in.
    fields = extract_article(page(f"<div class='content'>{BODY}</div>", page_title=TITLE + "-泰山市人民医院"), URL)
    assert fields["title"] == TITLE


# --- dates near the title ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "article", "head", "listing_date", "raw", "iso"), [
    ("labelled 时/分", f"<h2>{TITLE}</h2><div class='info'>发布时间：2023年5月6日 9时30分 来源：心内科</div><div class='content'>{BODY}</div>",
     "", None, "2023年5月6日 9时30分", "2023-05-06T09:30:00+08:00"),
    ("labelled, not zero-padded", f"<h1>{TITLE}</h1><div>发布时间:2024-3-18 8:55:27 浏览次数:12</div><div class='text'>{BODY}</div>",
     "", None, "2024-3-18 8:55:27", "2024-03-18T08:55:27+08:00"),
    ("bare date under the title", f"<div><h3>{TITLE}</h3><p>2024-03-05</p>{BODY}</div>",
     "", None, "2024-03-05", "2024-03-05T00:00:00+08:00"),
    ("unlabelled date in a meta line", f"<h1>{TITLE}</h1><div><span>2025年04月10日 09:12</span> <span>来源：宣传科</span></div><div class='content'>{BODY}</div>",
     "", None, "2025年04月10日 09:12", "2025-04-10T09:12:00+08:00"),
    ("meta tag only", f"<h1>{TITLE}</h1><div id='zoom'>{BODY}</div>",
     '<meta name="publishdate" content="2023-09-09">', None, "2023-09-09", "2023-09-09T00:00:00+08:00"),
    ("article:published_time in UTC", f"<h1>{TITLE}</h1><div class='entry-content'>{BODY}</div>",
     '<meta property="article:published_time" content="2024-03-18T06:30:00+00:00">', None,
     "2024-03-18T06:30:00+00:00", "2024-03-18T14:30:00+08:00"),
    ("PubDate meta gives the time a dateless line lacks", f"<h1>{TITLE}</h1><div>发布日期：2025-10-29</div><div id='zoom'>{BODY}</div>",
     '<meta name="PubDate" content="2025-10-29 10:05">', None, "2025-10-29 10:05", "2025-10-29T10:05:00+08:00"),
    ("yearless, year from the list", f"<div class='article'><div class='tit'>{TITLE}</div><div>日期：03-18 08:55</div><div class='text'>{BODY}</div></div>",
     "", "2024-03-18", "03-18 08:55", "2024-03-18T08:55:00+08:00"),
    ("no date on the page: the list date", f"<h1>{TITLE}</h1><div class='content'>{BODY}</div>",
     "", "2024-03-18", "2024-03-18", "2024-03-18T00:00:00+08:00"),
    ("never a sidebar, prev/next or footer date", f"<h1>{TITLE}</h1><div class='content'>{BODY}</div>",
     "", None, None, None),
])
def test_publish_time(name, article, head, listing_date, raw, iso):
    fields = extract_article(page(article, head=head), URL, listing_date=listing_date)
    assert (fields["publish_time_raw"], fields["publish_time"]) == (raw, iso), name


# --- credits, sources, views, body --------------------------------------------------------------------

@pytest.mark.parametrize(("name", "article", "authors", "content"), [
    ("meta-line author, 文/图 line, trailing byline and editors",
     f"<h1>{TITLE}</h1><div class='info'>作者：张三 时间：2024-01-02</div><div class='content'><p>文/李四 图/王五</p>{BODY}"
     "<p>（通讯员 赵六 记者 孙七）</p><p>编辑：周八 审核：吴九</p></div>",
     [("张三", "作者"), ("李四", "作者"), ("王五", "摄影"), ("赵六", "通讯员"), ("孙七", "记者"), ("周八", "编辑"), ("吴九", "审核")],
     f"{P1}\n{P2}"),
    ("leading newspaper byline removed from the text; 责任编辑 is an editor",
     f"<h1>{TITLE}</h1><div class='content'><p>本报讯（通讯员 张三 记者 李四）{P1}</p><p>{P2}</p><p>责任编辑：王五</p></div>",
     [("张三", "通讯员"), ("李四", "记者"), ("王五", "编辑")], f"{P1}\n{P2}"),
    ("撰稿/摄影 at the end",
     f"<h1>{TITLE}</h1><div class='content'>{BODY}<p>撰稿：王五 摄影：赵六</p></div>",
     [("王五", "作者"), ("赵六", "摄影")], f"{P1}\n{P2}"),
])
def test_authors_and_content(name, article, authors, content):
    fields = extract_article(page(article), URL)
    assert [(a["name"], a["role"]) for a in fields["authors"]] == authors, name
    assert fields["content"] == content, name


@pytest.mark.parametrize(("line", "source", "view_count_raw", "view_count"), [
    ("来源：心内科 点击：88", "心内科", "88", 88),
    ("信息来源：院办 阅读量：1.2万", "院办", "1.2万", 12000),
    ("文章来源: 护理部 | 浏览次数: 1,234", "护理部", "1,234", 1234),
    ("发布日期：2024-2-3 访问量：0", None, "0", 0),
])
def test_meta_line_fields(line, source, view_count_raw, view_count):
    fields = extract_article(page(f"<h1>{TITLE}</h1><div class='info'>{line}</div><div class='content'>{BODY}</div>"), URL)
    assert (fields["source"], fields["view_count_raw"], fields["view_count"]) == (source, view_count_raw, view_count)


def test_share_bar_prev_next_and_caption_inside_the_body():
    article = (f"<h1>{TITLE}</h1><div class='entry-content'><p>{P1}</p><figure><img src='/u/a.jpg'><figcaption>研讨会现场</figcaption></figure>"
               f"<p>{P2}</p><div class='share'>分享到：<a href='#'>微信</a><a href='#'>微博</a></div>"
               "<p>上一篇：<a href='/a/4.html'>我院开展义诊进社区活动</a></p><p>附件：<a href='/u/简章.docx'>招聘简章.docx</a></p></div>")
    fields = extract_article(page(article), URL)
    assert fields["content"] == f"{P1}\n{P2}"
    assert fields["images"] == [{"url": "http://www.t.test/u/a.jpg", "caption": "研讨会现场"}]
    assert fields["attachments"] == [{"url": "http://www.t.test/u/简章.docx", "name": "招聘简章.docx"}]


def test_attachment_named_only_by_its_link_text():
    article = (f"<h1>{TITLE}</h1><div id='vsb_content'>{BODY}</div>"
               "<p>附件【<a href='/system/_content/download.jsp?wbfileid=123'>2025年招聘简章.pdf</a>】</p>")
    fields = extract_article(page(f"<form name='_newscontent_fromname'>{article}</form>"), URL)
    assert fields["attachments"] == [{"url": "http://www.t.test/system/_content/download.jsp?wbfileid=123", "name": "2025年招聘简章.pdf"}]


@pytest.mark.parametrize(("crumbs", "category"), [
    ("<div class='position'>当前位置：<a href='/'>首页</a> &gt; <a href='/xwzx/'>新闻中心</a> &gt; <a href='/xwzx/yydt/'>医院动态</a></div>", "医院动态"),
    ("<div class='location'>您的位置: <a href='/'>首页</a><a href='/news'>新闻中心</a><a href='/news_hos'>医院新闻</a>详细</div>", "医院新闻"),
    ("<p>当前位置：<a href='/'>首页</a> » <a href='/mtbd/'>媒体报道</a> » 正文</p>", "媒体报道"),
    ("<div class='pos'>您所在的位置：<a href='/'>首页</a> &gt; <a href='/rczp/'>人才招聘</a></div>", "人才招聘"),
    ("<div class='bread'>首页 / <a href='/xwzx/'>新闻中心</a> / <a href='/xwzx/ywdt/'>院务动态</a></div>", "院务动态"),
    ("", None),
])
def test_category_is_the_breadcrumb_leaf(crumbs, category):
    fields = extract_article(page(f"<h1>{TITLE}</h1><div class='content'>{BODY}</div>", crumbs=crumbs), URL)
    assert fields["category"] == category


def test_summary_is_the_pages_own_description_not_the_sites():
    own = page(f"<h1>{TITLE}</h1><div class='content'>{BODY}</div>", head=f'<meta name="description" content="{P1[:40]}">')
    site_wide = page(f"<h1>{TITLE}</h1><div class='content'>{BODY}</div>", head='<meta name="description" content="泰山市人民医院是一所三级甲等综合医院">')
    assert extract_article(own, URL)["summary"] == P1[:40]
    assert extract_article(site_wide, URL)["summary"] is None


def test_meta_line_under_the_body_but_never_the_footers_update_time():
    below = page(f"<div class='art'><h1>{TITLE}</h1><div class='content'>{BODY}</div><div class='fbsj'>发布时间：2022-06-01 来源：院办</div></div>")
    assert (extract_article(below, URL)["publish_time_raw"], extract_article(below, URL)["source"]) == ("2022-06-01", "院办")


def test_meta_line_nested_in_the_heading():
    article = (f"<h1>{TITLE}<br /><span>发布时间：2024-02-26 15:02:11&nbsp;来源：护理部&nbsp;评论：<a href='#c'>0</a> "
               f"点击：<span id='hits'></span></span></h1><div class='content'>{BODY}<p style='text-align:right'>2024年2月26日</p></div>")
    fields = extract_article(page(article), URL)
    assert (fields["title"], fields["publish_time_raw"], fields["source"]) == (TITLE, "2024-02-26 15:02:11", "护理部")
    assert fields["content"].endswith("\n2024年2月26日")  # a notice's signature date is content


def test_main_content_beats_a_sidebar_of_links_and_a_short_intro():
    root = html.fromstring(page(f"<h1>{TITLE}</h1><div class='detail'>{BODY}</div>"))
    assert find_main_content(root).get("class") == "detail"


# --- counters ---------------------------------------------------------------------------------------

PAGE_URL = "http://www.h.test/a/yydt/2023/1102/1287.html"


@pytest.mark.parametrize(("snippet", "counter_url"), [
    ('<script src="/plus/count.php?view=yes&aid=1287&mid=1" type="text/javascript"></script>',
     "http://www.h.test/plus/count.php?view=yes&aid=1287&mid=1"),                                # DedeCMS
    ('<script language="javascript" src="http://www.h.test/api.php?op=count&id=55&modelid=1"></script>',
     "http://www.h.test/api.php?op=count&id=55&modelid=1"),                                       # PHPCMS
    ('<script src="/e/public/ViewClick/?classid=3&id=77&addclick=1"></script>',
     "http://www.h.test/e/public/ViewClick/?classid=3&id=77&addclick=1"),                         # EmpireCMS
    ('点击：<span><script>_showDynClicks("wbnews", 1492531234, 5678)</script></span>',
     "http://www.h.test/system/resource/code/news/click/dynclicks.jsp?clickid=5678&owner=1492531234&clicktype=wbnews"),  # 博达 VSB
    ('<script src="/module/visitcount/articlehits.jsp?colid=4584&artid=60353"></script>',
     "http://www.h.test/module/visitcount/articlehits.jsp?colid=4584&artid=60353"),               # 大汉 JCMS
    ('<script src="../../inc/hits.asp?id=321"></script>', "http://www.h.test/a/yydt/inc/hits.asp?id=321"),
    ('<script src="/js/jquery.min.js"></script><p>浏览次数：12</p>', None),
])
def test_find_counter_url(snippet, counter_url):
    assert find_counter_url(f"<html><body>{snippet}</body></html>", PAGE_URL) == counter_url


@pytest.mark.parametrize(("response", "count"), [
    ("document.write('123');", 123),
    ("document.write(\"1,234\")", 1234),
    ("$('#todaydowns').html('1');$('#weekdowns').html('3');$('#monthdowns').html('9');$('#hits').html('10450');", 10450),
    ("77", 77),
    ("77\n", 77),
    ('{"hits": "1,234"}', 1234),
    ("document.write('<b>5</b>')", 5),
    ("document.write('')", None),
    ("<html>404 Not Found</html>", None),
    ("", None),
    (b"document.write('9')", 9),
])
def test_parse_counter_response(response, count):
    assert parse_counter_response(response) == count


def test_a_counter_script_leaves_view_count_to_the_spider():
    article = (f"<h1>{TITLE}</h1><div class='info'>点击：<script src='/plus/count.php?view=yes&aid=123&mid=1'></script>次</div>"
               f"<div class='content'>{BODY}</div>")
    fields = extract_article(page(article), URL)
    assert (fields["view_count"], fields["view_count_raw"], fields["counter_url"]) == (
        None, None, "http://www.t.test/plus/count.php?view=yes&aid=123&mid=1")


# --- encodings --------------------------------------------------------------------------------------

DOC = "<html><head>{meta}</head><body><h1>泰安市中医医院召开会议</h1><p>患者满意度调查，喆堃。</p></body></html>"


@pytest.mark.parametrize(("name", "meta", "encoding", "declared", "codec"), [
    ("utf-8, declared", '<meta charset="utf-8">', "utf-8", None, "utf-8"),
    ("gb2312 meta → gb18030", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gb18030", None, "gb18030"),
    ("gbk bytes, no charset anywhere", "", "gb18030", None, "gb18030"),
    ("gbk bytes, <meta> says utf-8", '<meta charset="utf-8">', "gb18030", None, "gb18030"),
    ("utf-8 bytes, <meta> says gb2312", '<meta charset="gb2312">', "utf-8", None, "utf-8"),
    ("gbk bytes, HTTP header says GBK", "", "gb18030", "GBK", "gb18030"),
    ("utf-8 bytes, HTTP header says iso-8859-1", "", "utf-8", "iso-8859-1", "utf-8"),
])
def test_decode_html(name, meta, encoding, declared, codec):
    text = DOC.format(meta=meta)
    body = text.encode(encoding)
    assert detect_encoding(body, declared) == codec, name
    assert decode_html(body, declared) == text, name


def test_decode_html_strips_a_bom_whatever_the_meta_says():
    text = DOC.format(meta='<meta charset="gbk">')
    assert decode_html(b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_a_short_article_beats_a_long_hospital_intro_in_the_sidebar():
    intro = ("<div class='yyjj'><h3>医院简介</h3><p>泰山市人民医院始建于1949年，是一所集医疗、教学、科研、预防、保健、康复于一体的"
             "三级甲等综合医院。医院占地面积200亩，开放床位2000张，设有临床科室46个、医技科室12个，年门诊量120万人次。"
             "医院先后荣获全国文明单位、全国卫生系统先进集体等荣誉称号。</p><a href='/yygk/'>更多</a></div>")
    html_text = page(f"<h1>{TITLE}</h1><div class='info'>发布时间：2024-03-18</div><div class='nr'><p>{P1}</p></div>")
    fields = extract_article(html_text.replace('<div class="side">', '<div class="side">' + intro), URL)
    assert fields["content"] == P1


def test_overrides_from_the_registry_win():
    article = (f"<div class='a'>不是标题的横幅文字</div><div class='b'>{TITLE}</div><div class='m'>日期 2024.3.18 阅 77</div>"
               f"<div class='x'>{BODY}</div>")
    overrides = {"title_css": ".b", "body_css": ".x", "meta_css": ".m",
                 "counter_url": "/inc/hits.asp?id={id}"}
    fields = extract_article(page(article), "http://www.t.test/xwzx/show.asp?id=4321", overrides=overrides)
    assert fields["title"] == TITLE
    assert fields["content"] == f"{P1}\n{P2}"
    assert fields["publish_time"] == "2024-03-18T00:00:00+08:00"
    assert fields["counter_url"] == "http://www.t.test/inc/hits.asp?id=4321"


def test_an_override_encoding_beats_a_lying_meta_charset():
    text = DOC.format(meta='<meta charset="utf-8">')
    fields = extract_article(text.encode("gb18030"), URL, overrides={"encoding": "gbk"})
    assert fields["title"] == "泰安市中医医院召开会议"


def test_styled_title_of_an_old_table_layout_not_the_footer():
    html_text = ("<html><head><title>新泰市人民医院</title></head><body><table><tr><td class='nav'><a href='/'>首页</a></td></tr>"
                 f"<tr><td align='center'><strong><font style='font-size:18px'>{TITLE}</font></strong></td></tr>"
                 "<tr><td>作者：骨科 时间：2021-9-3 浏览：<font color='red'>156</font></td></tr>"
                 f"<tr><td class='nr'>{P1}<br><br>{P2}</td></tr></table>"
                 "<table><tr><td><font color='#FFFFFF'>新泰市人民医院 版权所有 地址：新泰市青云路</font></td></tr></table></body></html>")
    fields = extract_article(html_text.encode("gbk"), URL)
    assert (fields["title"], fields["publish_time_raw"], fields["view_count_raw"]) == (TITLE, "2021-9-3", "156")
    assert fields["authors"] == [{"name": "骨科", "role": "作者"}]


@pytest.mark.parametrize(("line", "raw", "views"), [
    ("<span class='date'>[2024-03-18]</span> <span>阅读 123 次</span>", "2024-03-18", "123"),
    ("发布日期：2024-03-18 浏览(456)", "2024-03-18", "456"),
    ("2024-03-18 10:00 | 来源：宣传科 | 作者：刘洋 | 阅读：12", "2024-03-18 10:00", "12"),
])
def test_counts_and_dates_stated_without_colons(line, raw, views):
    fields = extract_article(page(f"<h1>{TITLE}</h1><div class='sub'>{line}</div><div class='content'>{BODY}</div>"), URL)
    assert (fields["publish_time_raw"], fields["view_count_raw"]) == (raw, views)


def test_trs_meta_tag_with_a_hyphen_before_the_time():
    fields = extract_article(page(f"<h1>{TITLE}</h1><div class='content'>{BODY}</div>",
                                  head='<meta name="firstpublishedtime" content="2024-02-02-10:20:30">'), URL)
    assert fields["publish_time"] == "2024-02-02T10:20:30+08:00"


def test_a_description_that_names_the_site_is_no_summary():
    html_text = page(f"<h1>{TITLE}</h1><div class='content'>{BODY}<p>泰山市人民医院供稿。</p></div>",
                     head='<meta name="description" content="泰山市人民医院">')
    assert extract_article(html_text, URL)["summary"] is None


@pytest.mark.parametrize("body", [b"", b"   ", b"<html></html>", b"plain text", b'<?xml version="1.0"?><rss></rss>',
                                  b"<frameset><frame src='a.html'></frameset>"])
def test_pages_without_an_article_give_empty_fields_not_errors(body):
    fields = extract_article(body, URL)
    assert (fields["title"], fields["publish_time"], fields["authors"], fields["images"]) == (None, None, [], [])


@pytest.mark.parametrize(("text", "found"), [
    ("2025年04月10日 09:12 来源：宣传科 点击：", "2025年04月10日 09:12"),
    ("发布：2023年5月6日 9时30分 来源", "2023年5月6日 9时30分"),
    ("2024-3-18 8:55:27作者", "2024-3-18 8:55:27"),
    ("2024-02-02-10:20:30", "2024-02-02-10:20:30"),
    ("03-18 08:55", None),
    (None, None),
])
def test_find_date_text(text, found):
    from hospitalnews.extract.dates import find_date_text
    assert find_date_text(text) == found


def test_comment_count_ends_the_source():
    from hospitalnews.extract.metaline import parse_meta_line
    assert parse_meta_line("来源：护理部 评论：0 点击：12").source_raw == "护理部"


@pytest.mark.parametrize(("img", "kept"), [
    ("<img src='/uploads/2024/03/a.jpg'>", True),
    ("<img src='/uploads/2024/03/a.jpg' width='600' height='400'>", True),
    ("<img src='/images/icon_pdf.gif'>", False),
    ("<img src='/system/_content/images/icons/doc.gif'>", False),
    ("<img src='/images/xls.png'>", False),
    ("<img src='/uploads/b.jpg' width='16' height='16'>", False),
    ("<img src='/images/spacer.gif'>", False),
])
def test_icons_are_no_images(img, kept):
    fields = extract_article(page(f"<h1>{TITLE}</h1><div class='content'><p>{P1}</p><p>{img}</p><p>{P2}</p></div>"), URL)
    assert bool(fields["images"]) is kept


@pytest.mark.parametrize(("credit", "authors"), [
    ("作者：佚名", []),
    ("作者：admin", []),
    ("作者：未知 来源：本站", []),
    ("作者：儿科 刘敏", [("刘敏", "作者")]),        # the department beside a person is no author
    ("作者：骨科", [("骨科", "作者")]),             # a department alone is what the page credits
    ("原作者: 医务科", [("医务科", "作者")]),         # Discuz
    ("撰稿：王五 摄影：赵六 编辑：孙七 审核：周八", [("王五", "作者"), ("赵六", "摄影"), ("孙七", "编辑"), ("周八", "审核")]),
])
def test_credits_in_the_meta_line(credit, authors):
    fields = extract_article(page(f"<h1>{TITLE}</h1><div class='info'>时间：2024-01-02 {credit}</div><div class='content'>{BODY}</div>"), URL)
    assert [(a["name"], a["role"]) for a in fields["authors"]] == authors


@pytest.mark.parametrize(("raw", "iso"), [
    ("2023/11/14下午3:20:15", "2023-11-14T15:20:15+08:00"),
    ("2023/11/14 上午 9:05:00", "2023-11-14T09:05:00+08:00"),
    ("2023/11/14 3:20:15 PM", "2023-11-14T15:20:15+08:00"),
    ("2023/11/14 12:05 AM", "2023-11-14T00:05:00+08:00"),
    ("2024-02-02-10:20:30", "2024-02-02T10:20:30+08:00"),
])
def test_windows_and_trs_time_forms(raw, iso):
    from hospitalnews.extract.dates import isoformat, parse_publish_time
    assert isoformat(parse_publish_time(raw, use_dateparser=False)) == iso


def test_a_pipe_ends_a_value_and_a_label_alone_in_its_cell_takes_the_next():
    line = "<div class='attr'>发布日期：2024年2月5日 | 稿源：医务部 | 点击数(1,024)</div>"
    fields = extract_article(page(f"<h1>{TITLE}</h1>{line}<div class='content'>{BODY}</div>"), URL)
    assert (fields["source"], fields["view_count_raw"]) == ("医务部", "1,024")
    cells = "<table><tr><td>来源：</td><td>疼痛科</td><td>浏览次数：</td><td>421</td></tr></table>"
    fields = extract_article(page(f"<h1>{TITLE}</h1>{cells}<div class='content'>{BODY}</div>"), URL)
    assert (fields["source"], fields["view_count_raw"]) == ("疼痛科", "421")


def test_base_href_resolves_images_and_attachments():
    html_text = page(f"<h1>{TITLE}</h1><div class='content'>{BODY}<p><img src='upload/a.jpg'></p><p>现场照片</p>"
                     "<p><a href='files/b.pdf'>通知.pdf</a></p></div>", head="<base href='http://www.t.test/'>")
    fields = extract_article(html_text, "http://www.t.test/info/1121/5678.htm")
    assert fields["images"] == [{"url": "http://www.t.test/upload/a.jpg", "caption": "现场照片"}]
    assert fields["attachments"] == [{"url": "http://www.t.test/files/b.pdf", "name": "通知.pdf"}]


def test_jeecms_counter_and_its_list_answer():
    snippet = '<script>$(function(){ Cms.viewCount("/", "3456"); });</script>'
    assert find_counter_url(snippet, PAGE_URL) == "http://www.h.test/content_view.jspx?contentId=3456"
    assert parse_counter_response("[421,0,0,0]") == 421


def test_icon_fonts_stand_in_for_labels():
    line = ("<p class='news-meta'><span><i class='fa fa-clock-o'></i> 2024-03-05</span> <span><i class='fa fa-user'></i> 宣传科</span>"
            " <span><i class='fa fa-eye'></i> 356</span></p>")
    fields = extract_article(page(f"<h1>{TITLE}</h1>{line}<div class='content'>{BODY}</div>"), URL)
    assert (fields["publish_time_raw"], fields["authors"], fields["view_count_raw"]) == (
        "2024-03-05", [{"name": "宣传科", "role": "作者"}], "356")


@pytest.mark.parametrize(("raw", "source"), [("来源：未知", None), ("来源：不详", None), ("来源：本站原创", "本站原创"), ("稿源：医务部", "医务部")])
def test_source_placeholders(raw, source):
    from hospitalnews.extract.source import normalise_source
    assert normalise_source(raw) == source


@pytest.mark.parametrize(("tail", "authors"), [
    ("<p>（图文：张三）</p>", [("张三", "作者")]),
    ("<p>（文/张三 图/李四）</p>", [("张三", "作者"), ("李四", "摄影")]),
    ("<p>图文/王五</p>", [("王五", "作者")]),
    ("<p>（通讯员：赵六）</p>", [("赵六", "通讯员")]),
    ("<p>文字：孙七 摄影：周八</p>", [("孙七", "作者"), ("周八", "摄影")]),
])
def test_trailing_credit_lines_leave_the_text(tail, authors):
    fields = extract_article(page(f"<h1>{TITLE}</h1><div class='content'>{BODY}{tail}</div>"), URL)
    assert [(a["name"], a["role"]) for a in fields["authors"]] == authors
    assert fields["content"] == f"{P1}\n{P2}"


@pytest.mark.parametrize(("line", "authors"), [
    ("神经内科 赵磊 ｜ 2024年1月8日 ｜ 阅读 2.3k", [("赵磊", "作者")]),
    ("赵磊 | 2024-01-08", [("赵磊", "作者")]),
    ("宣传科 | 2024-01-08 | 阅读 12", []),           # a department alone is a source, not a person
    ("原创 | 2024-01-08", []),
    ("神经内科 赵磊 ｜ 阅读 12", []),                  # no date: not a meta line we read names from
])
def test_unlabelled_author_in_a_dated_meta_line(line, authors):
    fields = extract_article(page(f"<h1>{TITLE}</h1><p class='post-meta'>{line}</p><div class='content'>{BODY}</div>"), URL)
    assert [(a["name"], a["role"]) for a in fields["authors"]] == authors


def test_credits_and_meta_line_under_the_body():
    article = (f"<div class='art'><h1>{TITLE}</h1><div class='content'>{BODY}</div><div class='foot'>"
               "<p>发布时间：2022-10-18 12:00　阅读：1,102</p><p>（供稿：基建处　编辑：孔敏）</p></div>"
               "<div class='pn'><p>上一篇：<a href='/1.html'>我院开展重阳节敬老活动</a> 2022-10-10</p></div></div>")
    fields = extract_article(page(article), URL)
    assert (fields["publish_time_raw"], fields["view_count_raw"], fields["authors"]) == (
        "2022-10-18 12:00", "1,102", [{"name": "孔敏", "role": "编辑"}])


def test_jsonld_date_published_is_a_date_source_even_inside_a_graph():
    from hospitalnews.extract.article import extract_article

    html = ('<html><head><title>标题</title><script type="application/ld+json">{"@graph": [{"@type": "WebPage"},'
            ' {"@type": "NewsArticle", "datePublished": "2024-03-05T02:00:00Z"}]}</script></head>'
            '<body><h1>标题</h1><div class="text"><p>这是一篇足够长的新闻正文，讲述了医院开展的活动。</p></div></body></html>')
    assert extract_article(html, "http://a.test/1.html")["publish_time"] == "2024-03-05T10:00:00+08:00"


def test_qr_codes_are_not_article_images():
    from lxml import html as lxml_html

    from hospitalnews.extract.body import extract_body

    root = lxml_html.fromstring('<div><p>正文第一段，内容足够长。</p><img src="/images/qrcode.png">'
                                '<img src="/upload/ewm.jpg" alt="微信扫一扫"><img src="/upload/a.jpg"><p>义诊现场</p></div>')
    assert extract_body(root, "http://a.test/").images == [{"url": "http://a.test/upload/a.jpg", "caption": "义诊现场"}]


@pytest.mark.parametrize("frame, content", [
    # the site's frame around an article element that stayed empty: its menus are not the body
    ("<div class='nav'><a href='/'>首页</a> <a href='/about'>医院概况</a></div><div class='article'></div>", None),
    ("<ul class='nav'><li><a href='/'>首页</a></li><li><a href='/x/'>新闻 中心</a></li></ul><div id='zoom'></div>", None),
    ("<p><a href='/'>首页</a> &gt; <a href='/news/'>医院新闻</a> | <a href='/a/'>通知公告</a></p><div></div>", None),
    # a page with no sentence block still keeps its own text, links inside it included
    ("<div class='nav'><a href='/'>首页</a></div><div>院庆</div><div>详见<a href='/f.pdf'>附件</a></div>", "院庆\n详见附件"),
])
def test_an_article_frame_without_sentences_has_no_menu_for_body(frame, content):
    page = f"<html><head><meta charset='utf-8'><title>医院</title></head><body>{frame}</body></html>"
    assert extract_article(page.encode("utf-8"), URL)["content"] == content
