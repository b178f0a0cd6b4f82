"""Each kind of real news list in more than one form, as table tests of the pure extraction functions:
pager scripts read as programs, JavaScript-only next pages, lists delivered as data, <base href>,
frames, choosing the right block, pinned entries and the list's stated size (the self-check's input)."""

import json

import pytest

from hospitalnews.extract.endpoints import find_endpoint, read_list_data, script_built_list
from hospitalnews.extract.listing import find_frames, find_list_block
from hospitalnews.extract.pagination import (NextPage, StatedSize, find_next, stated_size, trs_pager,
                                             unfollowed_pager)
from hospitalnews.extract.scripts import concatenations, strip_comments

TRS_TAIL = 'document.write("<a href=\\"index_" + nextPage + ".html\\">下一页</a>");'

# -- TRS pager scripts: live values, either order, comments stripped ---------------------------------

TRS_CASES = [
    ("currentPage before countPage, no call (list-01's form)",
     "var currentPage = 1;//所在页从0开始\nvar prevPage = currentPage-1//上一页\nvar nextPage = currentPage+1\n"
     "var countPage = 3//共多少页\n" + TRS_TAIL, "http://h.test/xwzx/index_1.html", 2, "http://h.test/xwzx/index_2.html"),
    ("countPage before currentPage", "var countPage = 4;\nvar currentPage = 0;\n" + TRS_TAIL,
     "http://h.test/xwzx/index.html", 1, "http://h.test/xwzx/index_1.html"),
    ("variables passed to createPageHTML, shtml pages",
     'var currentPage = 2;\nvar countPage = 5;\ncreatePageHTML(countPage, currentPage, "index", "shtml");',
     "http://h.test/a/index_2.shtml", 3, "http://h.test/a/index_3.shtml"),
    ("a commented-out older call beside the live one",
     '// createPageHTML(9, 0, "list", "html");\n/* createPageHTML(9, 0, "list", "html"); */\n'
     'createPageHTML(2, 0, "index", "html");', "http://h.test/a/", 1, "http://h.test/a/index_1.html"),
    ("the only call commented out: the live variables decide",
     '<!--\nvar countPage = 1;\nvar currentPage = 0;\n// createPageHTML(6, 0, "index", "html");\n-->',
     "http://h.test/a/", 1, None),
    ("a // inside a string is not a comment",
     'var home = "http://h.test/"; var countPage = 2; var currentPage = 0; // createPageHTML(1,0)',
     "http://h.test/a/index.html", 1, "http://h.test/a/index_1.html"),
    ("page names the script writes (list_N.htm)",
     'var currentPage = 0; var countPage = 2;\ndocument.write("<a href=\\"list_" + nextPage + ".htm\\">下一页</a>");',
     "http://h.test/b/list.htm", 1, "http://h.test/b/list_1.htm"),
]


@pytest.mark.parametrize("script,url,page,expected", [c[1:] for c in TRS_CASES], ids=[c[0] for c in TRS_CASES])
def test_trs_pager_read_as_a_program(script, url, page, expected):
    found = find_next(f"<html><body><ul></ul><div class='page'><script>{script}</script></div></body></html>", url, page)
    assert (found.url if found else None) == expected


def test_trs_pager_states_the_list_size():
    assert trs_pager("createPageHTML('page_div', 4, 1, 'index', 'html', 58);") .records == 58
    assert stated_size("<script>var currentPage = 0; var countPage = 3</script>") == StatedSize(None, 3)


def test_comment_stripper_keeps_strings():
    code = strip_comments("var a = 'x//y'; // gone\nvar b = \"/*keep*/\"; /* gone */ var c = 1;")
    assert "gone" not in code and "'x//y'" in code and '"/*keep*/"' in code


# -- ASP.NET postbacks --------------------------------------------------------------------------------

