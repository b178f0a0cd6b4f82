"""Every pagination form a Chinese hospital CMS uses, as table tests of the pure next-page finder."""

import pytest

from hospitalnews.extract.pagination import find_next_page, hanweb_next, next_page_url, trs_next

CASES = [
    # (id, page html, its URL, its page number, the next page's URL or None)
    ("下一页 text", '<div class="page"><a href="index.html">首页</a><a href="list_5_2.html">下一页</a><a href="list_5_9.html">末页</a></div>',
     "http://h.test/a/news/list_5_1.html", 1, "http://h.test/a/news/list_5_2.html"),
    ("下页 (VSB lm_list.jsp PAGENUM)", '<a href="lm_list.jsp?totalpage=7&amp;PAGENUM=3&amp;urltype=tree.TreeTempUrl&amp;wbtreeid=1011" class="Next">下页</a>',
     "http://h.test/lm_list.jsp?totalpage=7&PAGENUM=2&urltype=tree.TreeTempUrl&wbtreeid=1011", 2,
     "http://h.test/lm_list.jsp?totalpage=7&PAGENUM=3&urltype=tree.TreeTempUrl&wbtreeid=1011"),
    ("后页", '<a href="?page=1">前页</a> <a href="?page=3">后页</a>', "http://h.test/news.php?page=2", 2, "http://h.test/news.php?page=3"),
    ("&p=N with > arrow", '<a href="list.php?cid=2&amp;p=1">&lt;</a><a href="list.php?cid=2&amp;p=3">&gt;</a>',
     "http://h.test/list.php?cid=2&p=2", 2, "http://h.test/list.php?cid=2&p=3"),
    ("single > beats >> (last)", '<a href="?page=3">&gt;</a><a href="?page=9">&gt;&gt;</a>', "http://h.test/n?page=2", 2, "http://h.test/n?page=3"),
    ("numbered beats » when » may mean last", '<a href="?page=1">1</a><span>2</span><a href="?page=3">3</a><a href="?page=5">»</a>',
     "http://h.test/List.aspx?cid=3&page=2", 2, "http://h.test/List.aspx?page=3"),
    ("numbered only (ASP.NET)", '<span class="current">1</span><a href="List.aspx?cid=3&amp;page=2">2</a><a href="List.aspx?cid=3&amp;page=3">3</a>',
     "http://h.test/News/List.aspx?cid=3", 1, "http://h.test/News/List.aspx?cid=3&page=2"),
    ("[2] bracketed numbers", '<a href="list_2.htm">[2]</a><a href="list_3.htm">[3]</a>', "http://h.test/list.htm", 1, "http://h.test/list_2.htm"),
    ("EmpireCMS index_2.html is page 2", '<div class="epages"><b>1</b>&nbsp;<a href="/news/index_2.html">2</a>&nbsp;<a href="/news/index_2.html">下一页</a></div>',
     "http://h.test/news/", 1, "http://h.test/news/index_2.html"),
    ("WordPress class=next", '<a class="next page-numbers" href="https://h.test/news/page/3/">Next »</a>',
     "https://h.test/news/page/2/", 2, "https://h.test/news/page/3/"),
    ("next by class only (icon link)", '<a class="next" href="/list/4.html"><i class="icon"></i></a>', "http://h.test/list/3.html", 3, "http://h.test/list/4.html"),
    ("next by image alt", '<a href="p4.html"><img src="next.gif" alt="下一页"></a>', "http://h.test/p3.html", 3, "http://h.test/p4.html"),
    ("TRS createPageHTML page 1 → index_1", '<script>createPageHTML(7, 0, "index", "html");</script>', "http://h.test/xwzx/", 1, "http://h.test/xwzx/index_1.html"),
    ("TRS createPageHTML page 3 → index_3", "<script>createPageHTML(7, 2, 'index', 'html');</script>", "http://h.test/xwzx/index_2.html", 3, "http://h.test/xwzx/index_3.html"),
    ("TRS createPageHTML with a div id", "<script>createPageHTML('page_div', 4, 1, 'index', 'shtml', 60);</script>",
     "http://h.test/a/index_1.shtml", 2, "http://h.test/a/index_2.shtml"),
    ("TRS last page", '<script>createPageHTML(7, 6, "index", "html");</script>', "http://h.test/xwzx/index_6.html", 7, None),
    ("TRS countPage variables", '<script>var countPage = 3;var currentPage = 0;var prefix = "index";var suffix = "htm";</script>',
     "http://h.test/x/index.htm", 1, "http://h.test/x/index_1.htm"),
    ("last page: next points at itself", '<a href="list_5_3.html">下一页</a>', "http://h.test/list_5_3.html", 3, None),
    ("last page: disabled next", '<span class="disabled">下一页</span><a href="javascript:void(0)">下一页</a>', "http://h.test/l.html", 3, None),
    ("no pager at all", "<ul><li><a href='/a/1.html'>我院召开安全生产工作会议</a></li></ul>", "http://h.test/l.html", 1, None),
    ("[下一页] in brackets", '<a href="?page=1">[上一页]</a><a href="?page=3">[下一页]</a>', "http://h.test/n?page=2", 2, "http://h.test/n?page=3"),
    ("第3页 numbered", '<a href="p2.html">第2页</a><a href="p3.html">第3页</a>', "http://h.test/p2.html", 2, "http://h.test/p3.html"),
    ("Next Page", '<a href="/news/2">Next Page</a>', "http://h.test/news/", 1, "http://h.test/news/2"),
    ("上一页 and 尾页 are not next", '<a href="?page=1">上一页</a><a href="?page=9">尾页</a>', "http://h.test/n?page=2", 2, None),
]


