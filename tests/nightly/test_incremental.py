"""The nightly rerun: an unchanged site costs its first list page(s) and robots.txt; new articles are exactly what is added."""

import json

from hospitalnews.offline import serve_mirrors

from ..support import archive_lines, scrapy_command
from .site import HOST, article_path, build_site

SPIDERS = {"SPIDER_MODULES": "hospitalnews.spiders,tests.nightly.spiders"}


def crawl(proxy, tmp_path, *args, **settings):
    return scrapy_command(proxy.url, ["crawl", "nightly_site", *args], tmp_path, settings={**SPIDERS, **settings},
                          feed=False)


def archived(tmp_path):
    return [json.loads(line) for line in archive_lines(tmp_path / "archive", "nightly_site")]


def test_unchanged_site_costs_first_list_pages_and_five_new_articles_are_exactly_archived(tmp_path):
    mirrors = tmp_path / "mirrors"
    build_site(mirrors, {"news": 35, "notice": 23})
    with serve_mirrors([mirrors]) as proxy:
        first = crawl(proxy, tmp_path)
        assert first.returncode == 0, first.log[-3000:]
        assert first.stat("archive/written") == 58 and len(archived(tmp_path)) == 58

        # default overlap 1: page 1 of each section, one more page to allow for re-ordering, robots.txt
        proxy.requests.clear()
        second = crawl(proxy, tmp_path)
        assert second.returncode == 0
        assert sorted(proxy.requests) == sorted([
            f"http://{HOST}/robots.txt",
            f"http://{HOST}/news/", f"http://{HOST}/news/index_2.html",
            f"http://{HOST}/notice/", f"http://{HOST}/notice/index_2.html",
        ])
        assert second.stat("archive/written") == 0

        # overlap 0: the first list page of each section and nothing else
        proxy.requests.clear()
        third = crawl(proxy, tmp_path, "-a", "incremental_overlap=0")
        assert third.returncode == 0
        assert sorted(proxy.requests) == sorted([f"http://{HOST}/robots.txt", f"http://{HOST}/news/", f"http://{HOST}/notice/"])

        # overnight, 3 news and 2 notices are published: exactly those 5 are fetched and archived
        build_site(mirrors, {"news": 38, "notice": 25})
        proxy.requests.clear()
        fourth = crawl(proxy, tmp_path)
        assert fourth.returncode == 0
        new_pages = {f"http://{HOST}{article_path('news', s)}" for s in (36, 37, 38)} | {
            f"http://{HOST}{article_path('notice', s)}" for s in (24, 25)}
        assert {url for url in proxy.requests if "index" not in url and url.endswith(".html")} == new_pages
        assert fourth.stat("archive/written") == 5
        records = archived(tmp_path)
        assert len(records) == 63 and len({r["id"] for r in records}) == 63
        assert {r["url"] for r in records[-5:]} == new_pages


def test_a_crawl_killed_mid_walk_is_resumed_to_the_last_list_page(tmp_path):
    """Without the walk state, the rerun would stop at page 2 (all known) and never archive the deep pages."""
    mirrors = tmp_path / "mirrors"
    build_site(mirrors, {"news": 60}, per_page=5)
    with serve_mirrors([mirrors]) as proxy:
        # first run capped at 2 list pages: its walks stay incomplete, like a killed crawl's
        capped = crawl(proxy, tmp_path, "-a", "max_pages=2")
        assert capped.stat("archive/written") == 10  # /news/ pages 1-2 (this site has no /notice/)
        rerun = crawl(proxy, tmp_path)
        assert rerun.returncode == 0
        assert rerun.stat("archive/written") == 50
        assert len(archived(tmp_path)) == 60
        proxy.requests.clear()
        crawl(proxy, tmp_path, "-a", "incremental_overlap=0")
        assert f"http://{HOST}/news/index_2.html" not in proxy.requests  # the walk is complete now


def test_requests_built_without_an_errback_still_record_their_failures(tmp_path):
    mirrors = tmp_path / "mirrors"
    build_site(mirrors, {"news": 3})
    with serve_mirrors([mirrors]) as proxy:
        result = scrapy_command(proxy.url, ["crawl", "bare_start"], tmp_path, feed=False,
                                settings={"SPIDER_MODULES": "tests.nightly.extra_spiders"})
    assert result.returncode == 0
    assert result.stat("archive/written") == 3
    assert result.stat("hospitalnews/failures") == [{"url": f"http://{HOST}/gone/", "kind": "http", "reason": "HTTP 404"}]