ASPX = """<html><head><meta charset="{charset}"></head><body><form id="form1" method="post" action="List.aspx?cid=3">
<input type="hidden" name="__VIEWSTATE" value="/wEPDwUK" /><input type="hidden" name="__EVENTVALIDATION" value="/wEWAg" />
<ul><li><a href="Detail.aspx?id=1">我院召开第五届职工代表大会第三次会议</a></li></ul>{pager}</form></body></html>"""
POSTBACK_CASES = [
    ("AspNetPager 下一页", "<div id='AspNetPager1'><span>1</span> <a href=\"javascript:__doPostBack('AspNetPager1','2')\">2</a> "
     "<a href=\"javascript:__doPostBack('AspNetPager1','2')\">下一页</a></div>", 1, ("AspNetPager1", "2")),
    ("GridView Page$N by number", "<table><tr><td><span>2</span><a href=\"javascript:__doPostBack('ctl00$Main$GridView1','Page$3')\">3</a>"
     "</td></tr></table>", 2, ("ctl00$Main$GridView1", "Page$3")),
    ("LinkButton onclick", "<a id='lbNext' onclick=\"__doPostBack('ctl00$lbNext','');return false;\" href='#'>下一页</a>", 1,
     ("ctl00$lbNext", "")),
]


@pytest.mark.parametrize("pager,page,event", [c[1:] for c in POSTBACK_CASES], ids=[c[0] for c in POSTBACK_CASES])
@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_postback_pagers_are_form_posts(pager, page, event, charset):
    html = ASPX.format(charset=charset, pager=pager)
    text = html.encode(charset).decode(charset)
    found = find_next(text, "http://h.test/News/List.aspx?cid=3", page)
    assert found == NextPage("http://h.test/News/List.aspx?cid=3", {"__EVENTTARGET": event[0], "__EVENTARGUMENT": event[1]},
                             "postback")


def test_postback_last_page_states_the_page_count():
    pager = ("<a disabled='disabled'>首页</a><span>1</span><a href=\"javascript:__doPostBack('AspNetPager1','2')\">2</a>"
             "<a href=\"javascript:__doPostBack('AspNetPager1','7')\">尾页</a>")
    assert stated_size(ASPX.format(charset="utf-8", pager=pager)).pages == 7


# -- next pages only in JavaScript --------------------------------------------------------------------

LIST = "<ul><li><a href='/a/1.html'>我院召开安全生产工作会议</a><span>2024-05-01</span></li></ul>"
JS_CASES = [
    ("page attr + click handler template (list-03)",
     "<a class='changePage' page='2' href='javascript:void(0);'>下一页</a>"
     "<script>$('.changePage').click(function(){ location.href = '/yydt/?page=' + $(this).attr('page'); });</script>",
     "http://h.test/yydt/", 1, "http://h.test/yydt/?page=2"),
    ("data-page + data-url template", "<div class='pager' data-url='/news/list_{n}.html'><a href='javascript:void(0)' data-page='3'>3</a>"
     "<a href='javascript:void(0)' data-page='3'>下一页</a></div>", "http://h.test/news/list_2.html", 2, "http://h.test/news/list_3.html"),
    ("goPage(n) onclick + function template", "<a href='#' onclick='goPage(2)'>2</a>"
     "<script>function goPage(p){ window.location.href = 'list.jsp?cid=7&pageNo=' + p; }</script>",
     "http://h.test/cms/list.jsp?cid=7", 1, "http://h.test/cms/list.jsp?cid=7&pageNo=2"),
    ("{{page}} template in data-href", "<nav data-href='/xw/index_{{page}}.shtml'><a href='javascript:;' data-page='2'>2</a></nav>",
     "http://h.test/xw/index.shtml", 1, "http://h.test/xw/index_2.shtml"),
    ("obvious GET form of the page's own ?page=N", "<a href='javascript:void(0)' data-page='4'>下一页</a>",
     "http://h.test/list.php?catid=5&page=3", 3, "http://h.test/list.php?catid=5&page=4"),
    ("select of page URLs", "<select onchange='location.href=this.value'><option value='index.html'>1</option>"
     "<option value='index_1.html'>2</option></select>", "http://h.test/xw/index.html", 1, "http://h.test/xw/index_1.html"),
    ("select of numbers + inline template", "<select onchange=\"location.href='list_'+this.value+'.html'\"><option value='1'>第1页</option>"
     "<option value='2'>第2页</option></select>", "http://h.test/xw/list_1.html", 1, "http://h.test/xw/list_2.html"),
    ("select of numbers + function template", "<select onchange='jump(this.value)'><option value='1'>1</option><option value='2'>2</option>"
     "</select><script>function jump(n){ location = '/ywdt/index_' + n + '.htm'; }</script>",
     "http://h.test/ywdt/index_1.htm", 1, "http://h.test/ywdt/index_2.htm"),
    ("base href governs the pager", "<a href='news/list.jsp?type=1&amp;page=2'>下一页</a>",
     "http://h.test/hospital/news/list.jsp?type=1&page=1", 1, "http://h.test/hospital/news/list.jsp?type=1&page=2"),
]


