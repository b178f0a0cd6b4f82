"""The generic `news` spider crawling every fixture CMS site end to end through the real `scrapy crawl`.

Each site (tests/fixtures/sites/<host>/, rendered by _generate.py) is crawled from its list URL alone;
every field of every article is compared with tests/fixtures/expected/<host>.jsonl. The sites, their
start URLs, article and list-page counts and counter endpoints come from tests/fixtures/expected/sites.json.
"""

import json

import pytest

from ..support import FIXTURES, read_jsonl, scrapy_command

MANIFEST = json.loads((FIXTURES / "expected" / "sites.json").read_text("utf-8"))
# host → (start URL, a substring of its JavaScript view-counter URLs or None), as the generator wrote them
SITES = {host: (facts["start_url"], facts["counter_path"]) for host, facts in MANIFEST.items()}
COUNTER_SITES = sorted(host for host, (_, counter) in SITES.items() if counter)


def expected_of(host):
    return {item["url"]: item for item in read_jsonl(FIXTURES / "expected" / f"{host}.jsonl")}


def counter_hits(mirror, since, counter):
    return [url for url in mirror.requests[since:] if counter and counter in url]


def crawl(mirror, tmp_path, host, *extra, settings=None):
    since = len(mirror.requests)
    result = scrapy_command(mirror.url, ["crawl", "news", "-a", f"start_url={SITES[host][0]}", *extra], tmp_path,
                            settings=settings)
    assert result.returncode == 0, result.log[-3000:]
    return result, counter_hits(mirror, since, SITES[host][1])


@pytest.fixture(scope="module", params=sorted(SITES))
def site_crawl(request, mirror, tmp_path_factory):
    host = request.param
    tmp = tmp_path_factory.mktemp(host.replace(".", "_"))
    result, hits = crawl(mirror, tmp, host)
    return host, result, hits, tmp


def test_the_fixture_sites_are_big_enough():
    assert len(SITES) >= 5 and len(COUNTER_SITES) >= 2
    for host, facts in MANIFEST.items():
        assert facts["articles"] >= 15 and facts["list_pages"] >= 3, host
        assert len(expected_of(host)) == facts["articles"]


def test_every_article_found_once_and_nothing_else(site_crawl):
    host, result, _, _ = site_crawl
    assert sorted(item["url"] for item in result.items) == sorted(expected_of(host))
    assert result.stat("hospitalnews/list_pages") == MANIFEST[host]["list_pages"]
    assert result.stat("hospitalnews/parse_errors") == 0
    assert result.stat("hospitalnews/dropped") == 0
    assert result.stat("log_count/ERROR") == 0


def test_every_field_of_every_article(site_crawl):
    host, result, _, _ = site_crawl
    expected = expected_of(host)
    wrong = []
    for item in result.items:
        assert item.pop("crawled_at").endswith("+00:00")
        want = expected[item["url"]]
        wrong += [(item["url"], name, item.get(name), want[name]) for name in want if item.get(name) != want[name]]
    assert wrong == []


def test_counter_endpoints_requested_once_per_article(site_crawl):
    host, result, hits, _ = site_crawl
    if SITES[host][1] is None:
        assert result.stat("hospitalnews/view_counter_requests") == 0
        return
    assert len(hits) == len(set(hits)) == MANIFEST[host]["articles"]
    assert result.stat("hospitalnews/view_counter_failed") == 0


@pytest.mark.parametrize("host", COUNTER_SITES)
def test_no_counter_request_on_a_rerun_nor_when_switched_off(mirror, tmp_path, host):
    off, hits = crawl(mirror, tmp_path, host, settings={"VIEW_COUNTER_REQUESTS": "0"})
    assert hits == [] and len(off.items) == MANIFEST[host]["articles"]
    assert all(item["view_count"] is None for item in off.items)
    # everything is archived now: a rerun fetches no article and so no counter
    rerun, hits = crawl(mirror, tmp_path, host)
    assert hits == [] and rerun.items == [] and rerun.stat("archive/written") == 0
    assert rerun.stat("hospitalnews/articles_known") >= 1
    # a full re-crawl re-exports every article but still never calls an archived article's counter
    full, hits = crawl(mirror, tmp_path, host, "-a", "full=1")
    assert hits == [] and len(full.items) == MANIFEST[host]["articles"]


