"""ArchivePipeline of a distributed worker: segments in ``ARCHIVE_DIR/<site>/<host>/``, ids in Redis.

Every machine appends to its own folder (no shared filesystem needed, no two machines ever write one
file); the one id index in Redis (archive/redis_index.py) keeps it to one line per article across all
of them. ``<host>`` is ``DISTRIBUTED_HOST`` (default: the machine's hostname). Readers take the union:
``ARCHIVE_DIR/<site>/*.jsonl`` and ``ARCHIVE_DIR/<site>/*/*.jsonl`` (store.segment_paths).
"""

from __future__ import annotations

import re
import socket
from pathlib import Path

from scrapy_redis.connection import get_redis_from_settings

from ..archive import SiteArchive
from ..archive.store import PART_SUFFIX
from ..archive.redis_index import RedisArchiveIndex
from ..pipelines.archive import ArchivePipeline


def host_folder(settings) -> str:
    """This machine's folder under each site: ``DISTRIBUTED_HOST`` or the hostname, as a-z0-9_ (a site key's
    alphabet: ``ip-10-0-0-5`` → ``ip_10_0_0_5``)."""
    name = (settings.get("DISTRIBUTED_HOST") or socket.gethostname()).lower()
    return re.sub(r"[^a-z0-9]+", "_", name).strip("_")[:64] or "host"


class HostArchive(SiteArchive):
    """A site's archive written by one machine: segments in ``<root>/<site>/<host>/``, ids in the shared index."""

    def __init__(self, root, site: str, host: str, index, **kwargs):
        self._shared_index = index
        super().__init__(Path(root) / site, host, **kwargs)
        self.site = site

    def open_index(self):
        return self._shared_index


class DistributedArchivePipeline(ArchivePipeline):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.server = get_redis_from_settings(crawler.settings)
        self.host = host_folder(crawler.settings)
        self.claim_seconds = crawler.settings.getfloat("DISTRIBUTED_CLAIM_SECONDS", 10.0)

    def archive_for(self, site: str) -> SiteArchive:
        if site not in self.archives:
            index = RedisArchiveIndex(self.server, site, claim_seconds=self.claim_seconds)
            archive = HostArchive(self.root, site, self.host, index,
                                  commit_items=self.commit_items, commit_seconds=self.commit_seconds)
            if archive.salvaged_lines:
                self.stats.inc_value("archive/salvaged", archive.salvaged_lines)
            self.archives[site] = archive
        return self.archives[site]

    def open_spider(self):
        opened = getattr(super(), "open_spider", None)
        if opened:
            opened()
        # what a worker killed on this machine left in its .staging: salvaged before the spider asks
        # the index what is archived
        for staging in sorted(self.root.glob(f"*/{self.host}/.staging")):
            if any(staging.glob("*" + PART_SUFFIX)):
                self.archive_for(staging.parent.parent.name)

    def close_spider(self):
        # a worker killed on this machine during the crawl left its part in .staging: publish its
        # complete lines now (under the claim, dropping ids another worker archived since)
        for archive in self.archives.values():
            archive.commit()
            salvaged = archive.recover()
            if salvaged:
                self.stats.inc_value("archive/salvaged", salvaged)
        super().close_spider()