@pytest.mark.parametrize("pager,url,page,expected", [c[1:] for c in JS_CASES], ids=[c[0] for c in JS_CASES])
def test_javascript_only_next_pages(pager, url, page, expected):
    head = "<head><base href='/hospital/'></head>" if "base href" in pager or "hospital" in url else ""
    found = find_next(f"<html>{head}<body>{LIST}<div class='pages'>{pager}</div></body></html>", url, page)
    assert found is not None and found.url == expected


def test_a_pager_that_cannot_be_followed_is_named():
    html = f"<html><body>{LIST}<div><span>共12条 1/3页</span><a href='javascript:;' onclick='nextPage()'>下一页</a></div></body></html>"
    assert find_next(html, "http://h.test/news/", 1) is None
    assert "page 2 exists only in JavaScript" in unfollowed_pager(html, "http://h.test/news/", 1)
    assert stated_size(html) == StatedSize(12, 3)
    # a disabled button or a plain last page is no failure
    assert unfollowed_pager(f"<html><body>{LIST}<a disabled='disabled'>下一页</a></body></html>", "http://h.test/", 3) is None
    assert unfollowed_pager(f"<html><body>{LIST}<a href='javascript:void(0)'>下一页</a></body></html>", "http://h.test/", 3) is None


def test_concatenation_reader():
    found = concatenations("u = '/a/?page=' + $(this).attr('page') + '&t=1'; h += '<a href=\"/n/' + item.id + '.html\">'")
    assert [(c.prefix, c.expression, c.suffix) for c in found][:2] == [
        ("/a/?page=", "$(this).attr('page')", "&t=1"), ('<a href="/n/', "item.id", '.html">')]


# -- the list's stated size ---------------------------------------------------------------------------

SIZE_CASES = [
    ("共20条 1/3", "<div class='page'>共20条 1/3 <a href='?page=2'>下一页</a></div>", StatedSize(20, 3)),
    ("第1页/共3页", "<div>第1页/共3页 <a href='?p=2'>下一页</a></div>", StatedSize(None, 3)),
    ("总页数 + 总记录数", "<div>总记录数：45 条 总页数：3</div>", StatedSize(45, 3)),
    ("VSB totalpage in the links", "<a href='lm_list.jsp?totalpage=7&amp;PAGENUM=2&amp;wbtreeid=1011'>下页</a>", StatedSize(None, 7)),
    ("尾页 ?page=N", "<a href='?page=2'>下一页</a><a href='?page=9'>尾页</a>", StatedSize(None, 9)),
    ("a date is not a pager", "<li><a href='/a.html'>我院召开安全生产工作会议</a><span>5/28</span></li>", StatedSize(None, None)),
    ("a title mentioning 共3页 is prose", "<li><a href='/a.html'>我院编写的科普手册共120页，已向社区居民免费发放两千余册</a></li>",
     StatedSize(None, None)),
]


@pytest.mark.parametrize("html,expected", [c[1:] for c in SIZE_CASES], ids=[c[0] for c in SIZE_CASES])
def test_stated_size(html, expected):
    assert stated_size(f"<html><body>{html}</body></html>") == expected