def test_max_pages_and_site_key(mirror, tmp_path):
    result, _ = crawl(mirror, tmp_path, "www.trs-hospital.test", "-a", "max_pages=1")
    assert result.stat("hospitalnews/list_pages") == 1
    assert 0 < len(result.items) < MANIFEST["www.trs-hospital.test"]["articles"]
    assert {item["site"] for item in result.items} == {"trs_hospital_test"}   # derived from the host
    assert (tmp_path / "archive" / "trs_hospital_test").is_dir()
    named, _ = crawl(mirror, tmp_path, "www.aspnet-hospital.test", "-a", "site=aspnet", "-a", "max_pages=1")
    assert {item["site"] for item in named.items} == {"aspnet"}



def test_as_good_as_the_hand_written_spider_on_its_own_site(mirror, tmp_path):
    """`news` on www.sd-cancer.com, given only the list URL, equals sd_cancer's golden file on every field."""
    expected = {item["url"]: item for item in read_jsonl(FIXTURES / "sd_cancer" / "expected.jsonl")}
    result = scrapy_command(mirror.url, ["crawl", "news", "-a", "start_url=http://www.sd-cancer.com/news_hos",
                                         "-a", "site=sd_cancer"], tmp_path)
    assert result.returncode == 0 and result.stat("hospitalnews/list_pages") == 3
    assert sorted(item["url"] for item in result.items) == sorted(expected)
    for item in result.items:
        item.pop("crawled_at")
        item.pop("warc_record_id")  # provenance (tests/warc): a fresh id per crawl
        assert item == expected[item["url"]]


def test_a_page_with_no_list_is_logged_and_counted_not_guessed(mirror, tmp_path):
    """The sd-cancer home page has a nav menu and footer but no news list: nothing is crawled as articles."""
    result = scrapy_command(mirror.url, ["crawl", "news", "-a", "start_url=http://www.sd-cancer.com/"], tmp_path)
    assert result.returncode == 0 and result.items == []
    assert result.stat("hospitalnews/list_pages_without_articles") == 1
    assert "yields no article links" in result.log


def test_unusable_and_unparsable_pages_are_recorded_with_their_url(tmp_path):
    """The news spider shares the base's article checks: an empty 200 is not archived, and its URL is
    in the failures the run report lists."""
    from hospitalnews.nightly.failures import FAILURES_KEY
    from hospitalnews.offline import serve_mirrors

    from ..support import scrapy_command

    site = tmp_path / "mirror" / "www.empty-page.test"
    (site / "news").mkdir(parents=True)
    sentence = "我院召开年度工作会议，总结过去一年的工作成绩，部署新一年的重点任务，全院职工参加会议。"
    items = "".join(f'<li><a href="/news/{n}.html">我院召开第{n}次职工代表大会工作会议</a><span>2025-01-0{n}</span></li>'
                    for n in (1, 2, 3))
    (site / "news" / "index.html").write_text(
        f"<html><head><title>新闻-空页医院</title></head><body><ul>{items}</ul></body></html>", "utf-8")
    for n in (1, 2):
        (site / "news" / f"{n}.html").write_text(
            f"<html><head><title>我院召开第{n}次职工代表大会工作会议-空页医院</title></head><body>"
            f"<h1>我院召开第{n}次职工代表大会工作会议</h1><p>发布时间：2025-01-0{n}</p>"
            f"<div class='content'><p>{sentence}</p><p>{sentence}</p></div></body></html>", "utf-8")
    (site / "news" / "3.html").write_bytes(b"")  # an empty 200
    with serve_mirrors([tmp_path / "mirror"]) as proxy:
        result = scrapy_command(proxy.url, ["crawl", "news", "-a", "start_url=http://www.empty-page.test/news/"],
                                tmp_path)
    assert result.returncode == 0, result.log[-2000:]
    assert sorted(item["url"].rsplit("/", 1)[1] for item in result.items) == ["1.html", "2.html"]
    failed = [f["url"] for f in result.stats.get(FAILURES_KEY, [])]
    assert failed == ["http://www.empty-page.test/news/3.html"]
