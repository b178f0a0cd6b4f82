"""`scrapy crawl epaper -a start_url=URL` on papers nobody configured, one per e-paper system, built from
what real ones look like (tests/fixtures/sites/): the system is recognised from the URL, the name from
the page, every page and story of the issue is found, every field equals the hand-written
tests/fixtures/epaper/expected_start_*.jsonl.

- 江北日报 (Founder 方正, html/2024-03/12/node_2.htm): the start URL is the home page that
  META-refreshes to today's issue; page A02 links its stories only through an image map
  (<area href>); one story's only byline is <founder-author>; one has only <!--enpcontent--> and its
  headline only on the page's title list; a 往期 link to a missing day is not followed.
- 河东晚报 (Founder /pc/layout/ + /pc/content/): started from the issue's second page.
- 西山日报 (PaperReader-style Page01…/Articel…, GBK, printed-page text): started from a story.
"""

import pytest

from hospitalnews.urls import article_id

from ..support import FIXTURES, read_jsonl, scrapy_command

JIANGBEI_HOME = "http://epaper.jiangbei-daily.test/index.htm"
HEDONG_PAGE2 = "http://szb.hedong-evening.test/pc/layout/202403/12/node_02.html"
XISHAN_STORY = "http://dzb.xishan-news.test/paper/xsrb/content/20240312/Articel02001XS.htm"


def expected(name: str) -> dict[str, dict]:
    return {item["url"]: item for item in read_jsonl(FIXTURES / "epaper" / f"expected_start_{name}.jsonl")}


def crawl(mirror, tmp_path, *args):
    result = scrapy_command(mirror.url, ["crawl", "epaper", *args], tmp_path)
    assert result.returncode == 0, result.log[-3000:]
    assert result.stat("log_count/ERROR") == 0, result.log[-3000:]
    return result


def assert_items(items, wanted: dict[str, dict], day: str | None = None):
    if day:
        wanted = {url: item for url, item in wanted.items() if item["publish_time"].startswith(day)}
    assert sorted(i["url"] for i in items) == sorted(wanted)
    for item in items:
        item = dict(item)
        assert item.pop("id") == article_id(item["url"])
        assert item.pop("crawled_at").endswith("+00:00")
        assert item.pop("warc_record_id").startswith("urn:uuid:")   # the page's WARC record (a fresh id per crawl)
        assert item == wanted[item["url"]], item["url"]


@pytest.mark.parametrize("start, name, system", [
    (JIANGBEI_HOME, "jiangbei", "founder"),
    (HEDONG_PAGE2, "hedong", "founder_pc"),
    (XISHAN_STORY, "xishan", "my0538"),
])
def test_a_paper_nobody_configured_from_one_url(mirror, tmp_path, start, name, system):
    result = crawl(mirror, tmp_path, "-a", f"start_url={start}")
    assert result.stat("epaper/system") == system
    assert_items(result.items, expected(name), day="2024-03-12")
    assert result.stat("epaper/issues") == 1
    assert "To register it, add to data/papers.toml" in result.log


def test_since_derives_other_issues_and_reports_a_missing_one(mirror, tmp_path):
    result = crawl(mirror, tmp_path, "-a", f"start_url={JIANGBEI_HOME}", "-a", "since=2024-03-12",
                   "-a", "until=2024-03-14")
    assert_items(result.items, expected("jiangbei"))
    assert result.stat("epaper/issues") == 2 and result.stat("epaper/issues_missing") == 1
    assert "No issue at http://epaper.jiangbei-daily.test/html/2024-03/14/node_2.htm" in result.log


def test_date_picks_one_other_issue(mirror, tmp_path):
    result = crawl(mirror, tmp_path, "-a", f"start_url={JIANGBEI_HOME}", "-a", "date=2024-03-13")
    assert_items(result.items, expected("jiangbei"), day="2024-03-13")


def test_topic_all_keeps_every_story(mirror, tmp_path):
    result = crawl(mirror, tmp_path, "-a", f"start_url={HEDONG_PAGE2}", "-a", "topic=all")
    assert len(result.items) == 4 and result.stat("epaper/stories_off_topic", 0) == 0


def test_not_an_epaper_is_an_error_not_an_archive(mirror, tmp_path):
    result = scrapy_command(mirror.url, ["crawl", "epaper", "-a", "start_url=http://www.dede-hospital.test/a/tzgg/2025/0910/800.html"], tmp_path)
    assert result.items == [] and result.stat("epaper/not_recognised") == 1
    assert "is not a page of a known e-paper system" in result.log


@pytest.mark.parametrize("start", [JIANGBEI_HOME, HEDONG_PAGE2])
def test_news_on_an_epaper_names_the_right_command(mirror, tmp_path, start):
    """By URL form (HEDONG) or after the home page's META refresh (JIANGBEI): never archived as news."""
    result = scrapy_command(mirror.url, ["crawl", "news", "-a", f"start_url={start}"], tmp_path)
    assert not result.items
    assert "is an e-paper (数字报), not a news list: crawl it with `scrapy crawl epaper -a start_url=" in result.log
    assert not list((tmp_path / "archive").glob("*/*.jsonl"))
