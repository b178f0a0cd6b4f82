"""The id index of a site archived by several machines: ArchiveIndex's interface, kept in Redis.

Each machine writes its own segments (``ARCHIVE_DIR/<site>/<host>/``, written by store.SiteArchive as
usual); which ids are archived, and in which segment, is one Redis hash shared by all::

    hospitalnews:archive:<site>:ids            hash: article id → segment name
    hospitalnews:archive:<site>:segment:<seg>  set: the ids of one segment (for salvaging a killed writer's part)
    hospitalnews:archive:<site>:published      set: segments whose every id is recorded (store.reconcile)
    hospitalnews:archive:<site>:claim          the append in progress: a random token, expiring

``exclusive()`` is the claim: SiteArchive checks "archived yet?", appends the line and records the id
inside it, as with SQLite. The claim is a Redis key set with NX and an expiry (``claim_seconds``), so a
writer killed while holding it releases it when it expires; what it wrote but did not record is salvaged
by the next writer on its machine (store.py), under the claim, and dropped if another machine archived
that id meanwhile. Records made inside the claim go to Redis in one MULTI/EXEC as the claim is released,
and not at all if the block raised: the same all-or-nothing as SQLite's transaction.

Durability (``exclusive(durable=True)``) is the Redis server's: run it with ``appendonly yes`` (and
``appendfsync always`` to survive a power cut). Whatever a lost index forgets, SiteArchive.reconcile
re-reads from the segments a machine holds.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterable
from contextlib import contextmanager

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class ClaimTimeout(RuntimeError):
    """Another writer held the site's claim for longer than the wait allows."""


class RedisArchiveIndex:
    def __init__(self, server, site: str, *, claim_seconds: float = 10.0, wait_seconds: float = 60.0):
        self.server = server
        self.site = site
        self.ids_key = f"hospitalnews:archive:{site}:ids"
        self.claim_key = f"hospitalnews:archive:{site}:claim"
        self.published_key = f"hospitalnews:archive:{site}:published"
        self.claim_ms = int(claim_seconds * 1000)
        self.wait_seconds = wait_seconds
        self._release = server.register_script(_RELEASE)
        self._pending: list[tuple] | None = None   # writes of the open claim

    def _segment_key(self, segment: str) -> str:
        return f"hospitalnews:archive:{self.site}:segment:{segment}"

    # -- reading ---------------------------------------------------------------------------------

    def __contains__(self, article_id: str) -> bool:
        return bool(self.server.hexists(self.ids_key, article_id))

    def __len__(self) -> int:
        return int(self.server.hlen(self.ids_key))

    def segment_of(self, article_id: str) -> str | None:
        value = self.server.hget(self.ids_key, article_id)
        return value.decode() if isinstance(value, bytes) else value

    def ids_in(self, segment: str) -> set[str]:
        return {m.decode() if isinstance(m, bytes) else m for m in self.server.smembers(self._segment_key(segment))}

    def published(self) -> set[str]:
        """Segments whose every id is recorded (on any machine)."""
        return {m.decode() if isinstance(m, bytes) else m for m in self.server.smembers(self.published_key)}

    def ids(self) -> set[str]:
        return {k.decode() if isinstance(k, bytes) else k for k in self.server.hkeys(self.ids_key)}

    # -- writing ---------------------------------------------------------------------------------

    @contextmanager
    def exclusive(self, durable: bool = False):
        """Hold the site's claim: no other writer, on any machine, records ids until the block ends.
        ``durable`` is accepted for ArchiveIndex's interface; durability is the server's (see above)."""
        token = f"{uuid.uuid4().hex}"
        deadline = time.monotonic() + self.wait_seconds
        delay = 0.002
        while not self.server.set(self.claim_key, token, nx=True, px=self.claim_ms):
            if time.monotonic() > deadline:
                raise ClaimTimeout(f"archive {self.site}: the claim stayed taken for {self.wait_seconds:.0f} s")
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.05)
        self._pending = []
        try:
            yield self
            pipe = self.server.pipeline(transaction=True)
            for method, *args in self._pending:
                getattr(pipe, method)(*args)
            pipe.execute()
        finally:
            self._pending = None
            self._release(keys=[self.claim_key], args=[token])

    def _do(self, method: str, *args) -> None:
        if self._pending is not None:
            self._pending.append((method, *args))
        else:
            getattr(self.server, method)(*args)

    def add(self, article_id: str, segment: str) -> None:
        self._do("hset", self.ids_key, article_id, segment)
        self._do("sadd", self._segment_key(segment), article_id)

    def add_many(self, pairs: Iterable[tuple[str, str]]) -> None:
        for article_id, segment in pairs:
            self._do("hsetnx", self.ids_key, article_id, segment)
            self._do("sadd", self._segment_key(segment), article_id)

    def forget(self, ids: Iterable[str]) -> None:
        for article_id in ids:
            segment = self.segment_of(article_id)
            self._do("hdel", self.ids_key, article_id)
            if segment:
                self._do("srem", self._segment_key(segment), article_id)

    def mark_published(self, segment: str) -> None:
        self._do("sadd", self.published_key, segment)

    def clear(self) -> None:
        self._do("delete", self.ids_key, self.published_key)

    def close(self) -> None:
        """Nothing to release: the connection pool belongs to the caller."""
