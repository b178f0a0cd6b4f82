"""The list-page finder: the repeated block of titled links, never menus, sidebars, footers or friend links."""

import pytest

from hospitalnews.extract.listing import ListEntry, find_list_block, find_list_entries, find_site_name

URL = "http://www.h.test/xwzx/yyxw/index.html"

NAV = """<div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/yygk/">医院概况介绍</a></li>
<li><a href="/xwzx/">新闻中心栏目</a></li><li><a href="/ksdh/">科室导航服务</a></li><li><a href="/jzzn/">就诊指南服务</a></li></ul></div>"""
SIDEBAR = """<div class="side"><div class="tit"><h3>热点新闻</h3></div><ul>""" + "".join(
    f'<li><a href="/xwzx/rdxw/{k}.html">关于做好2024年度第{k}批医疗设备采购工作的通知公告</a><span>2024-0{k}-1{k}</span></li>' for k in range(1, 9)
) + "</ul></div>"
FOOTER = """<div class="footer"><div class="links">友情链接：<a href="http://www.nhc.gov.cn/">国家卫生健康委员会</a>
<a href="http://wsjkw.shandong.gov.cn/">山东省卫生健康委员会</a></div><p>版权所有 某某医院 鲁ICP备12345678号</p></div>"""


def page(main: str) -> str:
    return f"<html><head><title>医院新闻_某某市人民医院</title></head><body>{NAV}<div class='main'>{main}</div>{SIDEBAR}{FOOTER}</body></html>"


def ul_list(n, *, dates=True, start=1):
    return "<ul class='news'>" + "".join(
        f'<li><a href="./2024{k:02d}/t2024{k:02d}01_{k}.html" title="我院举办第{k}届护理技能大赛暨表彰大会">我院举办第{k}届护理技能大赛…</a>'
        + (f"<span>2024-{k:02d}-01</span>" if dates else "") + "</li>" for k in range(start, start + n)) + "</ul>"


def test_the_list_not_the_dated_sidebar_nor_nav_nor_friend_links():
    entries = find_list_entries(page(ul_list(6)), URL)
    assert [e.url for e in entries] == [f"http://www.h.test/xwzx/yyxw/2024{k:02d}/t2024{k:02d}01_{k}.html" for k in range(1, 7)]
    # the title attribute holds the whole of a truncated title; the list date is kept
    assert entries[0] == ListEntry(entries[0].url, "我院举办第1届护理技能大赛暨表彰大会", "2024-01-01", None)


def test_a_short_last_page_keeps_the_first_pages_block_when_the_sidebar_is_longer():
    first = find_list_block(page(ul_list(6)), URL)
    last = find_list_block(page(ul_list(2, start=7)), URL, prefer=first.signature)
    assert [e.title for e in last.entries] == ["我院举办第7届护理技能大赛暨表彰大会", "我院举办第8届护理技能大赛暨表彰大会"]


def test_one_list_split_over_several_uls_is_one_list():
    main = ul_list(5) + "<div class='line'></div>" + ul_list(5, start=6)
    assert len(find_list_entries(page(main), URL)) == 10


@pytest.mark.parametrize("main,expected", [
    # table rows (ASP.NET), yearless dates in brackets
    ("<table><tr><td><a href='Show.aspx?id=1'>医院召开2024年度安全生产工作会议</a></td><td>[03-18]</td></tr>"
     "<tr><td><a href='Show.aspx?id=2'>我院专家赴社区开展健康义诊活动</a></td><td>[03-11]</td></tr>"
     "<tr><td><a href='Show.aspx?id=3'>心内科成功开展首例左心耳封堵术</a></td><td>[03-02]</td></tr></table>",
     [("http://www.h.test/xwzx/yyxw/Show.aspx?id=1", "医院召开2024年度安全生产工作会议", "03-18", None),
      ("http://www.h.test/xwzx/yyxw/Show.aspx?id=2", "我院专家赴社区开展健康义诊活动", "03-11", None),
      ("http://www.h.test/xwzx/yyxw/Show.aspx?id=3", "心内科成功开展首例左心耳封堵术", "03-02", None)]),
    # div cards with picture, teaser and a split date (day / year-month)
    ("<div class='list'>" + "".join(
        f"<div class='item'><a href='/n/{k}.html'><img src='/p/{k}.jpg'></a><div class='txt'><h3><a href='/n/{k}.html'>医院召开第{k}次党委理论学习中心组学习会</a></h3>"
        f"<p>会议传达学习了上级有关文件精神，并结合医院实际研究部署了下一阶段重点工作任务。</p></div>"
        f"<div class='date'><span>2{k}</span><em>2025-10</em></div><a href='/n/{k}.html'>查看详情</a></div>" for k in range(1, 4)) + "</div>",
     [(f"http://www.h.test/n/{k}.html", f"医院召开第{k}次党委理论学习中心组学习会", f"2025-10-2{k}",
       "会议传达学习了上级有关文件精神，并结合医院实际研究部署了下一阶段重点工作任务。") for k in range(1, 4)]),
    # dl/dt/dd with Chinese dates
    ("<dl>" + "".join(f"<dt><a href='/a/{k}.htm'>我院荣获全省改善医疗服务示范医院称号{k}</a></dt>" for k in range(1, 4)) + "</dl>"
     "<p>2024年3月1日</p>",
     [(f"http://www.h.test/a/{k}.htm", f"我院荣获全省改善医疗服务示范医院称号{k}", None, None) for k in range(1, 4)]),
])
def test_list_shapes(main, expected):
    assert [tuple(vars(e).values()) for e in find_list_entries(page(main), URL)] == expected


