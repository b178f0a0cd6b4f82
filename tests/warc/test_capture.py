"""WARC capture in real crawls (`scrapy crawl` through the mirror proxy) of the demo sites and a site
with JavaScript view counters: every response is stored, readable by warcio, and the archive's
warc_record_id points at the page; a rerun of an unchanged site adds revisit records only."""

import json

import pytest

from hospitalnews.urls import article_id

from ..support import FIXTURES, scrapy_command
from .support import read_warc, site_records

EPAPER = {"EPAPER_PAPERS": str(FIXTURES / "epaper" / "papers.toml")}
CRAWLS = {  # site key → (scrapy arguments, extra settings)
    "sd_cancer": (["crawl", "sd_cancer"], {}),
    "tazhongyi": (["crawl", "news", "-a", "site=tazhongyi"], {}),
    "dede": (["crawl", "news", "-a", "start_url=http://www.dede-hospital.test/a/yyxw/", "-a", "site=dede"], {}),
    "taianribao": (["crawl", "epaper", "-a", "paper=taianribao", "-a", "date=2024-02-05"], EPAPER),
}


@pytest.fixture(scope="module")
def captured(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("capture")
    results = {}
    for site, (args, settings) in CRAWLS.items():
        result = scrapy_command(mirror.url, args, tmp, settings=settings)
        assert result.returncode == 0, result.log[-3000:]
        results[site] = result
    return tmp, results


def archived(tmp, site):
    return [json.loads(line) for path in sorted((tmp / "archive" / site).glob("*.jsonl"))
            for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("site", sorted(CRAWLS))
def test_every_response_is_stored_and_reads_back(captured, site):
    tmp, results = captured
    result = results[site]
    records = site_records(tmp / "warc", site)        # read to the end, digests checked
    responses = [r for r in records if r.type == "response"]
    assert len(responses) == result.stat("downloader/response_count") == result.stat("warc/records/response")
    requests = {r.headers["WARC-Concurrent-To"]: r for r in records if r.type == "request"}
    for response in responses:                          # each with the request that fetched it
        assert requests[response.id].uri == response.uri
    uris = {r.uri for r in responses}
    assert any(uri.endswith("/robots.txt") for uri in uris)
    assert {item["url"] for item in result.items} <= uris
    assert list((tmp / "warc" / site / ".staging").glob("*.part")) == []


def test_view_counter_answers_are_stored(captured):
    tmp, results = captured
    counters = [r for r in site_records(tmp / "warc", "dede") if r.type == "response" and "/plus/count.php" in r.uri]
    assert len(counters) == results["dede"].stat("hospitalnews/view_counter_requests") > 0
    assert all(r.payload for r in counters)


@pytest.mark.parametrize("site", sorted(CRAWLS))
def test_each_archived_article_names_the_record_of_its_page(captured, site):
    tmp, _ = captured
    by_id = {r.id: r for r in site_records(tmp / "warc", site)}
    articles = archived(tmp, site)
    assert articles
    for article in articles:
        record = by_id[f"<{article['warc_record_id']}>"]
        assert record.type == "response" and record.status == 200
        assert article_id(record.uri) == article["id"]
        assert b"<html" in record.payload.lower()


def test_the_request_record_never_keeps_proxy_credentials(captured):
    tmp, _ = captured
    for record in site_records(tmp / "warc", "sd_cancer"):
        if record.type == "request":
            assert b"proxy-authorization" not in record.payload.lower()
            assert "Host" not in record.headers  # (WARC headers; the HTTP Host line is in the block)


@pytest.mark.slow
def test_a_rerun_of_an_unchanged_site_adds_only_revisit_records(mirror, tmp_path):
    args = ["crawl", "sd_cancer"]
    first = scrapy_command(mirror.url, args, tmp_path)
    assert first.returncode == 0
    files_before = set((tmp_path / "warc" / "sd_cancer").glob("*.warc.gz"))
    stored = {r.id: r for r in site_records(tmp_path / "warc", "sd_cancer")}
    for rerun_args in (args, args + ["-a", "full=1"]):      # the nightly rerun, and a full re-crawl
        again = scrapy_command(mirror.url, rerun_args, tmp_path)
        assert again.returncode == 0
        assert again.stat("warc/records/response") == 0
        assert again.stat("warc/records/revisit") == again.stat("downloader/response_count") > 0
    new_files = set((tmp_path / "warc" / "sd_cancer").glob("*.warc.gz")) - files_before
    new = [r for f in sorted(new_files) for r in read_warc(f)]
    assert {r.type for r in new} == {"warcinfo", "request", "revisit", "metadata"}
    for revisit in (r for r in new if r.type == "revisit"):
        original = stored[revisit.headers["WARC-Refers-To"]]
        assert original.uri == revisit.uri
        assert original.headers["WARC-Payload-Digest"] == revisit.headers["WARC-Payload-Digest"]
    # the revisits cost a small fraction of the first night
    new_bytes = sum(f.stat().st_size for f in new_files)
    assert new_bytes < sum(f.stat().st_size for f in files_before)


def test_switched_off_no_warc_is_written(mirror, tmp_path):
    result = scrapy_command(mirror.url, ["crawl", "sd_cancer"], tmp_path, settings={"WARC_ENABLED": "0"})
    assert result.returncode == 0 and len(result.items) == 9
    assert not (tmp_path / "warc").exists()
    assert all(item["warc_record_id"] is None for item in result.items)


def test_warc_dir_setting(mirror, tmp_path):
    result = scrapy_command(mirror.url, ["crawl", "sd_cancer", "-a", "max_pages=1"], tmp_path,
                            settings={"WARC_DIR": str(tmp_path / "elsewhere")})
    assert result.returncode == 0
    assert list((tmp_path / "elsewhere" / "sd_cancer").glob("*.warc.gz"))
    assert not (tmp_path / "warc").exists()


def test_a_capture_that_cannot_be_written_costs_the_pages_not_the_crawl(mirror, tmp_path):
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    result = scrapy_command(mirror.url, ["crawl", "sd_cancer", "-a", "max_pages=1"], tmp_path,
                            settings={"WARC_DIR": str(blocked)})
    assert result.returncode == 0 and result.items
    assert result.stat("warc/write_errors") == result.stat("downloader/response_count") > 0
    assert result.stat("archive/written") == len(result.items)
    assert all(item["warc_record_id"] is None for item in result.items)
