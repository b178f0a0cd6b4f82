"""Recognising an e-paper system from its URLs, and naming an unconfigured paper."""

from datetime import date

import pytest

from hospitalnews.extract.epaper_systems import looks_like_epaper, paper_key, paper_name, recognise
from hospitalnews.extract.institutions import paper_place
from hospitalnews.papers import load_papers

from ..support import REPO

LAYOUTS = load_papers(REPO / "data" / "papers.toml").layouts


@pytest.mark.parametrize("url, layout, root, day, kind", [
    ("http://epaper.x.cn/html/2024-02/05/node_2.htm", "founder", "http://epaper.x.cn/", date(2024, 2, 5), "page"),
    ("http://x.cn/szb/html/2023-12/31/content_12_3.htm", "founder", "http://x.cn/szb/", date(2023, 12, 31), "story"),
    ("https://x.cn/pc/layout/202402/05/node_A01.html", "founder_pc", "https://x.cn/", date(2024, 2, 5), "page"),
    ("https://x.cn/dzb/pc/content/202402/05/content_1234.html", "founder_pc", "https://x.cn/dzb/", date(2024, 2, 5), "story"),
    ("https://x.cn/pc/c/202402/05/content_1234.html", "founder_pc", "https://x.cn/", date(2024, 2, 5), "story"),
    ("http://e.x.cn/epaper/rb/content/20240205/Page01YF.htm", "my0538", "http://e.x.cn/epaper/rb/", date(2024, 2, 5), "page"),
    ("http://e.x.cn/epaper/rb/content/20240205/Articel03001YF.htm", "my0538", "http://e.x.cn/epaper/rb/", date(2024, 2, 5), "story"),
])
def test_recognise_every_system(url, layout, root, day, kind):
    spot = recognise(url, LAYOUTS)
    assert (spot.layout, spot.root, spot.day, spot.kind) == (layout, root, day, kind)


@pytest.mark.parametrize("url, other", [
    ("http://x.cn/html/2024-02/05/node_3.htm", "http://x.cn/html/2024-03/01/node_3.htm"),
    ("http://x.cn/pc/layout/202402/05/node_A01.html", "http://x.cn/pc/layout/202403/01/node_A01.html"),
    ("http://x.cn/content/20240205/Page01YF.htm", "http://x.cn/content/20240301/Page01YF.htm"),
])
def test_other_issue_keeps_the_url_form(url, other):
    assert recognise(url, LAYOUTS).same_form_for(date(2024, 3, 1)) == other


@pytest.mark.parametrize("url", ["http://www.x-hospital.cn/news/2024/0205/123.html", "http://x.cn/html/2024-13/45/node_2.htm",
                                 "http://x.cn/list.aspx?page=2"])
def test_hospital_pages_are_not_epapers(url):
    assert recognise(url, LAYOUTS) is None and not looks_like_epaper(url, LAYOUTS, "<html><p>医院新闻</p></html>")


def test_founder_markup_marks_an_epaper_whatever_the_url():
    assert looks_like_epaper("http://x.cn/a.htm", LAYOUTS, "<founder-content><p>x</p></founder-content>")
    assert looks_like_epaper("http://x.cn/a.htm", LAYOUTS, "<!--enpcontent--><p>x</p><!--/enpcontent-->")


@pytest.mark.parametrize("title, name", [
    ("第A01版：要闻_江北日报", "江北日报"), ("齐鲁晚报数字报", "齐鲁晚报"), ("泰山晚报-数字报刊平台", "泰山晚报"),
    ("河东晚报 | 电子版", "河东晚报"), ("第01版：要闻", "fallback"), (None, "fallback"), ("x" * 10_000, "fallback"),
])
def test_paper_name_from_titles(title, name):
    assert paper_name(title, "fallback") == name


@pytest.mark.parametrize("root, key", [
    ("http://epaper.my0538.com/epaper/taianribao/", "taianribao"), ("http://szb.hedong.cn/", "hedong_cn"),
    ("http://www.x.cn/html/", "x_cn"), ("http://epaper.x.cn/epaper/", "x_cn"),
])
def test_paper_key(root, key):
    assert paper_key(root) == key


def test_paper_place():
    assert paper_place("江北日报") == "江北" and paper_place("齐鲁晚报") == "齐鲁" and paper_place("人民网") is None
