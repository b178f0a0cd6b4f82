"""The records of one exchange, in process: what is kept, revisits, and a gzip-encoded page replayed
through Scrapy's own decompression."""

import asyncio
import dataclasses
import datetime as dt
import gzip
import json

import pytest
from scrapy import Spider
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler

from hospitalnews.extract.listing import ListEntry
from hospitalnews.warc.capture import WarcCaptureMiddleware
from hospitalnews.warc.records import load_replay_info, payload_digest, replay_info
from hospitalnews.warc.replay import WarcReplayMiddleware

from .support import site_records


class NewsSpider(Spider):
    name = "news_test"
    site = "example"

    def parse_article(self, response, listing=None):
        pass


@pytest.fixture
def crawler(tmp_path):
    crawler = get_crawler(NewsSpider, {"ARCHIVE_DIR": str(tmp_path / "archive")})
    crawler.spider = NewsSpider()
    return crawler


def capture(crawler, request, response):
    middleware = WarcCaptureMiddleware(crawler)
    out = asyncio.run(middleware.process_response(request, response))
    middleware.spider_closed(crawler.spider, "finished")
    return out


def test_what_an_exchange_keeps(crawler, tmp_path):
    spider = crawler.spider
    listing = ListEntry("http://www.example-hospital.cn/a.html", "标题", "2024-03-18", "摘要")
    request = Request("http://www.example-hospital.cn/a.html?x=1", callback=spider.parse_article,
                      cb_kwargs={"listing": listing}, meta={"paper": "p", "download_slot": "s", "_private": 1},
                      headers={"Proxy-Authorization": "Basic c2VjcmV0", "Referer": "http://www.example-hospital.cn/"})
    response = HtmlResponse(request.url, body="<html>正文</html>".encode(), request=request,
                            headers={"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"})
    capture(crawler, request, response)
    records = {r.type: r for r in site_records(tmp_path / "warc", "example")}
    assert set(records) == {"warcinfo", "request", "response", "metadata"}
    assert request.meta["warc_record_id"] == records["response"].id.strip("<>")
    raw_request = records["request"]
    assert raw_request.headers["WARC-Concurrent-To"] == records["response"].id
    assert records["response"].payload == "<html>正文</html>".encode()
    assert b"hospitalnews-spider: news_test" in records["warcinfo"].payload
    info = load_replay_info(records["metadata"].payload)
    assert info["callback"] == "parse_article" and info["cb_kwargs"] == {"listing": listing}
    assert info["meta"] == {"paper": "p"}      # Scrapy's own and private keys are not the spider's


