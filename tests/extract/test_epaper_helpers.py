"""The e-paper spider's pure helpers: which issue dates a run asks for, and print text out of HTML."""

from datetime import date

import pytest
from lxml import etree

from hospitalnews.spiders.epaper import _text_with_breaks, issue_dates

TODAY = date(2024, 2, 7)


@pytest.mark.parametrize("day, since, until, dates", [
    ("2024-02-05", None, None, [date(2024, 2, 5)]),
    (None, "2024-02-05", None, [date(2024, 2, 7), date(2024, 2, 6), date(2024, 2, 5)]),
    (None, "2024-02-04", "2024-02-05", [date(2024, 2, 5), date(2024, 2, 4)]),
    (None, None, None, [TODAY]),
])
def test_issue_dates(day, since, until, dates):
    assert issue_dates(day, since, until, TODAY) == dates


@pytest.mark.parametrize("html, text", [
    # <br> is a line break, <br><br> a blank line; the source's own newlines are not text
    ('<div id="ozoom">本报讯 （记者 于冰冰 通讯<br>\n员 马克） 为保障<br>\n<br>\n调 研 组</div>',
     "本报讯 （记者 于冰冰 通讯\n员 马克） 为保障\n\n调 研 组"),
    ("<div>一<b>二</b>三<!-- 注释 --><script>x()</script>四</div>", "一二三四"),
    ("<div><p>第一段。</p><p>第二段。</p></div>", "第一段。\n第二段。\n"),
])
def test_text_with_breaks(html, text):
    assert _text_with_breaks(etree.HTML(html).find(".//div")) == text


@pytest.mark.parametrize("headers, meta, decoded_as", [
    ({"Content-Type": "text/html; charset=gbk"}, "", "gb18030"),      # the header says it (read as its superset)
    ({"Content-Type": "text/html"}, '<meta charset="gb2312">', "gb18030"),  # the page says it
    ({"Content-Type": "text/html"}, "", "gbk"),                        # nobody says it: the paper's encoding
])
def test_pages_in_gbk_are_read_with_or_without_a_declared_charset(headers, meta, decoded_as):
    from scrapy.http import HtmlResponse, Request
    from scrapy.utils.test import get_crawler

    from hospitalnews.spiders.epaper import EpaperSpider

    crawler = get_crawler(EpaperSpider, {"EPAPER_CONFIG": "data/papers.toml"})
    spider = EpaperSpider.from_crawler(crawler, paper="taianribao", date="2024-02-06")
    body = f"<html><head>{meta}</head><body><div id=pagename>第A3版：健康</div></body></html>".encode("gbk")
    request = Request("http://epaper.my0538.com/epaper/taianribao/content/20240206/Page03YF.htm",
                      meta={"paper": "taianribao"})
    response = spider.decoded(HtmlResponse(request.url, headers=headers, body=body, request=request))
    assert response.encoding == decoded_as
    assert response.css("#pagename::text").get() == "第A3版：健康"