def test_a_page_wrapped_in_one_form_asp_net():
    html = page("<form method='post' action='./List.aspx?cid=3'><input type='hidden' name='__VIEWSTATE' value='x'>" + ul_list(3) + "</form>")
    assert len(find_list_entries(html, URL)) == 3


def test_links_to_other_hosts_are_never_articles():
    main = "<ul>" + "".join(f"<li><a href='http://weixin.qq.com/s/{k}'>我院公众号推送第{k}期健康科普文章合集</a><span>2024-01-0{k}</span></li>" for k in range(1, 5)) + "</ul>"
    assert all("h.test" in e.url for e in find_list_entries(page(main), URL))


def test_hanweb_dataproxy_xml_records():
    xml = ("<?xml version='1.0' encoding='UTF-8'?><datastore><totalrecord>2</totalrecord><recordset>"
           "<record><![CDATA[<li><a href=\"/art/2025/10/29/art_4584_60353.html\" title=\"我院召开2025年第四季度医疗质量分析会\">我院召开2025年第四季度医疗质量分析会</a><span>2025-10-29</span></li>]]></record>"
           "<record><![CDATA[<li><a href=\"/art/2025/10/27/art_4584_60301.html\">医院开展消防安全应急疏散演练活动</a><span>2025-10-27</span></li>]]></record>"
           "</recordset></datastore>")
    entries = find_list_entries(xml, "http://www.h.test/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15")
    assert [(e.url, e.date_raw) for e in entries] == [("http://www.h.test/art/2025/10/29/art_4584_60353.html", "2025-10-29"),
                                                      ("http://www.h.test/art/2025/10/27/art_4584_60301.html", "2025-10-27")]


def test_registry_entry_css_override():
    entries = find_list_entries(page(ul_list(3)), URL, entry_css="ul.news > li")
    assert len(entries) == 3


def test_a_page_with_no_list_yields_nothing():
    assert find_list_entries(page("<p>页面正在维护中，请稍后访问。</p>"), URL) == []


@pytest.mark.parametrize("html,name", [
    ("<title>医院新闻_泰安市中医医院</title>", "泰安市中医医院"),
    ("<title>新闻动态 – 某某医院</title>", "某某医院"),
    ('<meta property="og:site_name" content="山东省立医院"><title>新闻 - 省立</title>', "山东省立医院"),
    ('<meta content="黄海示范医院" name="SiteName"><title>医院新闻 黄海示范医院</title>', "黄海示范医院"),
    ("<title>首页</title>", None),
])
def test_site_name(html, name):
    assert find_site_name(html) == name


def test_cards_that_are_one_link_each():
    main = "<div class='news-cards'>" + "".join(
        f"<a class='card' href='/news/{k}.html'><div class='pic'><img src='/p/{k}.jpg'></div><h3 class='card-title'>我院第{k}批援疆医疗队队员圆满完成任务返回</h3>"
        f"<p class='desc'>在为期一年半的援疆工作中，医疗队员们克服困难，开展新技术新项目十余项。</p><span class='time'>2025-07-0{k}</span></a>"
        for k in range(1, 4)) + "</div>"
    assert [tuple(vars(e).values()) for e in find_list_entries(page(main), URL)] == [
        (f"http://www.h.test/news/{k}.html", f"我院第{k}批援疆医疗队队员圆满完成任务返回", f"2025-07-0{k}",
         "在为期一年半的援疆工作中，医疗队员们克服困难，开展新技术新项目十余项。") for k in range(1, 4)]


def test_a_date_inside_the_teaser_is_neither_the_entry_date_nor_cut_from_the_teaser():
    teaser = "现将我院2023年住院医师规范化培训招收工作有关事项通知如下，请于2023年3月31日前登录平台报名。"
    main = "<ul class='newslist'>" + "".join(
        f"<li><a href='/n/{k}.html'>关于2023年住院医师规范化培训招收工作的通知{k}</a><p class='summary'>{teaser}</p>"
        f"<span class='date'>2023-02-1{k}</span></li>" for k in range(1, 4)) + "</ul>"
    entries = find_list_entries(page(main), URL)
    assert [(e.date_raw, e.summary) for e in entries] == [(f"2023-02-1{k}", teaser) for k in range(1, 4)]


def test_rows_with_alternating_classes_and_a_pinned_block_are_one_list():
    rows = "".join(f"<li class='{'odd' if k % 2 else 'even'}'><a href='/n/{k}.html'>我院专家团队赴基层开展第{k}次巡回医疗义诊活动</a>"
                   f"<span>2024-02-0{k}</span></li>" for k in range(1, 7))
    pinned = ("<ul class='top'><li class='top'><a href='/n/100.html'>【置顶】关于开展2024年度优质护理服务示范病房评选的通知</a>"
              "<span>2024-03-01</span></li></ul>")
    urls = [e.url for e in find_list_entries(page(pinned + f"<ul class='list'>{rows}</ul>"), URL)]
    assert urls == ["http://www.h.test/n/100.html"] + [f"http://www.h.test/n/{k}.html" for k in range(1, 7)]


def test_a_date_inside_the_link_text_is_the_date_not_part_of_the_title():
    main = "<ul class='list'>" + "".join(
        f"<li><a href='/n/{k}.html'>我院召开第{k}次医疗质量与安全管理委员会会议 [2024-03-1{k}]</a></li>" for k in range(1, 4)) + "</ul>"
    assert [(e.title, e.date_raw) for e in find_list_entries(page(main), URL)] == [
        (f"我院召开第{k}次医疗质量与安全管理委员会会议", f"2024-03-1{k}") for k in range(1, 4)]
