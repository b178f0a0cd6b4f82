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
from ..archive.redis_index import RedisArchiveIndex
from ..pipelines.archive import ArchivePipeline


def host_folder(settings) -> str:
    """The folder name of this machine under each site: ``DISTRIBUTED_HOST`` or the hostname, as a-z0-9._-."""
    name = settings.get("DISTRIBUTED_HOST") or socket.gethostname()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "host"


class DistributedArchivePipeline(ArchivePipeline):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.server = get_redis_from_settings(crawler.settings)
        self.host = host_folder(crawler.settings)
        self.claim_seconds = crawler.settings.getfloat("DISTRIBUTED_CLAIM_SECONDS", 10.0)

    def archive_for(self, site: str) -> SiteArchive:
        if site not in self.archives:
            index = RedisArchiveIndex(self.server, site, claim_seconds=self.claim_seconds)
            archive = SiteArchive(Path(self.root) / site, self.host, index=index,
                                  commit_items=self.commit_items, commit_seconds=self.commit_seconds)
            if archive.salvaged_lines:
                self.stats.inc_value("archive/salvaged", archive.salvaged_lines)
            self.archives[site] = archive
        return self.archives[site]

    def close_spider(self):
        # a worker killed on this machine left its part in .staging: publish its complete lines now
        # (under the claim, dropping ids another worker archived since), not only at the next crawl
        for archive in self.archives.values():
            archive.commit()
            salvaged = archive.recover()
            if salvaged:
                self.stats.inc_value("archive/salvaged", salvaged)
        super().close_spider()
