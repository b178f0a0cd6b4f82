"""Workers (real ``scrapy crawl`` processes) sharing crawls through a real redis-server: completion,
kills, two hosts over two nights, two sites at once.

The site is generated (tests/nightly/site.py) and served by the mirror proxy with a delay per response.
The `news` spider crawls it as an unregistered site, so its name comes from its list pages."""

import json
import random
import signal
import socket
import subprocess
import sys
import time

import pytest
import redis

from tests.nightly.site import article_path, build_site

from ..support import REPO
from .cluster_support import archived, slow_mirrors, worker

pytestmark = pytest.mark.redis

HOST = "www.dist-hospital.test"
SITE = "dist_hospital_test"          # the news spider's key for that host
START = f"http://{HOST}/news/"
BIG = 520


def expected_urls(count, host=HOST):
    return {f"http://{host}{article_path('news', serial)}" for serial in range(1, count + 1)}


def start_workers(proxy, redis_url, tmp_path, count, start=START, host=None, tag="w", settings=None):
    procs = []
    for i in range(count):
        extra = {"DISTRIBUTED_HOST": host} if host else {}
        procs.append(worker(proxy.url, redis_url, tmp_path / (f"archive-{host}" if host else "archive"),
                            ["crawl", "news", "-a", f"start_url={start}"], settings={**extra, **(settings or {})},
                            stats_file=tmp_path / f"stats-{tag}{i}.json", log_file=tmp_path / f"log-{tag}{i}.txt"))
    return procs


def wait_all(procs, tmp_path, timeout=240):
    codes = [p.wait(timeout) for p in procs]
    return codes, "\n".join(f.read_text(errors="replace")[-3000:] for f in sorted(tmp_path.glob("log-*.txt")))


def assert_each_once(records, urls):
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), f"{len(ids) - len(set(ids))} article(s) archived twice"
    assert {r["url"] for r in records} == urls
    assert all(r["site_name"] for r in records)   # named as the list pages name the site, on every worker


def run_keys(redis_url):
    return redis.Redis.from_url(redis_url).keys("hospitalnews:news:*")


@pytest.mark.slow
def test_four_workers_crawl_a_500_article_site_together(redis_url, tmp_path):
    build_site(tmp_path / "mirrors", {"news": BIG}, per_page=20, host=HOST)
    with slow_mirrors([tmp_path / "mirrors"], delay=0.02) as proxy:
        codes, logs = wait_all(start_workers(proxy, redis_url, tmp_path, 4), tmp_path)
    assert codes == [0, 0, 0, 0], logs
    assert_each_once(archived([tmp_path / "archive"], SITE), expected_urls(BIG))
    stats = [json.loads(p.read_text()) for p in sorted(tmp_path.glob("stats-*.json"))]
    assert all(s.get("item_scraped_count", 0) > 0 for s in stats), [s.get("item_scraped_count") for s in stats]
    assert {s["finish_reason"] for s in stats} == {"finished"}
    assert run_keys(redis_url) == []     # the run's keys were removed once the crawl was finished


def holds_a_list_page(client, worker_pid):
    for key in client.scan_iter(match=f"hospitalnews:news:{SITE}:*:processing:*-{worker_pid}-*"):
        if any(b"index_" in raw for raw in client.hkeys(key)):
            return True
    return False


def holds_anything(client, worker_pid):
    return any(client.hlen(key) for key in client.scan_iter(match=f"hospitalnews:news:{SITE}:*:processing:*-{worker_pid}-*"))


def wait_until(condition, procs, what, timeout=60):
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs), what
        time.sleep(0.005)
    return found


