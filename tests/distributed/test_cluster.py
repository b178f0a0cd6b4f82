"""The shared run's atomic steps, the Redis id index and cluster politeness, against a real redis-server."""

import json
import subprocess
import sys
import time

import pytest

from hospitalnews.archive.redis_index import ClaimTimeout, RedisArchiveIndex
from hospitalnews.archive.store import segment_paths
from hospitalnews.distributed.archive import HostArchive
from hospitalnews.distributed.cluster import Cluster, status
from hospitalnews.distributed.politeness import ClusterPoliteness

from ..support import REPO

pytestmark = pytest.mark.redis


def cluster(client, worker, ttl_ms=10_000, prefix="hospitalnews:news:site_a"):
    return Cluster(client, prefix, worker, ttl_ms=ttl_ms)


def test_a_dead_workers_requests_return_to_the_queue_and_a_live_workers_stay_with_it(redis_client):
    alive, doomed = cluster(redis_client, "alive"), cluster(redis_client, "doomed", ttl_ms=300)
    run = alive.join()
    assert doomed.join() == run                       # the second worker joins the same run
    redis_client.zadd(alive.key("requests"), {b"list-page-2": -100, b"article-7": 0, b"article-8": 0})
    assert doomed.pop() == b"list-page-2"             # list pages first (score = -priority)
    assert alive.pop() in (b"article-7", b"article-8")
    assert redis_client.zcard(alive.key("requests")) == 1
    assert alive.beat() == 0                          # the doomed worker is still within its heartbeat
    time.sleep(0.4)                                   # … and is SIGKILLed: no more beats
    assert alive.beat() == 1                          # whoever beats next puts its request back
    assert redis_client.zrange(alive.key("requests"), 0, 0) == [b"list-page-2"]
    assert redis_client.hlen(alive.processing_key) == 1   # the live worker keeps what it holds
    assert redis_client.zrange(alive.key("workers"), 0, -1) == [b"alive"]


def test_the_run_finishes_once_when_nothing_is_queued_held_or_starting(redis_client):
    a, b = cluster(redis_client, "a"), cluster(redis_client, "b")
    run = a.join()
    b.join()
    a.started()
    assert a.finish() == "busy"                       # b is still enqueuing its start requests
    b.started()
    redis_client.zadd(a.key("requests"), {b"r1": 0})
    redis_client.sadd(a.key("dupefilter"), "fp")
    assert a.finish() == "busy"                       # queued
    raw = b.pop()
    assert a.finish() == "busy"                       # held by a live worker
    b.ack([raw])
    assert a.finish() == "finished"                   # the worker that sees it removes the run's keys …
    assert b.finish() == "gone"                       # … once
    assert redis_client.keys("hospitalnews:news:site_a*") == []
    assert cluster(redis_client, "c").join() != run   # the next night is a new run with a new dupefilter


def test_a_finished_persisted_run_keeps_its_keys_for_a_while_but_not_its_run(redis_client):
    a = cluster(redis_client, "a")
    a.join()
    a.started()
    redis_client.sadd(a.key("dupefilter"), "fp")
    assert a.finish(keep_seconds=60) == "finished"
    assert 0 < redis_client.ttl(a.key("dupefilter")) <= 60
    assert redis_client.get(a.run_key) is None


def test_a_stopping_worker_requeues_what_it_holds_and_clears_nothing_shared(redis_client):
    a, b = cluster(redis_client, "a"), cluster(redis_client, "b")
    a.join()
    b.join()
    redis_client.zadd(a.key("requests"), {b"r1": -5, b"r2": 0})
    redis_client.sadd(a.key("dupefilter"), "fp")
    raw = a.pop()
    assert a.requeue([raw]) == 1
    a.leave()
    assert redis_client.zrange(a.key("requests"), 0, -1, withscores=True) == [(b"r1", -5.0), (b"r2", 0.0)]
    assert redis_client.scard(a.key("dupefilter")) == 1
    assert redis_client.zrange(a.key("workers"), 0, -1) == [b"b"]
    [row] = status(redis_client)
    assert (row["site"], row["queued"], row["in_flight"], [w["worker"] for w in row["workers"]]) == ("site_a", 2, 0, ["b"])


def test_two_sites_never_share_a_queue(redis_client):
    a, b = cluster(redis_client, "w", prefix="hospitalnews:news:site_a"), cluster(redis_client, "w", prefix="hospitalnews:news:site_b")
    a.join()
    b.join()
    redis_client.zadd(a.key("requests"), {b"a-page": 0})
    assert b.pop() is None and a.pop() == b"a-page"


def _record(i):
    return {"id": f"{i:016x}", "url": f"http://x.test/{i}.html", "title": f"t{i}"}