def test_request_headers_keep_no_proxy_credentials_and_responses_no_transfer_encoding(crawler, tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    request = Request("http://www.example-hospital.cn/b.html", headers={"Proxy-Authorization": "Basic c2VjcmV0"})
    response = HtmlResponse(request.url, body=b"<html>b</html>", request=request,
                            headers={"Transfer-Encoding": "chunked", "Content-Type": "text/html"})
    capture(crawler, request, response)
    [path] = (tmp_path / "warc" / "example").glob("*.warc.gz")
    with open(path, "rb") as stream:
        lines = {r.rec_type: r.http_headers.to_str().split("\r\n")[0] for r in ArchiveIterator(stream) if r.http_headers}
    assert lines == {"request": "GET /b.html HTTP/1.1", "response": "HTTP/1.1 200 OK"}
    with open(path, "rb") as stream:
        http = {r.rec_type: dict(r.http_headers.headers) for r in ArchiveIterator(stream) if r.http_headers}
    assert "Proxy-Authorization" not in http["request"] and http["request"]["Host"] == "www.example-hospital.cn"
    assert "Transfer-Encoding" not in http["response"]


def test_same_page_again_is_a_revisit_and_a_changed_one_is_not(crawler, tmp_path):
    url = "http://www.example-hospital.cn/c.html"
    for body in (b"<html>v1</html>", b"<html>v1</html>", b"<html>v2</html>"):
        request = Request(url)
        capture(crawler, request, HtmlResponse(url, body=body, request=request))
    records = sorted((r for r in site_records(tmp_path / "warc", "example") if r.type in ("response", "revisit")),
                     key=lambda r: r.headers["WARC-Date"])   # (one file per capture here, in the same second)
    assert [r.type for r in records] == ["response", "revisit", "response"]
    assert records[1].headers["WARC-Refers-To"] == records[0].id
    status_changed = Request(url)
    capture(crawler, status_changed, HtmlResponse(url, status=404, body=b"<html>v2</html>", request=status_changed))
    latest = max((r for r in site_records(tmp_path / "warc", "example") if r.type in ("response", "revisit")),
                 key=lambda r: r.headers["WARC-Date"])
    assert latest.type == "response" and latest.status == 404


def test_a_gzip_encoded_page_is_stored_encoded_and_replays_decoded(crawler, tmp_path):
    url = "http://www.example-hospital.cn/d.html"
    page = "<html><body>医院新闻</body></html>".encode()
    request = Request(url, callback=crawler.spider.parse_article)
    capture(crawler, request, Response(url, body=gzip.compress(page), request=request,
                                       headers={"Content-Encoding": "gzip", "Content-Type": "text/html; charset=utf-8"}))
    stored = [r for r in site_records(tmp_path / "warc", "example") if r.type == "response"][0]
    assert stored.payload == page                 # (warcio's content_stream undoes the encoding)
    replayer = WarcReplayMiddleware(get_crawler(NewsSpider, {"WARC_REPLAY_DIR": str(tmp_path / "warc")}))
    replayer.spider_opened(crawler.spider)
    again = Request(url)
    answer = replayer.process_request(again)
    assert "warc-replay" in answer.flags and answer.headers[b"Content-Encoding"] == b"gzip"
    assert gzip.decompress(answer.body) == page   # as the server sent it: still encoded
    decoded = HttpCompressionMiddleware.from_crawler(get_crawler(NewsSpider)).process_response(again, answer)
    assert decoded.body == page and decoded.text == "<html><body>医院新闻</body></html>"
    assert again.meta["warc_record_id"] == stored.id.strip("<>")
    with pytest.raises(IgnoreRequest):
        replayer.process_request(Request("http://www.example-hospital.cn/never.html"))


def test_replay_info_tags_only_what_it_can_rebuild():
    @dataclasses.dataclass
    class Foreign:
        x: int

    spider = NewsSpider()
    request = Request("http://x.test/", callback=spider.parse_article,
                      cb_kwargs={"day": dt.date(2024, 2, 5), "listing": None, "sock": object()})
    info = replay_info(request)
    assert "sock" not in info["cb_kwargs"]
    assert load_replay_info(json.dumps(info).encode())["cb_kwargs"] == {"day": dt.date(2024, 2, 5), "listing": None}
    forged = {"callback": "parse_article", "cb_kwargs": {"x": {"__dataclass__": "os:system", "fields": {}}}}
    with pytest.raises(ValueError):
        load_replay_info(json.dumps(forged).encode())
    assert replay_info(Request("http://x.test/robots.txt")) is None


def test_two_posts_of_one_url_replay_as_two_pages(crawler, tmp_path):
    url = "http://www.example-hospital.cn/module/web/jpage/dataproxy.jsp"
    for page in (1, 2):
        request = Request(url, method="POST", body=f"page={page}".encode())
        capture(crawler, request, HtmlResponse(url, body=f"<html>page {page}</html>".encode(), request=request))
    get = Request(url)
    capture(crawler, get, HtmlResponse(url, body=b"<html>the GET</html>", request=get))
    replayer = WarcReplayMiddleware(get_crawler(NewsSpider, {"WARC_REPLAY_DIR": str(tmp_path / "warc")}))
    replayer.spider_opened(crawler.spider)
    for page in (2, 1):
        assert replayer.process_request(Request(url, method="POST", body=f"page={page}".encode())).body == \
            f"<html>page {page}</html>".encode()
    assert replayer.process_request(Request(url)).body == b"<html>the GET</html>"
    with pytest.raises(IgnoreRequest):
        replayer.process_request(Request(url, method="POST", body=b"page=3"))


def test_every_record_states_its_digests_and_length_and_the_payload_digest_is_computed_once(crawler, tmp_path, monkeypatch):
    """exchange_records hands warcio each payload's length and the response's payload digest, so warcio
    neither spools the payload to a temporary file nor hashes it again; what it writes still verifies."""
    import warcio.recordbuilder

    spider = crawler.spider
    body = "<html>正文 POST</html>".encode() * 500
    request = Request("http://www.example-hospital.cn/search.php", method="POST", body=b"q=%E5%8C%BB%E9%99%A2",
                      callback=spider.parse_article)
    response = HtmlResponse(request.url, body=gzip.compress(body), request=request,
                            headers={"Content-Type": "text/html", "Content-Encoding": "gzip"})
    spooled = []
    monkeypatch.setattr(warcio.recordbuilder.RecordBuilder, "_create_temp_file",
                        staticmethod(lambda: spooled.append(1) or __import__("tempfile").SpooledTemporaryFile()))
    hashed = []   # bytes fed to warcio's digesters
    real_digester = warcio.recordbuilder.RecordBuilder._create_digester

    class CountingDigester:
        def __init__(self):
            self.inner = real_digester()

        def update(self, data):
            hashed.append(len(data))
            self.inner.update(data)

        def __str__(self):
            return str(self.inner)
    monkeypatch.setattr(warcio.recordbuilder.RecordBuilder, "_create_digester", staticmethod(CountingDigester))
    capture(crawler, request, response)
    monkeypatch.undo()
    records = {r.type: r for r in site_records(tmp_path / "warc", "example")}   # digests checked on read
    assert {"request", "response", "metadata"} <= set(records)
    for kind in ("request", "response", "metadata"):
        assert records[kind].headers["WARC-Block-Digest"].startswith("sha1:")
    assert records["request"].payload == b"q=%E5%8C%BB%E9%99%A2"
    assert records["response"].payload == body   # read back decoded (content_stream)
    assert records["response"].headers["WARC-Payload-Digest"] == payload_digest(response.body)
    # one block digest per record (the payload once, inside the response's); no copy to a temporary file
    assert spooled == [] and len(response.body) < sum(hashed) < len(response.body) + 4096
