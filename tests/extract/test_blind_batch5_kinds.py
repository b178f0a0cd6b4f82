"""Kinds found by the blind batch 216–227 (docs/extraction.md, "Blind batches"): source newlines inside a paragraph
(HTML pasted from Word), a source value running on into the unlabelled meta items after it (Vue/React H5 meta
spans), a breadcrumb whose separators sit in elements named like it (PageAdmin), and meta labels printed alone in
their element with the value in the next one (Drupal field__label / field__item, <dt>/<dd>, <th>/<td>). Each test
tries several forms (spellings, markup, positions) written for these tests, not taken from the batch's pages."""

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.body import extract_body, parse_html
from hospitalnews.extract.metaline import bare_label, parse_meta_line
from hospitalnews.extract.text import clean_text

URL = "http://www.h.test/news/2024/0806/716.html"
P1 = "为进一步提升护理人员临床操作技能，8月6日，护理部在培训中心举办护理技能大赛，56名选手参加比赛。"
P2 = "比赛分为理论考试和技能操作两个环节，评委依据操作规范严格打分，最终评选出一等奖2名、二等奖4名。"
P3 = "护理部主任表示，将以赛促学、以赛促练，持续提升护理队伍的专业素养和服务水平，为患者提供优质护理。"
BODY = f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>"

PAGE = """<html><head><meta charset="utf-8"><title>护理部举办护理技能大赛_东岳医院</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/news/">新闻中心</a></div>{crumb}
<div class="article"><h1>护理部举办护理技能大赛</h1>{meta}
<div class="content">{body}</div>{after}</div></body></html>"""


def _extract(meta="", body=BODY, crumb="", after=""):
    return extract_article(PAGE.format(meta=meta, body=body, crumb=crumb, after=after), URL)


def _content(html: str) -> str:
    """The body's content as the archive holds it (the crawl's text clean-up applied)."""
    return clean_text(extract_body(parse_html(html), URL).content)


# -- source newlines are white space ------------------------------------------------------------------------

@pytest.mark.parametrize("html, want", [
    # Word's MsoNormal paragraph wrapped mid-sentence inside a span
    ("<div><p class=MsoNormal><span style='font-size:16.0pt'>确保节日期间医疗安全和正常医疗\n秩序，满足就医需求。</span></p></div>",
     "确保节日期间医疗安全和正常医疗秩序，满足就医需求。"),
    # CRLF line ends in a tail after an inline element, several wraps in one paragraph
    ("<div><p>门诊部要<b>合理</b>安排\r\n节日期间门诊出诊，急诊科\r\n24小时正常接诊。</p></div>",
     "门诊部要合理安排节日期间门诊出诊，急诊科24小时正常接诊。"),
    # a bare text body (no <p>) wrapped by an old editor: one paragraph until the <br>
    ("<td>发现\n隐患立即整改，\n确保安全。<br>第二段\n文字。</td>", "发现隐患立即整改，确保安全。\n第二段文字。"),
    # between Latin words the newline is one space, as a browser shows it
    ("<div><p>医院引进\nPET-CT\ndevice model X，已投入使用。</p></div>", "医院引进 PET-CT device model X，已投入使用。"),
])
def test_a_source_newline_inside_a_paragraph_is_no_line_break(html, want):
    assert _content(html) == want


@pytest.mark.parametrize("html, want", [
    ("<div><p>正文。</p><pre>第一行\n第二行</pre></div>", "正文。\n第一行\n第二行"),
    ("<div><p style='white-space: pre-wrap'>诗句一\n诗句二</p></div>", "诗句一\n诗句二"),
    ("<div><section style=\"WHITE-SPACE:pre-line\"><span>甲\n乙</span></section></div>", "甲\n乙"),
    # white-space: normal inside a preformatted element makes newlines spaces again
    ("<div><pre>一\n二<span style='white-space:normal'>三\n四</span></pre></div>", "一\n二三四"),
])
def test_preformatted_elements_keep_their_newlines(html, want):
    assert _content(html) == want


def test_br_and_blocks_still_break_lines():
    assert _content("<div><p>第一段<br>换行</p><div>第二\n段</div><p>第三段</p></div>") == "第一段\n换行\n第二段\n第三段"


def test_a_wrapped_paragraph_of_a_whole_page_is_one_paragraph():
    body = "<p>确保节日期间医疗安全和正常医疗\n秩序，满足人民群众节日期间就医需求，\n现将有关事项通知如下：</p>" + BODY
    content = clean_text(_extract(body=body)["content"])
    assert content.split("\n") == ["确保节日期间医疗安全和正常医疗秩序，满足人民群众节日期间就医需求，现将有关事项通知如下：", P1, P2, P3]


# -- a source value ends at the next unlabelled meta item -----------------------------------------------------

@pytest.mark.parametrize("line, source", [
    ("来源：东岳市肿瘤医院 2024-08-06 09:30 阅读 1.3万", "东岳市肿瘤医院"),
    ("来源：东岳市肿瘤医院2024/8/6阅读(256)", "东岳市肿瘤医院"),
    ("文章来源：健康报 2024年8月6日 1.3万阅读", "健康报"),
    ("来源：医务部 · 08-06 09:30 · 256次浏览", "医务部"),
    ("来源：人民网 3小时前", "人民网"),
    ("来源：宣传科 浏览量 1024", "宣传科"),
    ("来源：2024年度宣传处", "2024年度宣传处"),  # a year alone is no date: the value stays
])
def test_a_source_value_ends_at_an_unlabelled_date_or_view_count(line, source):
    assert parse_meta_line(line).source_raw == source


