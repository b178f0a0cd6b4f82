"""The add-on that turns a crawl into a distributed worker when ``REDIS_URL`` is set.

    scrapy crawl news -a site=KEY -s REDIS_URL=redis://10.0.0.5:6379/0      # on each machine

Listed in settings.ADDONS, it does nothing without ``REDIS_URL``. With it, it sets (over any lower
setting, and over scrapy-redis's plain Scheduler):

* SCHEDULER → scheduler.Scheduler, SCHEDULER_QUEUE_CLASS → queue.ReliablePriorityQueue,
  DUPEFILTER_CLASS → scrapy-redis's RFPDupeFilter (keys per run: cluster.py);
* the ArchivePipeline → archive.DistributedArchivePipeline (per-host folders, Redis id index);
* the downloader middleware politeness.ClusterPoliteness (one request rate per host for the cluster),
  after which each worker's own DOWNLOAD_DELAY is 0 unless set on the command line.
"""

from __future__ import annotations

import sys

from scrapy.settings import SETTINGS_PRIORITIES

ARCHIVE_PIPELINE = "hospitalnews.pipelines.ArchivePipeline"
DISTRIBUTED_PIPELINE = "hospitalnews.distributed.archive.DistributedArchivePipeline"
POLITENESS = "hospitalnews.distributed.politeness.ClusterPoliteness"


def is_distributed(settings) -> bool:
    return bool(settings.get("REDIS_URL")) or str(settings.get("SCHEDULER") or "").startswith("scrapy_redis.")


def check_reachable(settings) -> None:
    """Exit 2 with one line when Redis is not there: a worker without its queue has nothing to do."""
    try:
        import redis
        from scrapy_redis.connection import get_redis_from_settings
    except ImportError as error:
        print(f"distributed crawl: {error.name} is not installed (pip install -e \".[distributed]\")", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        get_redis_from_settings(settings).ping()
    except (ValueError, redis.RedisError) as error:
        where = settings.get("REDIS_URL") or f"{settings.get('REDIS_HOST', 'localhost')}:{settings.get('REDIS_PORT', 6379)}"
        print(f"distributed crawl: cannot use Redis at {where}: {error}", file=sys.stderr)
        raise SystemExit(2) from None


class Distributed:
    def update_settings(self, settings):
        if not is_distributed(settings):
            return
        check_reachable(settings)
        strong = SETTINGS_PRIORITIES["cmdline"]

        def force(name, value):
            settings.set(name, value, priority=max(strong, settings.getpriority(name) or 0))

        if not str(settings.get("SCHEDULER") or "").startswith("hospitalnews.distributed"):
            force("SCHEDULER", "hospitalnews.distributed.scheduler.Scheduler")
        if not settings.get("SCHEDULER_QUEUE_CLASS") or "scrapy_redis" in str(settings.get("SCHEDULER_QUEUE_CLASS")):
            force("SCHEDULER_QUEUE_CLASS", "hospitalnews.distributed.queue.ReliablePriorityQueue")
        force("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter")
        if not settings.get("DISTRIBUTED_DOMAIN_DELAY"):
            force("DISTRIBUTED_DOMAIN_DELAY", settings.getfloat("DOWNLOAD_DELAY", 0))
        if (settings.getpriority("DOWNLOAD_DELAY") or 0) < strong:
            force("DOWNLOAD_DELAY", 0)   # the cluster-wide delay replaces the per-process one
        pipelines = settings["ITEM_PIPELINES"]
        order = pipelines.get(ARCHIVE_PIPELINE)
        if order is not None:
            priority = pipelines.getpriority(ARCHIVE_PIPELINE)
            pipelines.set(ARCHIVE_PIPELINE, None, priority=priority)
            pipelines.set(DISTRIBUTED_PIPELINE, order, priority=priority)
        middlewares = settings["DOWNLOADER_MIDDLEWARES"]
        middlewares.set(POLITENESS, 60, priority=max(strong, middlewares.getpriority(POLITENESS) or 0))
