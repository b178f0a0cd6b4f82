"""One crawl run shared by many workers: its Redis keys, and the few atomic steps workers take on them.

Keys of a spider crawling a site (``P`` = ``hospitalnews:<spider>:<site>``)::

    P:run                       the current run id (set by the first worker, removed when the run finishes)
    P:<run>:requests            sorted set: queued requests, score = -priority (scrapy-redis PriorityQueue)
    P:<run>:dupefilter          set: request fingerprints seen in this run (scrapy-redis RFPDupeFilter)
    P:<run>:workers             sorted set: worker id → heartbeat deadline (Redis server time, ms)
    P:<run>:processing:<worker> hash: the requests a worker took and has not finished, raw → score
    P:<run>:starting            set: workers still enqueuing their start requests

Every step that must not be interrupted half-way is one Lua script (Redis runs a script atomically, and
a SIGKILL of the calling worker cannot split it): taking a request moves it from the queue into the
taker's processing hash; a worker whose heartbeat deadline passed has its processing hash moved back
into the queue ("reaped"); the finish check reaps, then removes the run's keys only when nothing is
queued, nothing is held by a live worker and no worker is still starting. Time is Redis's ``TIME``, so
the workers' clocks need not agree.

This is the reliable-queue pattern (a processing list per consumer, acknowledged when done) on top of
scrapy-redis's priority queue; see queue.py and scheduler.py for how Scrapy drives it.
"""

from __future__ import annotations

import os
import socket
import uuid
from pathlib import Path

_NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"

# KEYS: none (all names derive from ARGV[1], the run's key base). Moves every dead worker's requests back.
_REAP = _NOW + """
local base = ARGV[1]
local requeued = 0
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', base .. ':workers', '-inf', now)) do
  local held = redis.call('HGETALL', base .. ':processing:' .. dead)
  for i = 1, #held, 2 do
    redis.call('ZADD', base .. ':requests', held[i + 1], held[i])
    requeued = requeued + 1
  end
  redis.call('DEL', base .. ':processing:' .. dead)
  redis.call('ZREM', base .. ':workers', dead)
  redis.call('SREM', base .. ':starting', dead)
end
"""

# ARGV: base, worker, ttl_ms
BEAT = _REAP + """
redis.call('ZADD', base .. ':workers', now + tonumber(ARGV[3]), ARGV[2])
return requeued
"""

# KEYS: run pointer. ARGV: prefix, candidate run, worker, ttl_ms, force (1: the candidate is the run)
JOIN = _NOW + """
local run = redis.call('GET', KEYS[1])
if ARGV[5] == '1' or not run then
  run = ARGV[2]
  redis.call('SET', KEYS[1], run)
end
local base = ARGV[1] .. ':' .. run
redis.call('ZADD', base .. ':workers', now + tonumber(ARGV[4]), ARGV[3])
redis.call('SADD', base .. ':starting', ARGV[3])
return run
"""

# ARGV: base, worker, ttl_ms. The best request moves into the worker's processing hash.
POP = _NOW + """
local base = ARGV[1]
local best = redis.call('ZRANGE', base .. ':requests', 0, 0, 'WITHSCORES')
if #best == 0 then return false end
redis.call('ZREM', base .. ':requests', best[1])
redis.call('HSET', base .. ':processing:' .. ARGV[2], best[1], best[2])
redis.call('ZADD', base .. ':workers', now + tonumber(ARGV[3]), ARGV[2])
return best[1]
"""

# ARGV: base, worker, raw... Unfinished requests of a stopping worker go back to the queue.
REQUEUE = """
local base = ARGV[1]
local processing = base .. ':processing:' .. ARGV[2]
local n = 0
for i = 3, #ARGV do
  local score = redis.call('HGET', processing, ARGV[i])
  if score then
    redis.call('HDEL', processing, ARGV[i])
    redis.call('ZADD', base .. ':requests', score, ARGV[i])
    n = n + 1
  end
end
return n
"""

# KEYS: run pointer. ARGV: base, run, keep_seconds (0: delete the finished run's keys; else let them expire)
FINISH = _REAP + """
if redis.call('GET', KEYS[1]) ~= ARGV[2] then return 'gone' end
if redis.call('ZCARD', base .. ':requests') > 0 then return 'busy' end
if redis.call('SCARD', base .. ':starting') > 0 then return 'busy' end
local workers = redis.call('ZRANGE', base .. ':workers', 0, -1)
for _, w in ipairs(workers) do
  if redis.call('HLEN', base .. ':processing:' .. w) > 0 then return 'busy' end
end
local keys = {base .. ':requests', base .. ':dupefilter', base .. ':starting', base .. ':workers'}
for _, w in ipairs(workers) do table.insert(keys, base .. ':processing:' .. w) end
local keep = tonumber(ARGV[3])
for _, k in ipairs(keys) do
  if keep > 0 then redis.call('EXPIRE', k, keep) else redis.call('DEL', k) end
end
redis.call('DEL', KEYS[1])
return 'finished'
"""