def test_a_credit_value_ends_at_an_unlabelled_date_too():
    assert parse_meta_line("作者：王璐 2024-08-06 09:30 阅读 1.3万").credits == [("作者", "王璐")]


@pytest.mark.parametrize("meta", [
    # Vue SSR H5: sibling spans, spaces only between them
    '<div class="article-meta"><span class="source">来源：东岳市肿瘤医院</span> <span class="time">2024-08-06 09:30</span>'
    ' <span class="read">阅读 1.3万</span></div>',
    # no space at all between the spans, the count before its label
    '<p class="info"><span>来源：东岳市肿瘤医院</span><span>2024-08-06 09:30</span><span>13105次阅读</span></p>',
    # React page: <i> icons between the items
    '<div class="meta"><i class="icon-source"></i>来源：东岳市肿瘤医院<i class="icon-time"></i>2024年8月6日'
    '<i class="icon-eye"></i>浏览 13105</div>',
])
def test_meta_spans_give_the_source_alone(meta):
    article = _extract(meta=meta)
    assert article["source"] == "东岳市肿瘤医院"
    assert article["publish_time_raw"].startswith("2024")


# -- breadcrumb separators in elements named like the breadcrumb ------------------------------------------------

@pytest.mark.parametrize("crumb", [
    # PageAdmin: the label and each ">" in spans named pa_location_t / pa_location_d
    '<div class="pa_location"><span class="pa_location_t">当前位置：</span><a href="/">首页</a>'
    '<span class="pa_location_d">&gt;</span><a href="/xwzx/">新闻中心</a><span class="pa_location_d">&gt;</span>'
    '<a href="/mtjj/">媒体聚焦</a></div>',
    # separators named crumb-sep, with other characters
    '<div class="crumbs"><a href="/">首页</a><span class="crumb-sep">»</span><a href="/xw/">新闻中心</a>'
    '<span class="crumb-sep">»</span><a href="/mtjj/">媒体聚焦</a></div>',
    '<p id="location"><a href="/">网站首页</a><span class="location-split"> · </span><a href="/mtjj/">媒体聚焦</a>'
    '<span class="location-split"> - </span><span class="location-here">正文</span></p>',
])
def test_breadcrumb_separators_in_named_elements(crumb):
    assert _extract(meta="<div>发布时间：2024-08-06</div>", crumb=crumb)["category"] == "媒体聚焦"


# -- a label alone in its element, the value in the next ---------------------------------------------------

@pytest.mark.parametrize("text, label", [
    ("来源", "来源"), (" 作　者 ", "作者"), ("【发布日期】", "发布日期"), ("责任编辑", "责任编辑"),
    ("来源：", None), ("视频", None), ("查看", None), ("文", None), ("医务部", None), ("来" * 40, None), (None, None),
])
def test_bare_label(text, label):
    assert bare_label(text) == label


DRUPAL = ('<div class="field field--name-field-source field--label-inline"><div class="field__label">来源</div>'
          '<div class="field__item">医务部</div></div>'
          '<div class="field field--name-field-writer field--label-inline"><div class="field__label">作者</div>'
          '<div class="field__item">心血管内科 孙晓</div></div>')


@pytest.mark.parametrize("meta", [
    DRUPAL,
    # definition list, the value opening with its own colon, letter-spaced label
    "<dl class='info'><dt>来源</dt><dd>：医务部</dd><dt>作　者</dt><dd>孙晓</dd><dt>发布日期</dt><dd>2024-08-06</dd></dl>",
    # a table of fields
    "<table class='meta'><tr><th>来源</th><td>医务部</td><th>作者</th><td>孙晓</td></tr></table>",
    # inline spans with icons in the label
    '<div class="meta"><span class="lbl"><i class="fa fa-home"></i>来源</span><span>医务部</span>'
    ' <span class="lbl"><i class="fa fa-user"></i>作者</span><span>孙晓</span></div>',
])
def test_a_label_in_its_own_element_labels_the_next(meta):
    article = _extract(meta=meta)
    assert article["source"] == "医务部"
    assert article["authors"] == [{"name": "孙晓", "role": "作者"}]


def test_label_value_pairs_swept_into_the_body_are_meta():
    pairs = "<dl><dt>来源</dt><dd>医务部</dd><dt>作者</dt><dd>孙晓</dd></dl>"
    article = _extract(body=pairs + BODY)
    assert (article["source"], article["authors"]) == ("医务部", [{"name": "孙晓", "role": "作者"}])
    assert article["content"].startswith(P1[:10])
    closing = _extract(body=BODY + "<table><tr><td>责任编辑</td><td>何静</td></tr></table>")
    assert closing["authors"] == [{"name": "何静", "role": "编辑"}]
    assert closing["content"].endswith(P3[-10:])


def test_a_word_that_is_a_label_inside_prose_stays_prose():
    body = f"<p>{P1}</p><p>作者</p><p>{P2}</p><p>{P3}</p><p>{P1}</p>" * 4
    article = _extract(meta="<div>发布时间：2024-08-06</div>", body=body)
    assert "作者" in article["content"].split("\n")
