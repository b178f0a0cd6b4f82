"""scrapy-redis's priority queue made reliable: a pop moves the request into the worker's processing hash.

Set as ``SCHEDULER_QUEUE_CLASS`` (the distributed add-on does). Push, length and the encoding of requests
are scrapy-redis's own; only ``pop`` changes, from "remove" to "move into ``processing:<worker>``" (one
Lua script, cluster.POP), so a request a worker took is in Redis until the worker acknowledges it
(scheduler.py) or, if the worker dies, until the heartbeat reaper puts it back in the queue.
"""

from __future__ import annotations

from scrapy_redis.queue import PriorityQueue

from .cluster import Cluster


class ReliablePriorityQueue(PriorityQueue):
    cluster: Cluster | None = None

    def bind(self, cluster: Cluster) -> None:
        self.cluster = cluster

    def pop(self, timeout=0):
        """The best request, now held by this worker: ``(request, raw)``, or None when the queue is empty."""
        raw = self.cluster.pop()
        if raw is None:
            return None
        return self._decode_request(raw), raw

    def clear(self):
        """Never clears: the queue belongs to the whole run, not to one worker (cluster.FINISH removes it)."""