# -- lists delivered as data --------------------------------------------------------------------------

def test_jpaas_endpoint_and_its_html_answer():
    page = """<div id="8542"></div><script>function loadList(pageNo){ $.ajax({url: '/api-gateway/jpaas-publish-server/front/page/build/unit',
      type: 'GET', dataType: 'json', data: {webId: '3071', pageId: '1229412', paramJson: JSON.stringify({pageNo: pageNo, pageSize: 15})},
      success: function(res){ $('#8542').html(res.data.html); }}); } loadList(1);</script>"""
    endpoint = find_endpoint(page, "http://h.test/col/col1229412/index.html")
    url, body = endpoint.request(2)
    assert body is None and url.startswith("http://h.test/api-gateway/jpaas-publish-server/front/page/build/unit?webId=3071")
    assert "paramJson=%7B%22pageNo%22%3A2%2C%22pageSize%22%3A15%7D" in url
    answer = json.dumps({"success": True, "data": {"count": "17", "html": "<div class='default_pgContainer'><ul>"
                         "<li><a href='/art/2024/5/28/art_1_1.html' title='我院召开安全生产工作会议'>我院召开安全生产工作…</a>"
                         "<span>2024-05-28</span></li><li><a href='/art/2024/5/20/art_1_2.html'>我院举办护士节表彰大会</a>"
                         "<span>2024-05-20</span></li></ul></div>"}})
    data = read_list_data(answer, url)
    assert [(e.url, e.title, e.date_raw) for e in data.entries] == [
        ("http://h.test/art/2024/5/28/art_1_1.html", "我院召开安全生产工作会议", "2024-05-28"),
        ("http://h.test/art/2024/5/20/art_1_2.html", "我院举办护士节表彰大会", "2024-05-20")]
    assert data.total == 17


def test_load_more_offsets_and_records_linked_by_id():
    page = """<ul id="list"></ul><a id="more">加载更多</a><script>var start = 0;
      function more(){ $.getJSON('/news/getmore', {start: start, size: 4}, function(res){ $.each(res.data.list, function(i, v){
      $('#list').append('<li><a href="/news/show/' + v.id + '.html">' + v.title + '</a></li>'); }); }); } more();</script>"""
    endpoint = find_endpoint(page, "http://h.test/news/")
    assert endpoint.offset and endpoint.first == 0 and endpoint.request(8)[0] == "http://h.test/news/getmore?start=8&size=4"
    data = read_list_data('{"data":{"list":[{"id":12,"title":"我院召开安全生产工作会议","date":"2024-05-02"}]}}',
                          "http://h.test/news/getmore?start=0", link=endpoint.link)
    assert [(e.url, e.title, e.date_raw) for e in data.entries] == [
        ("http://h.test/news/show/12.html", "我院召开安全生产工作会议", "2024-05-02")]


@pytest.mark.parametrize("script,request_url,body", [
    ("axios.get('/api/news/list', {params: {columnId: 5, page: p, size: 10}})", "http://h.test/api/news/list?columnId=5&page=2&size=10", None),
    ("fetch('/api/list?type=news&pageNum=' + n).then(r => r.json())", "http://h.test/api/list?type=news&pageNum=2", None),
    ("$.post('/front/list.do', {catId: '12', pageIndex: idx}, render, 'json')", "http://h.test/front/list.do", "catId=12&pageIndex=2"),
], ids=["axios params", "fetch concatenation", "jQuery POST"])
def test_endpoint_calls_of_site_builders(script, request_url, body):
    endpoint = find_endpoint(f"<div id='app'></div><script>{script}</script>", "http://h.test/news/index.html")
    assert endpoint.request(2) == (request_url, body)


