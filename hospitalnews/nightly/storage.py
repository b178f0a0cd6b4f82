"""Spider middleware: a spider callback that fails on the archive's storage (a full disk, SQLITE_FULL,
an I/O error while the spider reads the id index or saves its walk state) breaks the crawl loudly.

Without it such an exception is one more ``spider_exceptions/…`` count and the crawl goes on, its lists
unread. With it the failure is recorded (kind ``archive``, with the URL), counted in
``archive/write_failed``, and the crawl closes with finish reason ``archive_write_failed``, as the
ArchivePipeline does when a write fails: the run report says why, crawlall exits 1, the walks stay
incomplete.
"""

from __future__ import annotations

import errno
import logging
import sqlite3

from scrapy.utils.defer import deferred_from_coro

from .failures import record_failure

logger = logging.getLogger(__name__)

WRITE_FAILED = "archive/write_failed"
FINISH_REASON = "archive_write_failed"
STORAGE_ERRORS = (OSError, sqlite3.Error)   # what an archive write can raise (the pipeline: any of these)
# What a spider callback raises when the disk under the archive fails (not, say, a socket error)
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS})


def is_disk_failure(error: BaseException) -> bool:
    return isinstance(error, sqlite3.Error) or (isinstance(error, OSError) and error.errno in DISK_ERRNOS)


def fail_crawl(crawler, url: str, error: BaseException, what: str = "not archived") -> str:
    """Record a storage failure and close the crawl (once). Returns the reason recorded."""
    reason = f"{what}: {type(error).__name__}: {error}"
    crawler.stats.inc_value(WRITE_FAILED)
    record_failure(crawler.stats, url or "(no url)", "archive", reason)
    if crawler.stats.get_value("archive/closing") is None:
        crawler.stats.set_value("archive/closing", reason)
        logger.error("Archive storage failed at %s: %s; closing the crawl", url, reason)
        if crawler.engine is not None:
            deferred_from_coro(crawler.engine.close_spider_async(reason=FINISH_REASON))
    return reason


class StorageFailureMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_exception(self, response, exception):
        if is_disk_failure(exception):
            fail_crawl(self.crawler, response.url, exception, "archive storage failed")
            return []
        return None