def worker_id(host: str | None = None) -> str:
    """``<host>-<pid>-<random>``: unique even when a pid is reused after a crash."""
    return f"{host or socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def crawl_prefix(spider_name: str, site: str) -> str:
    """Key prefix of one spider crawling one site: two sites (or two spiders) never share a queue."""
    return f"hospitalnews:{spider_name}:{site}"


class Cluster:
    """One worker's handle on the shared run of ``prefix``. Every method is one round trip."""

    def __init__(self, server, prefix: str, worker: str, *, ttl_ms: int):
        self.server = server
        self.prefix = prefix
        self.worker = worker
        self.ttl_ms = ttl_ms
        self.run: str | None = None
        self.archive_root: Path | None = None   # ARCHIVE_DIR of this machine (walk_state)
        self._join = server.register_script(JOIN)
        self._beat = server.register_script(BEAT)
        self._pop = server.register_script(POP)
        self._requeue = server.register_script(REQUEUE)
        self._finish = server.register_script(FINISH)

    @property
    def run_key(self) -> str:
        return f"{self.prefix}:run"

    @property
    def base(self) -> str:
        return f"{self.prefix}:{self.run}"

    def key(self, name: str) -> str:
        return f"{self.base}:{name}"

    @property
    def processing_key(self) -> str:
        return self.key(f"processing:{self.worker}")

    def join(self, run: str | None = None) -> str:
        """Join the current run (or start one); the worker counts as alive and starting from here on."""
        candidate = run or uuid.uuid4().hex[:12]
        self.run = _text(self._join(keys=[self.run_key],
                                    args=[self.prefix, candidate, self.worker, self.ttl_ms, int(bool(run))]))
        return self.run

    def beat(self) -> int:
        """Heartbeat, and return dead workers' requests to the queue. Returns how many were requeued."""
        return int(self._beat(args=[self.base, self.worker, self.ttl_ms]))

    def pop(self) -> bytes | None:
        return self._pop(args=[self.base, self.worker, self.ttl_ms]) or None

    def ack(self, raws: list[bytes]) -> None:
        if raws:
            self.server.hdel(self.processing_key, *raws)

    def requeue(self, raws: list[bytes]) -> int:
        return int(self._requeue(args=[self.base, self.worker, *raws])) if raws else 0

    def started(self) -> None:
        """This worker's start requests are all enqueued."""
        self.server.srem(self.key("starting"), self.worker)

    def finish(self, keep_seconds: int = 0) -> str:
        """``busy`` (work is queued or held), ``finished`` (it was, and this call removed the run's keys)
        or ``gone`` (another worker finished the run already)."""
        return _text(self._finish(keys=[self.run_key], args=[self.base, self.run, keep_seconds]))

    def archive_index(self, site: str):
        """The id index every machine shares (the spider's "already archived?" lookups)."""
        from ..archive.redis_index import RedisArchiveIndex

        return RedisArchiveIndex(self.server, site)

    def walk_state(self, site: str):
        from .walks import RedisWalkState

        return RedisWalkState(self.server, site, self.archive_root / site if self.archive_root else None)

    def leave(self) -> None:
        """A stopping worker: off the worker list (its requests were acknowledged or requeued before)."""
        pipe = self.server.pipeline()
        pipe.zrem(self.key("workers"), self.worker)
        pipe.srem(self.key("starting"), self.worker)
        pipe.delete(self.processing_key)
        pipe.execute()


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


def status(server) -> list[dict]:
    """Every run in ``server``: spider, site, run, queued, in_flight (taken, unfinished), live workers."""
    rows = []
    for run_key in sorted(server.scan_iter(match="hospitalnews:*:run", count=500)):
        run_key = _text(run_key)
        _, spider, site, _ = run_key.split(":", 3)
        run = server.get(run_key)
        if run is None:
            continue
        base = f"{run_key[: -len(':run')]}:{_text(run)}"
        now_s, now_us = server.time()
        now_ms = now_s * 1000 + now_us // 1000
        workers = [(_text(w), int(deadline)) for w, deadline in server.zrange(f"{base}:workers", 0, -1, withscores=True)]
        held = {w: server.hlen(f"{base}:processing:{w}") for w, _ in workers}
        rows.append({
            "spider": spider, "site": site, "run": _text(run),
            "queued": server.zcard(f"{base}:requests"),
            "in_flight": sum(held.values()),
            "seen": server.scard(f"{base}:dupefilter"),
            "workers": [{"worker": w, "holding": held[w], "alive": deadline > now_ms,
                         "expires_in_s": round((deadline - now_ms) / 1000, 1)} for w, deadline in workers],
        })
    return rows