def test_jsonp_and_xml_answers():
    jsonp = 'jQuery1123({"total": 9, "rows": [{"title": "我院召开安全生产工作会议", "linkUrl": "/news/d/1.html", "publishTime": 1714540800000},' \
            '{"title": "我院公众号文章：健康科普", "linkUrl": "https://mp.weixin.qq.com/s/x1", "publishTime": 1714454400000}]});'
    data = read_list_data(jsonp, "http://h.test/api/list?pageIndex=1")
    assert [(e.url, e.date_raw) for e in data.entries] == [("http://h.test/news/d/1.html", "2024-05-01 13:20")]
    assert [e.url for e in data.offsite] == ["https://mp.weixin.qq.com/s/x1"] and data.total == 9
    xml = ("<?xml version='1.0' encoding='utf-8'?><list><total>2</total><item><title>我院召开安全生产工作会议</title>"
           "<link>/news/2.html</link><pubDate>2024-05-02</pubDate></item></list>")
    assert [(e.url, e.title) for e in read_list_data(xml, "http://h.test/feed.xml").entries] == [
        ("http://h.test/news/2.html", "我院召开安全生产工作会议")]


def test_a_script_built_list_without_a_readable_endpoint_is_named():
    vue = "<div id='app'></div><script src='/static/js/app.3f9a1c2e.js'></script>"
    assert find_endpoint(vue, "http://h.test/") is None
    assert "Vue/React" in script_built_list(vue)
    assert "ajax" in script_built_list("<div></div><script>$.ajax({url: someUrl(), success: draw});</script>")
    assert script_built_list(f"<html><body>{LIST}</body></html>") is None


# -- base href, frames, block choice, pinned, off-site ------------------------------------------------

def test_base_href_governs_list_links():
    html = "<html><head><base href='http://h.test/hospital/'></head><body><ul>" + "".join(
        f"<li><a href='news/detail.jsp?id={i}'>我院召开第{i}次安全生产工作会议</a><span>2024-05-0{i}</span></li>" for i in range(1, 4)
    ) + "</ul></body></html>"
    urls = [e.url for e in find_list_block(html, "http://h.test/hospital/news/list.jsp?page=1").entries]
    assert urls == [f"http://h.test/hospital/news/detail.jsp?id={i}" for i in range(1, 4)]


@pytest.mark.parametrize("html,expected", [
    ("<iframe src='/ad/top.html'></iframe><iframe name='main' src='list.html'></iframe>", ["http://h.test/x/list.html", "http://h.test/ad/top.html"]),
    ("<frameset rows='80,*'><frame name='top' src='top.htm'><frame name='content' src='news_list.htm'></frameset>",
     ["http://h.test/x/news_list.htm", "http://h.test/x/top.htm"]),
    ("<iframe src='http://other.test/w.html'></iframe>", []),
], ids=["iframe", "frameset", "off-site frame"])
def test_frames_best_list_candidate_first(html, expected):
    assert find_frames(f"<html><body>{html}</body></html>", "http://h.test/x/index.html") == expected


def _box(cls, prefix, titles, pager=""):
    rows = "".join(f"<li><a href='{prefix}{i}.html'>{t}</a><span>2024-05-{10 + i:02d}</span></li>" for i, t in enumerate(titles))
    return f"<div class='box {cls}'><div class='hd'><img src='/t.png'></div><ul>{rows}</ul>{pager}</div>"


NEWS = [f"我院举办第{i}期护理技能…" for i in range(8)]
NOTICES = [f"关于东岳市第二中医医院2024年度第{i}批公开招聘编外专业技术人员的公告" for i in range(8)]


@pytest.mark.parametrize("url,pager,expected_prefix", [
    ("http://h.test/yyxw/index.html", "", "/yyxw/"),                                     # the column in the URL
    ("http://h.test/list.php?catid=3", "<div class='epages'><a href='?catid=3&amp;page=2'>下一页</a></div>", "/a/"),  # its own pager
], ids=["column in the URL", "the block's own pager"])
def test_the_column_list_beats_an_equally_big_notice_box(url, pager, expected_prefix):
    news_prefix = "/yyxw/" if "yyxw" in url else "/a/"
    html = "<html><body><div class='main'>" + _box("left", news_prefix, NEWS, pager) + _box("right", "/tzgg/", NOTICES) + "</div></body></html>"
    entries = find_list_block(html, url).entries
    assert {e.url.split("h.test")[1].rsplit("/", 1)[0] + "/" for e in entries} == {expected_prefix}


