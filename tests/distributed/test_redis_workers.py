"""Several workers share one crawl through scrapy-redis and a real redis-server."""

import json
import os
import shutil
import socket
import subprocess
import time

import pytest

from ..support import FIXTURES, archive_lines, read_jsonl, scrapy_command

REDIS = shutil.which("redis-server")
pytestmark = pytest.mark.skipif(not REDIS and not os.environ.get("CI"), reason="redis-server not installed")


@pytest.fixture
def redis_url(tmp_path):
    assert REDIS, "CI must install redis-server (.ci/run does)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([REDIS, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), 0.1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(10)


def test_two_workers_share_the_crawl_fetch_nothing_twice_and_archive_each_article_once(mirror, redis_url, tmp_path):
    settings = {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "REDIS_URL": redis_url,
        "DOWNLOAD_DELAY": "0.1",
        "CONCURRENT_REQUESTS": "1",  # a worker holds one request; the rest wait in Redis for any worker
        "DISTRIBUTED_BUSY_TTL": "3",
    }
    first = scrapy_command(mirror.url, ["crawl", "sd_cancer"], tmp_path, settings=settings, feed=False, popen=True)
    time.sleep(0.4)  # the second worker arrives while the first is still on the list pages
    second = scrapy_command(mirror.url, ["crawl", "sd_cancer"], tmp_path, settings=settings, feed=False, popen=True)
    logs = [p.communicate(timeout=120)[0].decode() for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], logs[1][-2000:]
    stats = [json.loads(f.read_text()) for f in sorted(tmp_path.glob("stats-*.json"))]
    scraped = [s.get("item_scraped_count", 0) for s in stats]
    assert sum(scraped) == 9                      # shared dupefilter: nothing fetched twice
    assert all(n > 0 for n in scraped), scraped   # the late worker took a share
    ids = [json.loads(line)["id"] for line in archive_lines(tmp_path / "archive", "sd_cancer")]
    assert sorted(ids) == sorted(i["id"] for i in read_jsonl(FIXTURES / "sd_cancer" / "expected.jsonl"))


def test_an_idle_worker_stays_while_the_shared_crawl_has_work(redis_url):
    import redis
    from scrapy.exceptions import DontCloseSpider
    from scrapy.utils.test import get_crawler

    from hospitalnews.distributed import RedisIdleKeepAlive
    from hospitalnews.spiders.sd_cancer import SdCancerSpider

    crawler = get_crawler(SdCancerSpider, {"SCHEDULER": "scrapy_redis.scheduler.Scheduler", "REDIS_URL": redis_url,
                                           "DISTRIBUTED_BUSY_TTL": "1"})
    crawler.spider = SdCancerSpider.from_crawler(crawler)
    keepalive = RedisIdleKeepAlive.from_crawler(crawler)
    server = redis.Redis.from_url(redis_url)

    keepalive.spider_idle(crawler.spider)                        # nothing anywhere: free to close
    server.set("hospitalnews:sd_cancer:busy:other-host-1", 1, px=1000)
    with pytest.raises(DontCloseSpider):                         # another worker is mid-page
        keepalive.spider_idle(crawler.spider)
    time.sleep(1.2)                                              # …and crashed: its key expires
    keepalive.spider_idle(crawler.spider)
    server.zadd("sd_cancer:requests", {b"serialised-request": 0})
    with pytest.raises(DontCloseSpider):                         # requests wait in the shared queue
        keepalive.spider_idle(crawler.spider)
    assert server.get(f"hospitalnews:sd_cancer:busy:{keepalive.worker}") is None  # idle workers are not "busy"