@pytest.mark.slow
def test_workers_killed_or_stopped_lose_nothing_and_the_survivor_finishes(redis_url, tmp_path):
    """In one crawl of 4 workers: the first caught holding a list page is SIGKILLed, another SIGKILLed at
    a random moment of its crawl, a third SIGTERMed; the last one finishes the crawl."""
    build_site(tmp_path / "mirrors", {"news": BIG}, per_page=20, host=HOST)
    client = redis.Redis.from_url(redis_url)
    rng = random.Random()
    with slow_mirrors([tmp_path / "mirrors"], delay=0.02) as proxy:
        procs = start_workers(proxy, redis_url, tmp_path, 4, settings={"DISTRIBUTED_CLAIM_SECONDS": "2"})
        on_list = wait_until(lambda: next((p for p in procs if holds_a_list_page(client, p.pid)), None), procs,
                             "never caught a worker holding a list page")
        on_list.send_signal(signal.SIGKILL)   # at once: its list page is in hand (a finished one is acknowledged
        on_list.wait(10)                      # only at its next poll, so it is held a while longer still)
        others = [p for p in procs if p is not on_list]
        at_random, stopped, survivor = others
        wait_until(lambda: holds_anything(client, at_random.pid), others, "the worker never took a request")
        time.sleep(rng.uniform(0.0, 2.0))
        assert at_random.poll() is None, "the crawl ended before the kill"
        at_random.send_signal(signal.SIGKILL)
        wait_until(lambda: holds_anything(client, stopped.pid), [stopped, survivor], "the worker never took a request")
        time.sleep(rng.uniform(0.0, 1.0))
        assert stopped.poll() is None, "the crawl ended before the SIGTERM"
        stopped.send_signal(signal.SIGTERM)
        _, logs = wait_all(procs, tmp_path)
    survivor_stats, stopped_stats = (json.loads((tmp_path / f"stats-w{procs.index(p)}.json").read_text())
                                     for p in (survivor, stopped))
    # SIGTERM: a clean stop, its requests back in the queue (commands/crawl.py handed_back): exit 0 too
    assert [stopped.returncode, survivor.returncode] == [0, 0], logs
    assert_each_once(archived([tmp_path / "archive"], SITE), expected_urls(BIG))
    assert survivor_stats["finish_reason"] == "finished" and stopped_stats["finish_reason"] == "shutdown"
    assert run_keys(redis_url) == []


def check_union(tmp_path, hosts):
    union = tmp_path / "union"
    for host in hosts:   # what an operator's rsync of each machine's archive into one folder gives
        subprocess.run(["cp", "-r", str(tmp_path / f"archive-{host}") + "/.", str(union)], check=True)
    return subprocess.run([sys.executable, "-m", "hospitalnews.cli", "archive", "check", "--dir", str(union)],
                          cwd=REPO, capture_output=True, text=True), union


@pytest.mark.slow
def test_two_hosts_over_two_nights_archive_each_article_once(redis_url, tmp_path):
    hosts = ("host-a", "host-b")
    persist = {"SCHEDULER_PERSIST": "1"}   # kept a day, but the next night is a new run: it must fetch the new articles
    build_site(tmp_path / "mirrors", {"news": 120}, per_page=10, host=HOST)
    for night, count in ((1, 120), (2, 135)):
        build_site(tmp_path / "mirrors", {"news": count}, per_page=10, host=HOST)   # night 2: 15 new articles
        with slow_mirrors([tmp_path / "mirrors"], delay=0.01) as proxy:
            procs = [*start_workers(proxy, redis_url, tmp_path, 1, host=hosts[0], tag=f"n{night}a", settings=persist),
                     *start_workers(proxy, redis_url, tmp_path, 1, host=hosts[1], tag=f"n{night}b", settings=persist)]
            codes, logs = wait_all(procs, tmp_path)
        assert codes == [0, 0], logs
        records = archived([tmp_path / f"archive-{h}" for h in hosts], SITE)
        assert_each_once(records, expected_urls(count))
        if night == 1:
            assert all(archived([tmp_path / f"archive-{h}"], SITE) for h in hosts)   # both machines took a share
    # the second night walked only the new list pages: it stopped on known articles
    night2 = [json.loads(p.read_text()) for p in tmp_path.glob("stats-n2*.json")]
    assert sum(s.get("hospitalnews/articles_new", 0) for s in night2) == 15
    assert sum(s.get("archive/written", 0) for s in night2) == 15
    check, union = check_union(tmp_path, hosts)
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"{SITE}: 135 articles, OK" in check.stdout
    # and it would see a duplicate across the machines' folders
    dup = next(iter((union / SITE / "host_b").glob("*.jsonl")))
    (union / SITE / "host_a" / ("copy-" + dup.name)).write_bytes(dup.read_bytes().splitlines(keepends=True)[0])
    check, _ = check_union(tmp_path, ())
    assert check.returncode == 1 and "already at" in check.stdout