@pytest.mark.parametrize("html,url,page,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_next_page_url(html, url, page, expected):
    assert next_page_url(html, url, page) == expected


def test_find_next_page_keeps_its_link_list_interface():
    links = [("/news_hos?page=1", "1"), ("/news_hos?page=3", "3"), ("/news_hos?page=3", "下一页")]
    assert find_next_page(links, "http://www.sd-cancer.com/news_hos?page=2", 2) == "http://www.sd-cancer.com/news_hos?page=3"
    assert find_next_page([("/x?page=2", "2")], "http://h.test/x", 1) == "http://h.test/x?page=2"


@pytest.mark.parametrize("url,records,total,expected", [
    ("http://h.test/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&columnid=4584", 45, 120,
     "http://h.test/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15&columnid=4584"),
    ("http://h.test/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=135&perpage=15", 30, 120, None),
    ("http://h.test/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15", 0, None, None),
])
def test_hanweb_dataproxy_record_ranges(url, records, total, expected):
    assert hanweb_next(url, records, total) == expected


def test_hanweb_dataproxy_xml_page():
    xml = ("<datastore><totalrecord>50</totalrecord><recordset>"
           + "<record><![CDATA[<li><a href=\"/art/2025/10/29/art_4584_60353.html\">院召开会议</a></li>]]></record>" * 45
           + "</recordset></datastore>")
    url = "http://h.test/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&columnid=4584"
    assert next_page_url(xml, url, 1) == "http://h.test/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15&columnid=4584"


def test_trs_next_reads_the_script_alone():
    assert trs_next('createPageHTML(2, 0, "index", "htm")', "http://h.test/a/") == "http://h.test/a/index_1.htm"
    assert trs_next('createPageHTML(1, 0, "index", "htm")', "http://h.test/a/") is None


HANWEB_COLUMN = """<html><body><div id="4584"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=4584&unitid=12345&webname=%E5%8C%BB%E9%99%A2&permissiontype=0"></a>]]></nextgroup>
<recordset>""" + "".join(
    f'<record><![CDATA[<li><a href="/art/2025/10/{29 - k}/art_4584_{60353 - k}.html">医院召开第{k}次医疗质量分析会</a><span>2025-10-{29 - k}</span></li>]]></record>'
    for k in range(6)) + """</recordset></datastore></script>
<script>$('#4584').jpage({ totalRecord: 14, perPage: 3, groupSize: 2 });</script></div></body></html>"""


def test_hanweb_column_page_continues_in_dataproxy_ranges():
    from urllib.parse import parse_qs, urlsplit

    url = next_page_url(HANWEB_COLUMN, "http://h.test/col/col4584/index.html", 1)
    parts = urlsplit(url)
    assert parts.path == "/module/web/jpage/dataproxy.jsp"
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert (query["startrecord"], query["endrecord"], query["perpage"]) == ("7", "12", "3")
    assert (query["columnid"], query["unitid"], query["webid"]) == ("4584", "12345", "1") and "page" not in query
    # that range returns 6 records of 14: one more range, 13–18, then the end
    answer = "<datastore><totalrecord>14</totalrecord><recordset>" + "<record><![CDATA[<li></li>]]></record>" * 6 + "</recordset></datastore>"
    nxt = next_page_url(answer, url, 2)
    assert "startrecord=13" in nxt and "endrecord=18" in nxt
    assert next_page_url(answer, nxt, 3) is None   # records 13–18 reach the total of 14


def test_hanweb_column_page_with_every_record_embedded_has_no_next():
    assert next_page_url(HANWEB_COLUMN.replace("totalRecord: 14", "totalRecord: 6"), "http://h.test/col/col4584/index.html", 1) is None