def test_pinned_entries_in_another_shape_are_list_entries():
    slider = "".join(f"<div class='swiper-slide'><a href='/article/{90 + i}.html'><img src='/p{i}.jpg'><p class='tit'>"
                     f"置顶：我院召开第{i}届职工代表大会</p><span>2023-12-0{i + 1}</span></a></div>" for i in range(2))
    rows = "".join(f"<li><a href='/article/{i}.html'>我院举办第{i}期基层医师培训班</a><span>2024-05-{10 + i}</span></li>"
                   for i in range(4))
    html = (f"<html><body><div class='list-box'><div class='swiper'><div class='swiper-wrapper'>{slider}</div></div>"
            f"<ul class='news'>{rows}</ul></div><div class='side'><h3>热点新闻</h3><ul>"
            "<li><a href='/hot/1.html'>关于做好2024年端午节假期安排的通知</a><span>2024-05-01</span></li></ul></div></body></html>")
    urls = [e.url for e in find_list_block(html, "http://h.test/news/").entries]
    assert urls == [f"http://h.test/article/{n}.html" for n in (90, 91, 0, 1, 2, 3)]


def test_a_list_mostly_off_site_is_still_the_list():
    rows = "".join(f"<li><a href='https://mp.weixin.qq.com/s/k{i}'>我院开展第{i}次健康科普进社区活动</a><span>2024-06-0{i + 1}</span></li>"
                   for i in range(5)) + "<li><a href='/news/9.html'>我院召开安全生产工作会议</a><span>2024-06-09</span></li>"
    side = "".join(f"<li><a href='/tzgg/{i}.html'>关于2024年度第{i}批公开招聘编外专业技术人员的公告</a><span>2024-06-0{i + 1}</span></li>"
                   for i in range(5))
    html = f"<html><body><div class='l'><ul>{rows}</ul></div><div class='r'><ul>{side}</ul></div></body></html>"
    block = find_list_block(html, "http://h.test/news/index.html")
    assert [e.url for e in block.entries] == ["http://h.test/news/9.html"]
    assert len(block.offsite) == 5 and block.offsite[0].title == "我院开展第0次健康科普进社区活动"


# -- more forms of load-more and JavaScript pagers ----------------------------------------------------

MORE_CASES = [
    ("加载更多 link", "<a href='/news/index.php?page=2' class='more'>加载更多</a>", "http://h.test/news/index.php", 1,
     NextPage("http://h.test/news/index.php?page=2")),
    ("button with data-page and its own data-url", "<button class='load-more' data-url='/news/list?page=' data-page='2'>加载更多</button>",
     "http://h.test/news/list", 1, NextPage("http://h.test/news/list?page=2", how="own-url")),
    ("pager <li data-page> items + script template", "<ul class='pagination'><li data-page='1'>1</li><li data-page='2'>2</li></ul>"
     "<script>$('.pagination li').click(function(){ location.href = 'index.php?m=news&page=' + $(this).data('page'); });</script>",
     "http://h.test/index.php?m=news", 1, NextPage("http://h.test/index.php?m=news&page=2", how="script-template")),
    ("onclick location literal", "<span class='cur'>1</span><a href='javascript:;' onclick=\"location.href='list.jsp?cid=4&amp;page=2'\">2</a>",
     "http://h.test/cms/list.jsp?cid=4", 1, NextPage("http://h.test/cms/list.jsp?cid=4&page=2", how="onclick-url")),
    ("goPage(n) filling a form's page field", "<form id='f' method='post' action='list.do'><input type='hidden' name='pageNo' value='1'>"
     "</form><a href='javascript:goPage(2)'>下一页</a><script>function goPage(n){ f.pageNo.value = n; f.submit(); }</script>",
     "http://h.test/list.do", 1, NextPage("http://h.test/list.do", {"pageNo": "2"}, "form")),
]