def test_one_line_per_article_across_hosts_and_a_killed_writers_lines_are_salvaged_once(redis_client, redis_url, tmp_path):
    root = tmp_path / "archive"
    # host A's writer appends three articles and is killed before publishing its segment
    killed = subprocess.run([sys.executable, "-c", f"""
import os, redis
from hospitalnews.archive.redis_index import RedisArchiveIndex
from hospitalnews.distributed.archive import HostArchive
a = HostArchive({str(root)!r}, "site_a", "host_a", RedisArchiveIndex(redis.Redis.from_url({redis_url!r}), "site_a"), commit_items=100)
for i in range(3):
    assert a.append({{"id": f"{{i:016x}}", "url": f"http://x.test/{{i}}.html", "title": f"t{{i}}"}})
os._exit(9)
"""], cwd=REPO, capture_output=True, text=True)
    assert killed.returncode == 9, killed.stderr
    index = RedisArchiveIndex(redis_client, "site_a")
    host_b = HostArchive(root, "site_a", "host_b", index)
    assert not host_b.append(_record(1))              # archived on host A (the index is shared)
    assert host_b.append(_record(5))
    host_b.close()
    host_a = HostArchive(root, "site_a", "host_a", RedisArchiveIndex(redis_client, "site_a"))
    assert host_a.salvaged_lines == 3                 # the next writer on host A publishes the killed one's lines
    host_a.close()
    lines = [json.loads(line) for p in segment_paths(root / "site_a") for line in p.read_bytes().splitlines()]
    assert sorted(r["id"] for r in lines) == sorted(_record(i)["id"] for i in (0, 1, 2, 5))
    assert len(index) == 4


def test_a_claim_left_by_a_killed_writer_expires_and_a_failed_block_records_nothing(redis_client):
    index = RedisArchiveIndex(redis_client, "site_a", wait_seconds=5)
    redis_client.set(index.claim_key, "killed-writer", px=300)
    started = time.monotonic()
    with index.exclusive():
        index.add("0000000000000001", "seg")
    assert 0.25 < time.monotonic() - started < 3
    assert "0000000000000001" in index
    with pytest.raises(ZeroDivisionError):
        with index.exclusive():
            index.add("0000000000000002", "seg")
            1 / 0
    assert "0000000000000002" not in index and redis_client.get(index.claim_key) is None
    redis_client.set(index.claim_key, "stuck", px=10_000)
    with pytest.raises(ClaimTimeout):
        with RedisArchiveIndex(redis_client, "site_a", wait_seconds=0.2).exclusive():
            pass


def test_cluster_politeness_spaces_requests_to_a_host_whatever_the_number_of_workers(redis_client):
    workers = [ClusterPoliteness(redis_client, delay_ms=200) for _ in range(3)]
    waits = [w.wait_ms("www.h.test") for w in workers]       # three workers ask at once
    assert waits[0] == 0 and 180 <= waits[1] <= 200 and 380 <= waits[2] <= 400
    assert workers[0].wait_ms("www.other.test") == 0         # another host has its own rate


def test_redis_status_shows_queues_requests_in_flight_and_workers(redis_client, redis_url):
    a, b = cluster(redis_client, "host1-11-aaaaaa"), cluster(redis_client, "host2-22-bbbbbb", ttl_ms=1)
    run = a.join()
    b.join()
    redis_client.zadd(a.key("requests"), {b"r1": 0, b"r2": 0, b"r3": 0})
    a.pop()
    time.sleep(0.01)   # b's heartbeat has expired: it shows as dead until a live worker's beat reaps it
    cli = [sys.executable, "-m", "hospitalnews.cli", "redis", "status", "--url", redis_url]
    shown = subprocess.run(cli, cwd=REPO, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert f"news/site_a  run {run}: 2 queued, 1 in flight" in shown.stdout
    assert "host1-11-aaaaaa: holds 1, heartbeat" in shown.stdout and "host2-22-bbbbbb: holds 0, dead" in shown.stdout
    rows = json.loads(subprocess.run([*cli, "--json"], cwd=REPO, capture_output=True, text=True).stdout)
    assert rows[0]["queued"] == 2 and rows[0]["in_flight"] == 1
    refused = subprocess.run([*cli[:-1], "redis://127.0.0.1:1/0"], cwd=REPO, capture_output=True, text=True)
    assert refused.returncode == 2 and len(refused.stdout.strip().splitlines()) == 1 and "Traceback" not in refused.stderr


def test_the_scheduler_serves_list_pages_first_names_the_site_and_requeues_what_it_held_when_stopped(redis_client, redis_url):
    import scrapy
    from scrapy.utils.test import get_crawler

    from hospitalnews.distributed.scheduler import Scheduler
    from hospitalnews.spiders.base import WALK
    from hospitalnews.spiders.news import NewsSpider

    def worker():
        crawler = get_crawler(NewsSpider, {"ADDONS": {"hospitalnews.distributed.addon.Distributed": 0},
                                           "REDIS_URL": redis_url})
        crawler._apply_settings()
        spider = NewsSpider.from_crawler(crawler, start_url="http://www.h.test/news/")
        scheduler = Scheduler.from_crawler(crawler)
        scheduler.open(spider)
        return spider, scheduler

    spider, first = worker()
    assert type(first.queue).__name__ == "ReliablePriorityQueue"
    spider.site_name = "某某医院"                      # as its first list page named the site
    for n in range(3):
        first.enqueue_request(scrapy.Request(f"http://www.h.test/news/{n}.html", callback=spider.parse_article))
    first.enqueue_request(scrapy.Request("http://www.h.test/news/index_2.html", callback=spider.parse_list,
                                         meta={WALK: "http://www.h.test/news/"}))
    late, second = worker()                            # a worker that never parsed a list page
    assert late.site_name == ""
    taken = second.next_request()
    assert taken.url.endswith("index_2.html")          # the list page first, though enqueued last
    assert late.site_name == "某某医院"                 # named as the list page named it
    assert redis_client.hlen(second.cluster.processing_key) == 1   # held from the moment it was taken
    second.close("shutdown")                           # SIGTERM: nothing acknowledged that was not done
    assert len(first.queue) == 4 and redis_client.scard(first.cluster.key("dupefilter")) == 4
    first.close("shutdown")
