"""The site registry (data/sites.toml) and the news spider's use of it."""

import json

from hospitalnews.registry import load_sites, site_by_key, site_for_url
from hospitalnews.spiders.news import site_key_for

from .support import FIXTURES, REPO, read_jsonl

REGISTRY = """
[[site]]
key = "aspnet_demo"
name = "阿斯示范医院"
start_urls = ["http://www.aspnet-hospital.test/News/List.aspx?cid=3"]
layout = "assumed"
notes = "test entry"
[site.overrides]
list_css = "ul.newslist > li"
category = "医院动态"
"""


def test_every_registry_entry_is_complete():
    sites = load_sites(REPO / "data" / "sites.toml")
    assert sites and len({s.key for s in sites}) == len(sites)
    for site in sites:
        assert site.key.replace("_", "").isalnum() and site.key == site.key.lower()
        assert site.name and site.start_urls and all(u.startswith(("http://", "https://")) for u in site.start_urls)
        assert site.layout in ("confirmed", "assumed") and site.notes, site.key


def test_lookup_by_key_and_by_host(tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(REGISTRY, "utf-8")
    assert site_by_key("aspnet_demo", path).overrides["list_css"] == "ul.newslist > li"
    assert site_for_url("https://aspnet-hospital.test/News/Detail.aspx?id=1", path).key == "aspnet_demo"
    assert site_for_url("http://www.other.test/", path) is None and site_by_key("nope", path) is None


def test_site_key_for_an_unregistered_host():
    assert site_key_for("http://www.trs-hospital.test/xwzx/") == "trs_hospital_test"
    assert site_key_for("https://news.example-yy.cn:8080/a") == "news_example_yy_cn"


def test_a_registered_site_is_crawled_by_key_with_its_overrides(scrapy_run, tmp_path):
    path = tmp_path / "sites.toml"
    path.write_text(REGISTRY, "utf-8")
    result = scrapy_run(["crawl", "news", "-a", "site=aspnet_demo", "-a", f"registry={path}", "-a", "max_pages=2"])
    assert result.returncode == 0, result.log[-2000:]
    assert result.stat("hospitalnews/list_pages") == 2
    manifest = json.loads((FIXTURES / "expected" / "sites.json").read_text("utf-8"))["www.aspnet-hospital.test"]
    assert 0 < len(result.items) < manifest["articles"]
    assert {(i["site"], i["site_name"]) for i in result.items} == {("aspnet_demo", "阿斯示范医院")}
    assert (tmp_path / "archive" / "aspnet_demo").is_dir()


def test_the_registered_tazhongyi_site_crawled_by_key(scrapy_run):
    """`-a site=tazhongyi`: start URL, name and key from data/sites.toml; every field as expected."""
    expected = {item["url"]: item for item in read_jsonl(FIXTURES / "expected" / "tazhongyi.jsonl")}
    result = scrapy_run(["crawl", "news", "-a", "site=tazhongyi"])
    assert result.returncode == 0, result.log[-2000:]
    assert result.stat("hospitalnews/list_pages") == 2 and result.stat("log_count/ERROR") == 0
    assert sorted(item["url"] for item in result.items) == sorted(expected)
    for item in result.items:
        item.pop("crawled_at")
        item.pop("warc_record_id")  # provenance (tests/warc): a fresh id per crawl
        assert item == expected[item["url"]]


def test_a_counter_template_override_and_a_failing_counter(scrapy_run, tmp_path):
    """A registry counter_url template pointing at an endpoint that answers 404: every article is still
    archived, with view_count null, and each failure is counted."""
    manifest = json.loads((FIXTURES / "expected" / "sites.json").read_text("utf-8"))["www.dede-hospital.test"]
    path = tmp_path / "sites.toml"
    path.write_text(f"""
[[site]]
key = "dede_broken_counter"
name = "德德示范医院"
start_urls = ["{manifest['start_url']}"]
layout = "assumed"
notes = "test entry"
[site.overrides]
counter_url = "/plus/gone.php?aid={{id}}"
""", "utf-8")
    result = scrapy_run(["crawl", "news", "-a", "site=dede_broken_counter", "-a", f"registry={path}"],
                        settings={"RETRY_TIMES": "0"})
    assert result.returncode == 0, result.log[-2000:]
    assert len(result.items) == manifest["articles"]
    assert all(item["view_count"] is None for item in result.items)
    assert result.stat("hospitalnews/view_counter_requests") == manifest["articles"]
    assert result.stat("hospitalnews/view_counter_failed") == manifest["articles"]