@pytest.mark.parametrize("pager,url,page,expected", [c[1:] for c in MORE_CASES], ids=[c[0] for c in MORE_CASES])
def test_load_more_and_pager_items(pager, url, page, expected):
    assert find_next(f"<html><body>{LIST}{pager}</body></html>", url, page) == expected


def test_template_literals_are_concatenations():
    page = ("<ul id='l'></ul><script>axios.get(`/api/article/list?page=${p}&size=8`).then(r => { r.data.records.forEach(a => {"
            " html += `<li><a href=\"/article/${a.articleId}.html\">${a.title}</a></li>`; }); });</script>")
    endpoint = find_endpoint(page, "http://h.test/news/")
    assert endpoint.request(3) == ("http://h.test/api/article/list?size=8&page=3", None)
    data = read_list_data('{"data": {"records": [{"articleId": "a9", "title": "我院召开安全生产工作会议", "createTime": "2024-05-06 09:00"}],'
                          ' "total": 1}}', "http://h.test/api/article/list?page=1", link=endpoint.link)
    assert [(e.url, e.date_raw) for e in data.entries] == [("http://h.test/article/a9.html", "2024-05-06 09:00")]


def test_load_more_controls():
    from hospitalnews.extract.endpoints import load_more
    assert load_more("<ul></ul><button class='btn-more'>点击加载更多</button>")
    assert load_more("<a href='javascript:;' id='loadMore'>查看更多</a>")
    assert not load_more("<div class='side'><a href='/tzgg/'>查看更多</a></div>")   # a link to another column


def test_json_bodies_and_unpaged_endpoints():
    page = ("<div id='app'></div><script>$.ajax({url: '/api/cms/article/page', type: 'POST', contentType: 'application/json',"
            " data: JSON.stringify({channelId: 8, pageNum: pageNum, pageSize: 10}), success: draw});</script>")
    endpoint = find_endpoint(page, "http://h.test/news/")
    assert endpoint.request(2) == ("http://h.test/api/cms/article/page", '{"channelId":8,"pageNum":2,"pageSize":10}')
    whole = find_endpoint("<ul id='l'></ul><script>$.get('/data/news.xml', function(xml){ draw(xml); });"
                          "$.get('/plus/count.php?aid=1');</script>", "http://h.test/news/")
    assert whole.url == "http://h.test/data/news.xml" and whole.page_key == () and whole.request(1) == ("http://h.test/data/news.xml", None)


def test_a_page_past_the_end_never_falls_back_to_the_box_beside_the_list():
    first = find_list_block("<html><body><div class='main'>" + _box("left", "/yyxw/", NEWS) + _box("right", "/tzgg/", NOTICES)
                            + "</div></body></html>", "http://h.test/yyxw/index.html")
    assert first.others
    empty = "<html><body><div class='main'><div class='box left'><ul></ul></div>" + _box("right", "/tzgg/", NOTICES) + "</div></body></html>"
    assert find_list_block(empty, "http://h.test/yyxw/index_9.html", prefer=first.signature).entries   # the old way: a sidebar
    assert find_list_block(empty, "http://h.test/yyxw/index_9.html", prefer=first.signature, avoid=first.others).entries == []


def test_jpaas_param_json_built_by_concatenation():
    page = ("<div id='1'></div><script>function list(pageNo){ $.ajax({url: '/api-gateway/jpaas-publish-server/front/page/build/unit',"
            " data: {webId: '2', pageId: '77', paramJson: '{\"pageNo\":' + pageNo + ',\"pageSize\":\"15\"}'}}); } list(1);</script>")
    url, _ = find_endpoint(page, "http://h.test/col/col77/index.html").request(3)
    assert "paramJson=%7B%22pageNo%22%3A3%2C%22pageSize%22%3A%2215%22%7D" in url
