"""sd_cancer crawled through the real `scrapy crawl` against the bundled mirror of www.sd-cancer.com."""

import pytest

from ..support import FIXTURES, read_jsonl

EXPECTED = {item["url"]: item for item in read_jsonl(FIXTURES / "sd_cancer" / "expected.jsonl")}


@pytest.fixture(scope="module")
def crawl(sd_cancer_crawl):
    """The session's one real ``scrapy crawl sd_cancer`` (conftest.py), read only."""
    return sd_cancer_crawl[1]


def test_every_article_is_found_once_and_nothing_else(crawl):
    assert sorted(item["url"] for item in crawl.items) == sorted(EXPECTED)
    assert crawl.stat("hospitalnews/list_pages") == 3  # pagination followed to the last page
    assert crawl.stat("log_count/ERROR") == 0


@pytest.mark.parametrize("url", sorted(EXPECTED))
def test_every_field_of_every_article(crawl, url):
    item = next(i for i in crawl.items if i["url"] == url)
    crawled_at = item.pop("crawled_at")
    item.pop("warc_record_id")  # provenance (tests/warc): a fresh id per crawl
    assert crawled_at.endswith("+00:00")
    assert item == EXPECTED[url]


def test_seed_page_content_is_the_seed_text(crawl):
    """The mirror's copy of the real page must give exactly the paragraphs of the seed's text."""
    seed = (FIXTURES / "seeds" / "002_4ffb548034b0e655.txt").read_text("utf-8").split("\n")
    meta_line = next(i for i, line in enumerate(seed) if line.startswith("发布时间"))
    item = next(i for i in crawl.items if i["publish_time"] == "2023-01-28T09:17:57+08:00")
    assert item["title"] == seed[2].strip()
    assert item["content"] == "\n".join(line.strip() for line in seed[meta_line + 1:] if line.strip())
    assert (item["source"], item["view_count"], item["category"]) == (None, 0, "医院新闻")


def test_both_host_names_give_one_id(crawl):
    from hospitalnews.urls import article_id

    bare = next(i for i in crawl.items if i["url"].startswith("https://sd-cancer.com/"))
    assert bare["id"] == article_id(bare["url"].replace("https://", "http://www."))


def test_list_dates_are_the_entries_own_not_a_date_inside_the_teaser():
    """The teasers hold dates too (报名截止2023年3月31日, 4月15日…): a list date must be the entry's own."""
    from scrapy.http import HtmlResponse

    from hospitalnews.spiders.sd_cancer import SdCancerSpider

    from ..support import REPO

    for page in ("index.html", "page-2.html", "page-3.html"):
        body = (REPO / "data" / "mirrors" / "www.sd-cancer.com" / "news_hos" / page).read_bytes()
        response = HtmlResponse("http://www.sd-cancer.com/news_hos", body=body)
        for listing in SdCancerSpider().list_entries(response):
            expected = next(e for u, e in EXPECTED.items() if u.rsplit("/", 1)[1] == listing.url.rsplit("/", 1)[1])
            assert listing.date_raw == expected["publish_time"][:10], listing.url
