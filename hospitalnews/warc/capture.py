"""Keep every page a crawl fetches: a downloader middleware writing WARC files per site.

Every response that comes off the network (list pages, detail pages, view-counter answers,
robots.txt, redirects, error statuses; each retry too) is written with its request to
``WARC_DIR/<site>/`` (files.py: crash-safe like the archive). It sits at 950, nearest the
download handler, so it sees the bytes as the server sent them (before ``HttpCompressionMiddleware``
inflates them) and never a response from the HTTP cache or a replay.

A page whose status and payload digest equal the last stored ones for its URL becomes a ``revisit``
record (digests.py). ``request.meta["warc_record_id"]`` is set to the ``urn:uuid:…`` of the
``response`` record holding the page's bytes, which the spider copies into the article
(``warc_record_id``, provenance).

Settings: ``WARC_ENABLED`` (True), ``WARC_DIR`` (default: ``warc`` beside ``ARCHIVE_DIR``, i.e.
``data/warc``), ``WARC_MAX_BYTES`` (100 MiB per file), ``WARC_COMMIT_SECONDS`` (60: publish at least
this often), ``WARC_GZIP_LEVEL`` (2: ISA-L deflate level 0–3 of each record's gzip member, files.record_bytes). A
write error (disk full) is logged and counted as ``warc/write_errors``; the crawl goes on.
Stats: ``warc/records/response``, ``warc/records/revisit``, ``warc/bytes``, ``warc/salvaged_files``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured

from .digests import DigestIndex, StoredPayload
from .files import GZIP_LEVEL, WarcFiles, gzip_level, record_bytes
from .records import exchange_records, payload_digest, replay_info

logger = logging.getLogger(__name__)

WARC_RECORD_ID = "warc_record_id"        # request.meta key (and the article field)
SPIDER_FIELD = "hospitalnews-spider"      # warcinfo field: the spider that captured the file (reextract runs it)
NOT_FETCHED_FLAGS = {"cached", "warc-replay"}   # Response.flags of answers that did not come off the network


def warc_root(settings) -> Path:
    """``WARC_DIR``, or ``warc`` beside ``ARCHIVE_DIR`` when unset (``data/archive`` → ``data/warc``)."""
    configured = settings.get("WARC_DIR")
    if configured:
        return Path(configured)
    return Path(settings.get("ARCHIVE_DIR", "data/archive")).parent / "warc"


def bare_id(record_id: str) -> str:
    """``<urn:uuid:…>`` (the WARC header) → ``urn:uuid:…`` (the article field)."""
    return record_id.strip().removeprefix("<").removesuffix(">")


def site_of(spider) -> str:
    return getattr(spider, "site", None) or spider.name


class WarcCaptureMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("WARC_ENABLED", True):
            raise NotConfigured("WARC_ENABLED is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.root = warc_root(settings)
        self.max_bytes = settings.getint("WARC_MAX_BYTES", 100 * 1024 * 1024)
        self.commit_seconds = settings.getfloat("WARC_COMMIT_SECONDS", 60.0)
        self.gzip_level = gzip_level(settings.get("WARC_GZIP_LEVEL", GZIP_LEVEL))
        self.files: dict[str, WarcFiles] = {}
        self.digests: dict[str, DigestIndex] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_response(self, request, response):
        if NOT_FETCHED_FLAGS.intersection(response.flags):
            return response
        site = site_of(self.crawler.spider)
        try:
            record_id = self.capture(site, request, response)
        except (OSError, sqlite3.Error) as error:   # disk full, a locked digest index: the crawl goes on
            self.stats.inc_value("warc/write_errors")
            logger.error("WARC capture of %s failed: %s", response.url, error)
        else:
            request.meta[WARC_RECORD_ID] = record_id
        return response

    def capture(self, site: str, request, response) -> str:
        """Write one exchange; returns the ``urn:uuid:…`` of the response record holding its payload.

        Everything runs on the reactor thread, the response going on once its records are written (a kill -9
        loses nothing it would not have lost). Hashing, building and compressing an exchange costs about
        0.3 ms for a 42 KB page; an encoder thread for it (hashlib and ISA-L release the GIL) cost the crawl
        more in handing over and in GIL contention than it saved: on bench/run's site, without it, 2 % more
        pages a second and 0.2 ms less CPU a page (two runs of six alternating crawls)."""
        files = self._files(site)
        digests = self.digests[site]
        replay = replay_info(request)
        previous = digests.get(response.url)
        digest, revisit, replay_digest, records, blob, offsets = self._exchange(request, response, previous, replay)
        before = files.bytes_written
        files.write_encoded(blob, offsets)
        self.stats.inc_value("warc/bytes", files.bytes_written - before)
        main = records[1].rec_headers
        if revisit:
            self.stats.inc_value("warc/records/revisit")
            return bare_id(revisit.record_id)
        self.stats.inc_value("warc/records/response")
        digests.put(response.url, StoredPayload(response.status, digest, main.get_header("WARC-Record-ID"),
                                                main.get_header("WARC-Date"), replay_digest))
        return bare_id(main.get_header("WARC-Record-ID"))

    def _exchange(self, request, response, previous: StoredPayload | None, replay: dict | None):
        """The records of one exchange and their bytes (pure: no file, no index).
        A response whose status and payload digest equal ``previous`` becomes a revisit of it."""
        digest = payload_digest(response.body)
        replay_digest = payload_digest(json.dumps(replay, sort_keys=True).encode()) if replay else None
        revisit = previous if previous and (previous.status, previous.digest) == (response.status, digest) else None
        # a revisit asked for the same way as the original needs no metadata of its own (reader.py falls back)
        keep_replay = replay if not revisit or revisit.replay != replay_digest else None
        records = exchange_records(request, response, digest=digest, revisit_of=revisit, replay_info=keep_replay)
        blob, offsets = record_bytes(records, self.gzip_level)
        return digest, revisit, replay_digest, records, blob, offsets

    def _files(self, site: str) -> WarcFiles:
        if site not in self.files:
            files = WarcFiles(self.root, site, max_bytes=self.max_bytes, commit_seconds=self.commit_seconds,
                              info={SPIDER_FIELD: self.crawler.spider.name}, gzip_level=self.gzip_level)
            if files.salvaged_files:
                self.stats.inc_value("warc/salvaged_files", files.salvaged_files)
            self.files[site] = files
            self.digests[site] = DigestIndex(files.dir)
        return self.files[site]

    def spider_closed(self, spider, reason):
        for site, files in self.files.items():
            files.close()
            self.digests[site].close()
