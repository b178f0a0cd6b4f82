"""`hospitalnews reextract`: a capture made with a broken extractor (the spider's selectors overridden
with ones that match nothing) re-extracted with today's code gives the correct archive, without one
network request, and the diff names the fields that changed. The old archive is never touched."""

import json
import socket
import subprocess
import sys
import threading
from datetime import datetime

import pytest

from hospitalnews.tools.archive_cmd import check_site

from ..support import FIXTURES, REPO, proxy_env, read_jsonl, scrapy_command

EXPECTED = {item["url"]: item for item in read_jsonl(FIXTURES / "sd_cancer" / "expected.jsonl")}
# test-only: a broken extractor. The selectors match the wrong element (the site's menu): a selector that
# matches nothing is only a hint, and the automatic finders would still extract the page (extract/article.py)
BROKEN = ["-a", "body_css=.nav", "-a", "meta_css=.nav"]


class CountingServer:
    """A TCP server on 127.0.0.1 that counts the connections made to it (and closes them)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture
def network():
    server = CountingServer()
    yield server
    server.close()


def reextract(network, *args):
    """`hospitalnews reextract ARGS` with every HTTP(S) request pointed at the counting server."""
    proc = subprocess.run([sys.executable, "-m", "hospitalnews.cli", "reextract", *map(str, args)], cwd=REPO,
                          env=proxy_env(network.url), capture_output=True, text=True, timeout=180)
    return proc


def snapshot(directory):
    return {p.relative_to(directory): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def articles(archive_dir, site):
    return {r["url"]: r for path in sorted((archive_dir / site).glob("*.jsonl"))
            for r in map(json.loads, path.read_text("utf-8").splitlines())}


def assert_correct(new):
    assert sorted(new) == sorted(EXPECTED)
    for url, record in new.items():
        record = dict(record)
        assert record.pop("crawled_at") and record.pop("warc_record_id").startswith("urn:uuid:")
        assert record == EXPECTED[url], url


@pytest.fixture
def broken_capture(mirror, tmp_path):
    result = scrapy_command(mirror.url, ["crawl", "sd_cancer", *BROKEN], tmp_path)
    assert result.returncode == 0, result.log[-3000:]
    old = articles(tmp_path / "archive", "sd_cancer")
    assert len(old) == 9 and all(r["content"] != EXPECTED[u]["content"] and r["source"] is None and not r["images"]
                                 for u, r in old.items())   # the extractor really was broken
    return tmp_path


def test_reextract_repairs_the_archive_offline_and_diffs_it(broken_capture, network):
    tmp = broken_capture
    before = snapshot(tmp / "archive")
    proc = reextract(network, "--archive", tmp / "archive", "--out", tmp / "new")
    assert proc.returncode == 0, proc.stderr
    assert network.connections == 0                                 # not one network request
    stats = json.loads((tmp / "new" / ".reextract" / "sd_cancer.stats.json").read_text())
    assert stats["warc_replay/answered"] == stats["downloader/request_count"] == 14   # 2 robots.txt (two hosts), 3 lists, 9 pages
    assert stats.get("warc_replay/missing", 0) == 0
    new = articles(tmp / "new", "sd_cancer")
    assert_correct(new)
    old = articles(tmp / "archive", "sd_cancer")
    assert {u: r["warc_record_id"] for u, r in new.items()} == {u: r["warc_record_id"] for u, r in old.items()}
    # crawled_at is when the page was fetched (its WARC-Date), not when it was re-extracted: at most the
    # second before the old crawl parsed it (both are cut to seconds)
    for url, record in new.items():
        lag = datetime.fromisoformat(old[url]["crawled_at"]) - datetime.fromisoformat(record["crawled_at"])
        assert 0 <= lag.total_seconds() <= 1, url
    assert snapshot(tmp / "archive") == before                       # the old archive is untouched
    assert check_site(tmp / "new" / "sd_cancer") == (9, [])          # the new one keeps the archive's guarantees
    diff = json.loads((tmp / "new" / "reextract-diff.json").read_text())["sd_cancer"]
    assert diff["compared"] == diff["changed_articles"] == 9
    assert diff["fields"]["content"]["changed"] == 9
    assert {"content", "publish_time", "publish_time_raw", "view_count", "source", "images"} <= set(diff["fields"])
    assert "title" not in diff["fields"] and "crawled_at" not in diff["fields"]
    example = diff["fields"]["content"]["examples"][0]
    assert example["old"] == old[example["url"]]["content"] and example["new"] == EXPECTED[example["url"]]["content"][:160] + "…"
    assert "content: 9 changed" in proc.stdout


def test_pages_the_walk_no_longer_reaches_are_replayed_with_their_list_entries(broken_capture, network):
    """Replaying only the first list page (as when the list moved on since the capture): the articles
    of pages 2 and 3 still come back, with their list teasers, through the second pass."""
    tmp = broken_capture
    proc = reextract(network, "--archive", tmp / "archive", "--out", tmp / "new", "-a", "max_pages=1")
    assert proc.returncode == 0, proc.stderr
    assert network.connections == 0
    stats = json.loads((tmp / "new" / ".reextract" / "sd_cancer.stats.json").read_text())
    assert stats["warc_replay/second_pass"] > 0
    assert_correct(articles(tmp / "new", "sd_cancer"))


def test_since_after_the_capture_replays_nothing(broken_capture, network):
    tmp = broken_capture
    proc = reextract(network, "--archive", tmp / "archive", "--out", tmp / "new", "--since", "2999-01-01")
    assert network.connections == 0
    assert proc.returncode == 0, proc.stderr
    assert articles(tmp / "new", "sd_cancer") == {}
    diff = json.loads((tmp / "new" / "reextract-diff.json").read_text())["sd_cancer"]
    assert diff["compared"] == 0 and diff["only_in_old"]["count"] == 0   # crawled before --since: not missed


@pytest.mark.parametrize("args, message", [
    (["--since", "yesterday"], "is not a date"),
    (["--site", "nowhere"], "no captures for site"),
    (["--out", "{archive}"], "never modified"),
    (["--out", "{full}"], "is not empty"),
    (["--warc", "{tmp}/missing"], "no WARC directory"),
    (["-a", "max_pages"], "take NAME=VALUE"),
])
def test_usage_errors_are_one_line_and_write_nothing(tmp_path, network, args, message):
    tmp = tmp_path
    for directory in ("warc/sd_cancer", "archive/sd_cancer"):
        (tmp / directory).mkdir(parents=True)
    (tmp / "full").mkdir()
    (tmp / "full" / "keep.txt").write_text("x")
    before = snapshot(tmp)
    values = {"archive": tmp / "archive", "full": tmp / "full", "tmp": tmp}
    proc = reextract(network, "--archive", tmp / "archive", *[a.format(**values) for a in args])
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert snapshot(tmp) == before


@pytest.mark.slow
def test_news_spider_with_view_counters_replays_to_the_same_archive(mirror, tmp_path, network):
    """The generic spider on a DedeCMS site: the counter answers are replayed too, so view counts survive."""
    args = ["crawl", "news", "-a", "start_url=http://www.dede-hospital.test/a/yyxw/", "-a", "site=dede"]
    first = scrapy_command(mirror.url, args, tmp_path)
    assert first.returncode == 0 and first.stat("hospitalnews/view_counter_requests") > 0
    # dede is not a registry site: reextract runs the spider the capture names, with the start URL given again
    proc = reextract(network, "--archive", tmp_path / "archive", "--out", tmp_path / "new",
                     "-a", "start_url=http://www.dede-hospital.test/a/yyxw/", "-a", "site=dede")
    assert proc.returncode == 0, proc.stderr
    assert network.connections == 0
    old, new = articles(tmp_path / "archive", "dede"), articles(tmp_path / "new", "dede")
    assert new.keys() == old.keys() and any(r["view_count"] for r in new.values())
    strip = lambda r: {k: v for k, v in r.items() if k != "crawled_at"}  # noqa: E731
    assert {u: strip(r) for u, r in new.items()} == {u: strip(r) for u, r in old.items()}
    diff = json.loads((tmp_path / "new" / "reextract-diff.json").read_text())["dede"]
    assert diff["fields"] == {} and diff["compared"] == len(old)


@pytest.mark.slow
def test_reextract_over_revisit_records(broken_capture, mirror, network):
    """After a full re-crawl of the unchanged site every latest capture is a revisit (most with no
    metadata of their own): replay takes the bytes and the callback arguments of the originals."""
    tmp = broken_capture
    again = scrapy_command(mirror.url, ["crawl", "sd_cancer", *BROKEN, "-a", "full=1"], tmp)
    assert again.returncode == 0 and again.stat("warc/records/revisit") == 14
    proc = reextract(network, "--archive", tmp / "archive", "--out", tmp / "new", "-a", "max_pages=1")
    assert proc.returncode == 0, proc.stderr
    assert network.connections == 0
    new = articles(tmp / "new", "sd_cancer")
    assert_correct(new)
    old = articles(tmp / "archive", "sd_cancer")   # provenance: the response records holding the bytes
    assert {u: r["warc_record_id"] for u, r in new.items()} == {u: r["warc_record_id"] for u, r in old.items()}


@pytest.mark.slow
def test_an_epaper_capture_is_reextracted_by_the_spider_it_names(mirror, tmp_path, network):
    """`epaper -a paper=taianribao` captures under the paper's key, which no crawlall job has: reextract
    runs the spider the capture's warcinfo names; the issue pages come back through the second pass
    with their recorded arguments (the issue date), and the archive is the same."""
    papers = FIXTURES / "epaper" / "papers.toml"
    first = scrapy_command(mirror.url, ["crawl", "epaper", "-a", "paper=taianribao", "-a", "date=2024-02-05"],
                           tmp_path, settings={"EPAPER_PAPERS": str(papers)})
    assert first.returncode == 0 and first.stat("archive/written") > 0
    proc = reextract(network, "--archive", tmp_path / "archive", "--out", tmp_path / "new", "--site", "taianribao",
                     "-s", f"EPAPER_PAPERS={papers}")
    assert proc.returncode == 0, proc.stderr
    assert network.connections == 0
    strip = lambda r: {k: v for k, v in r.items() if k != "crawled_at"}  # noqa: E731
    old, new = articles(tmp_path / "archive", "taianribao"), articles(tmp_path / "new", "taianribao")
    assert len(new) == first.stat("archive/written")
    assert {u: strip(r) for u, r in new.items()} == {u: strip(r) for u, r in old.items()}
    report = json.loads((tmp_path / "new" / "reextract-diff.json").read_text())
    assert report["taianribao"]["fields"] == {} and report["taianribao"]["replay"][0]["captured_as"] == "taianribao"
