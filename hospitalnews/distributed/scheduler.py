"""The scheduler of a distributed worker: scrapy-redis's Scheduler, with run keys per site, acknowledgements
and a shared end.

What it changes in scrapy-redis's Scheduler (``SCHEDULER = "hospitalnews.distributed.scheduler.Scheduler"``;
the add-on sets it):

* keys per spider, site and run (cluster.py), so several sites and spiders share one Redis, and a finished
  run's dupefilter never hides the next night's articles;
* ``next_request`` takes a request with ReliablePriorityQueue (it moves into this worker's processing hash),
  and the request is acknowledged only when Scrapy has finished with it: downloaded, its callback run,
  the requests it yielded enqueued and its items through the pipelines (Scrapy keeps a request in the
  engine slot's ``inprogress`` set until then; a timer acknowledges what left it);
* a heartbeat every ``DISTRIBUTED_HEARTBEAT_TTL``/3 s; whichever worker beats puts a dead worker's
  requests back in the queue;
* list pages (requests with a list walk in meta) go before articles (``DISTRIBUTED_LIST_PRIORITY``), so
  the walk runs ahead and every worker finds articles to fetch;
* idle workers look at the queue every ``DISTRIBUTED_POLL_SECONDS`` (0.25 s) instead of Scrapy's 5 s;
* a worker closes only when the whole run is finished (nothing queued, nothing held, no worker still
  starting); the worker that sees it removes the run's keys, once. Stopping otherwise (SIGTERM, Ctrl-C,
  an error) requeues what it holds and clears nothing shared;
* the site's display name travels with every request, so a worker that never parsed a list page names
  its articles as the list page did.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.misc import load_object
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet import task

from ..spiders.base import WALK
from .cluster import Cluster, crawl_prefix, worker_id

logger = logging.getLogger(__name__)

SITE_NAME = "hospitalnews_site_name"   # request.meta: the site's display name, for workers that lack it


class Scheduler(RedisScheduler):
    def __init__(self, server, *, crawler, **kwargs):
        super().__init__(server, **kwargs)
        self.crawler = crawler
        settings = crawler.settings
        self.ttl_ms = int(settings.getfloat("DISTRIBUTED_HEARTBEAT_TTL", 10.0) * 1000)
        self.poll_seconds = settings.getfloat("DISTRIBUTED_POLL_SECONDS", 0.25)
        self.list_priority = settings.getint("DISTRIBUTED_LIST_PRIORITY", 100)
        self.keep_finished = settings.getint("DISTRIBUTED_KEEP_FINISHED_SECONDS", 86400) if self.persist else 0
        self.run_name = settings.get("DISTRIBUTED_RUN") or None   # name the run (else the first worker draws one)
        self.host = settings.get("DISTRIBUTED_HOST") or None
        self.cluster: Cluster | None = None
        self.taken: dict = {}          # request → its raw queue entry, until acknowledged
        self.outcome: str | None = None
        self._loops: list[task.LoopingCall] = []
        self._started = False

    @classmethod
    def from_crawler(cls, crawler):
        plain = RedisScheduler.from_settings(crawler.settings)
        scheduler = cls(plain.server, crawler=crawler, persist=plain.persist, flush_on_start=plain.flush_on_start,
                        queue_cls=crawler.settings.get("SCHEDULER_QUEUE_CLASS") or
                        "hospitalnews.distributed.queue.ReliablePriorityQueue",
                        idle_before_close=0, serializer=plain.serializer)
        scheduler.stats = crawler.stats
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    # -- opening -----------------------------------------------------------------------------------

    def open(self, spider):
        self.spider = spider
        site = getattr(spider, "site", "") or spider.name
        self.cluster = Cluster(self.server, crawl_prefix(spider.name, site), worker_id(self.host), ttl_ms=self.ttl_ms)
        run = self.cluster.join(self.run_name)
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=self.cluster.key("requests"),
                                                 serializer=self.serializer)
        self.queue.bind(self.cluster)
        self.df = RFPDupeFilter(self.server, key=self.cluster.key("dupefilter"),
                                debug=spider.settings.getbool("DUPEFILTER_DEBUG"))
        if self.flush_on_start:
            self.flush()
        self.cluster.archive_root = Path(spider.settings.get("ARCHIVE_DIR", "data/archive"))
        if spider.settings.getbool("ARCHIVE_ENABLED", True):   # this worker archives the site: its folder is due
            (self.cluster.archive_root / site).mkdir(parents=True, exist_ok=True)
        spider.cluster = self.cluster   # base spider: walk state in Redis
        if isinstance(getattr(spider, "_indexes", None), dict):   # base spider: "already archived?" asks the
            spider._indexes[site] = self.cluster.archive_index(site)  # index every machine shares
        if self.stats:
            self.stats.set_value("distributed/joined_run", 1)
        queued = len(self.queue)
        logger.info("Worker %s joined run %s of %s (%d request(s) queued)", self.cluster.worker, run,
                    self.cluster.prefix, queued)
        beat = task.LoopingCall(self._beat)
        beat.start(max(self.ttl_ms / 3000, 0.1), now=True)
        poll = task.LoopingCall(self._poll)
        poll.start(self.poll_seconds, now=False)
        self._loops = [beat, poll]

    # -- requests in and out --------------------------------------------------------------------------

    def enqueue_request(self, request):
        # a list page: a walk's page, or a request to one of the spider's list callbacks (spiders/base.py)
        list_callbacks = (getattr(self.spider, "parse_list", None), getattr(self.spider, "list_callback", None))
        is_list = WALK in request.meta or (request.callback is not None and request.callback in list_callbacks)
        if is_list and not request.meta.get("hospitalnews_list_priority"):
            request.meta["hospitalnews_list_priority"] = True
            request.priority += self.list_priority
        site_name = getattr(self.spider, "site_name", "")
        if site_name and SITE_NAME not in request.meta:
            request.meta[SITE_NAME] = site_name
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def next_request(self):
        taken = self.queue.pop()
        if taken is None:
            return None
        request, raw = taken
        self.taken[request] = raw
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        if not getattr(self.spider, "site_name", "") and request.meta.get(SITE_NAME):
            self.spider.site_name = request.meta[SITE_NAME]
        return request

    def has_pending_requests(self):
        return len(self.queue) > 0

    def flush(self):
        """Only ``SCHEDULER_FLUSH_ON_START`` flushes (the run's queue and dupefilter, by an operator's choice)."""
        self.server.delete(self.cluster.key("requests"), self.cluster.key("dupefilter"))

    # -- acknowledgements ----------------------------------------------------------------------------

    def _in_progress(self):
        """The requests the engine still works on (Scrapy keeps one in its slot until its callback's output
        is processed), or None when there is no engine to ask."""
        try:
            engine = self.crawler.engine
        except (AttributeError, RuntimeError):   # Scrapy 2.19: no engine before the crawl starts
            return None
        return getattr(getattr(engine, "_slot", None), "inprogress", None)

    def acknowledge_finished(self, everything: bool = False) -> int:
        """Acknowledge the requests Scrapy is done with (``everything``: the engine is idle, so all of them)."""
        in_progress = None if everything else self._in_progress()
        if in_progress is None and not everything:
            return 0   # no way to tell: wait for the next idle moment
        done = [request for request in self.taken if everything or request not in in_progress]
        self.cluster.ack([self.taken.pop(request) for request in done])
        return len(done)

    # -- timers ------------------------------------------------------------------------------------

    def _beat(self):
        try:
            requeued = self.cluster.beat()
        except Exception as error:  # Redis away for a moment: the next beat retries
            logger.warning("Heartbeat failed: %s", error)
            return
        if requeued:
            logger.warning("Requeued %d request(s) held by worker(s) whose heartbeat stopped", requeued)
            if self.stats:
                self.stats.inc_value("distributed/requeued_from_dead_workers", requeued)

    def _poll(self):
        try:
            self.acknowledge_finished()
            engine = self.crawler.engine
            slot = getattr(engine, "_slot", None)
            # wake the engine (Scrapy itself looks every 5 s): to take work that arrived, or, when idle,
            # to see the run finished (spider_idle) within a poll
            if slot is not None and not engine.needs_backout() and (not self.taken or len(self.queue)):
                slot.nextcall.schedule()
        except Exception as error:
            logger.warning("Polling the shared queue failed: %s", error)

    # -- the end ------------------------------------------------------------------------------------

    def spider_idle(self, spider):
        if not self._started:
            self._started = True
            self.cluster.started()
        self.acknowledge_finished(everything=True)
        self.outcome = self.cluster.finish(self.keep_finished)
        if self.outcome == "busy":
            raise DontCloseSpider
        if self.outcome == "finished":
            logger.info("Run %s of %s finished; its keys were removed by this worker", self.cluster.run,
                        self.cluster.prefix)

    def close(self, reason):
        for loop in self._loops:
            if loop.running:
                loop.stop()
        if self.cluster is None:
            return
        in_progress = self._in_progress()   # None: no engine to ask, so nothing taken is known to be done
        unfinished = [raw for request, raw in self.taken.items() if in_progress is None or request in in_progress]
        done = [raw for request, raw in self.taken.items() if in_progress is not None and request not in in_progress]
        self.taken.clear()
        try:
            self.cluster.ack(done)
            requeued = self.cluster.requeue(unfinished)
            self.cluster.leave()
        except Exception as error:
            logger.error("Leaving the run failed (%s): the heartbeat reaper will requeue this worker's requests", error)
            return
        if requeued:
            logger.info("Stopping (%s): %d unfinished request(s) back in the shared queue", reason, requeued)