@pytest.mark.slow
def test_two_sites_crawled_at_once_on_one_redis_both_complete(redis_url, tmp_path):
    other = "www.other-hospital.test"
    build_site(tmp_path / "mirrors", {"news": 80}, per_page=10, host=HOST)
    build_site(tmp_path / "mirrors", {"news": 60}, per_page=10, host=other)
    with slow_mirrors([tmp_path / "mirrors"], delay=0.01) as proxy:
        procs = [*start_workers(proxy, redis_url, tmp_path, 2, tag="a"),
                 *start_workers(proxy, redis_url, tmp_path, 2, start=f"http://{other}/news/", tag="b")]
        codes, logs = wait_all(procs, tmp_path)
    assert codes == [0] * 4, logs
    assert_each_once(archived([tmp_path / "archive"], SITE), expected_urls(80))
    assert_each_once(archived([tmp_path / "archive"], "other_hospital_test"), expected_urls(60, other))
    assert run_keys(redis_url) == []


CRAWLALL_REGISTRY = """
[[site]]
key = "one"
name = "第一医院"
start_urls = ["http://www.site-one.test/news/"]

[[site]]
key = "two"
name = "第二医院"
start_urls = ["http://www.site-two.test/news/"]
"""


@pytest.mark.slow
def test_crawlall_on_two_machines_shares_every_registered_site_through_redis(redis_url, tmp_path):
    build_site(tmp_path / "mirrors", {"news": 60}, per_page=10, host="www.site-one.test")
    build_site(tmp_path / "mirrors", {"news": 40}, per_page=10, host="www.site-two.test")
    (tmp_path / "sites.toml").write_text(CRAWLALL_REGISTRY, "utf-8")
    hosts = ("host-a", "host-b")
    with slow_mirrors([tmp_path / "mirrors"], delay=0.02) as proxy:
        procs = [worker(proxy.url, redis_url, tmp_path / f"archive-{h}",
                        ["crawlall", "--registry", str(tmp_path / "sites.toml"), "--only", "one,two",
                         "-a", f"registry={tmp_path / 'sites.toml'}"],   # the news spider's registry
                        settings={"RUNS_DIR": str(tmp_path / f"runs-{h}"), "DISTRIBUTED_HOST": h},
                        log_file=tmp_path / f"log-{h}.txt") for h in hosts]
        codes, logs = wait_all(procs, tmp_path)
    assert codes == [0, 0], logs
    for site, host, count in (("one", "www.site-one.test", 60), ("two", "www.site-two.test", 40)):
        assert_each_once(archived([tmp_path / f"archive-{h}" for h in hosts], site), expected_urls(count, host))
    for h in hosts:   # each machine's report judges its share: no site is "broken" for lack of list pages
        report = json.loads((tmp_path / f"runs-{h}" / "latest.json").read_text("utf-8"))
        assert {s["site"]: s["status"] for s in report["sites"]} == {"one": "ok", "two": "ok"}
    assert run_keys(redis_url) == []


@pytest.mark.slow
def test_workers_keep_one_request_rate_per_host_for_the_whole_cluster(redis_url, tmp_path):
    build_site(tmp_path / "mirrors", {"news": 24}, per_page=12, host=HOST)
    delay = 0.15
    with slow_mirrors([tmp_path / "mirrors"], delay=0.0) as proxy:
        procs = start_workers(proxy, redis_url, tmp_path, 3, settings={"DISTRIBUTED_DOMAIN_DELAY": str(delay)})
        codes, logs = wait_all(procs, tmp_path)
        moments = sorted(t for t, path in proxy.log if HOST in path)
    assert codes == [0, 0, 0], logs
    assert_each_once(archived([tmp_path / "archive"], SITE), expected_urls(24))
    # 3 workers, one host, one rate: the slots are booked `delay` apart in Redis. (Single gaps can be
    # shorter: a CPU-starved worker sends its request late, the next one is on time; never the average.)
    assert len(moments) >= 26 and moments[-1] - moments[0] >= (len(moments) - 1) * delay * 0.95


def test_a_worker_without_its_redis_says_so_in_one_line_and_exits_2(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]   # nothing listens there once the socket is closed
    for url in (f"redis://127.0.0.1:{port}/0", "not-a-url"):
        proc = subprocess.run([sys.executable, "-m", "scrapy.cmdline", "crawl", "news", "-a", f"start_url={START}",
                               "-s", f"REDIS_URL={url}", "-s", f"ARCHIVE_DIR={tmp_path / 'archive'}"],
                              cwd=REPO, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines()[-1].startswith(f"distributed crawl: cannot use Redis at {url}")
        assert "Traceback" not in proc.stderr
