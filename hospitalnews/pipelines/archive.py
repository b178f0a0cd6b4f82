"""Append each article to the permanent archive, once per id, whatever else the crawl exports."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.exceptions import NotConfigured

from ..archive import SiteArchive
from ..archive.anysite import ArchiveIds
from ..archive.store import PART_SUFFIX
from ..archive.views import ViewHistory
from ..nightly.failures import RecordedDrop, record_failure
from ..nightly.storage import FINISH_REASON, STORAGE_ERRORS, WRITE_FAILED, fail_crawl
from ..sitekeys import InvalidSiteKey, is_site_key
from ..items import item_adapter

logger = logging.getLogger(__name__)

__all__ = ["FINISH_REASON", "WRITE_FAILED", "ArchivePipeline", "abandoned_sites"]


def abandoned_sites(root: Path) -> list[str]:
    """Sites of ``root`` with a part a writer left behind in ``.staging`` (possibly a live one); a
    directory whose name is no site key is not a site (and is left alone)."""
    if not root.is_dir():
        return []
    names = {p.parent.parent.name for p in root.glob(f"*/.staging/*{PART_SUFFIX}")}
    return sorted(name for name in names if is_site_key(name))


class ArchivePipeline:
    """Writes ``ARCHIVE_DIR/<site>/``. Items already archived pass on unchanged (so ``-O`` still
    exports them) and are counted as ``archive/already_archived``.

    At open it salvages every site of ``ARCHIVE_DIR`` whose last writer died before publishing
    (``archive/salvaged``), before the spider asks the index what is archived: salvage never waits for
    a run with new work. A write that fails (full disk, SQLITE_FULL, I/O error) drops the item, records
    a failure (kind ``archive``) and closes the crawl with finish reason ``archive_write_failed``: the
    site is reported broken, crawlall exits 1, and the list walks stay incomplete, so the next run
    fetches again whatever was not archived.
    """

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED", True):
            raise NotConfigured("ARCHIVE_ENABLED is off")
        self.crawler = crawler
        self.root = Path(settings.get("ARCHIVE_DIR", "data/archive"))
        self.commit_items = settings.getint("ARCHIVE_COMMIT_ITEMS", 200)
        self.commit_seconds = settings.getfloat("ARCHIVE_COMMIT_SECONDS", 30.0)
        self.stats = crawler.stats
        self.archives: dict[str, SiteArchive] = {}
        self.failed: str | None = None
        self.ids = ArchiveIds(self.root)   # one id is one line in the whole archive, not per site

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        # the spider's own site too: its index is reconciled with its segments before the spider's
        # first "is it archived?" (after a power cut or a restored index)
        # (a site never archived has nothing to reconcile, and gets no directory before its first article)
        own = getattr(self.crawler.spider, "site", None)
        own = own if own and (self.root / own).is_dir() else None
        try:
            for site in dict.fromkeys([*abandoned_sites(self.root), *([own] if own else [])]):
                self.archive_for(site)
            views_root = Path(self.crawler.settings.get("VIEWS_DIR", "data/views"))
            for site in dict.fromkeys(abandoned_sites(views_root)):   # view refreshes a kill cut short
                salvaged = ViewHistory(views_root, site)
                self.stats.inc_value("archive/salvaged_views", salvaged.salvaged_lines)
                salvaged.close()
        except STORAGE_ERRORS as error:
            self.failed = fail_crawl(self.crawler, str(self.root), error, "could not salvage")

    def archive_for(self, site: str) -> SiteArchive:
        if site not in self.archives:
            archive = SiteArchive(self.root, site, commit_items=self.commit_items, commit_seconds=self.commit_seconds)
            if archive.salvaged_lines:
                self.stats.inc_value("archive/salvaged", archive.salvaged_lines)
            if archive.reconciled_ids:
                self.stats.inc_value("archive/reconciled", archive.reconciled_ids)
            self.archives[site] = archive
        return self.archives[site]

    def process_item(self, item):
        record = item_adapter(item).asdict()
        if self.failed:
            self._drop(record.get("url"), self.failed)
        other = self.ids.site_of(record["id"])
        if other is not None and other != record["site"]:
            self.stats.inc_value("archive/already_archived")
            self.stats.inc_value("archive/archived_under_other_site")
            return item
        try:
            written = self.archive_for(record["site"]).append(record)
        except InvalidSiteKey as bad:   # an item naming no valid archive directory: this item fails, not the crawl
            record_failure(self.stats, record.get("url") or "(no url)", "archive", str(bad))
            raise RecordedDrop(f"{bad} ({record.get('url')})") from None
        except STORAGE_ERRORS as error:
            self.failed = fail_crawl(self.crawler, record.get("url"), error)
            raise RecordedDrop(f"{self.failed} ({record.get('url')})") from None
        if written:
            self.stats.inc_value("archive/written")
            self.stats.inc_value(f"archive/written/{record['site']}")
        else:
            self.stats.inc_value("archive/already_archived")
        return item

    def _drop(self, url: str | None, reason: str):
        """After a failure, every further item is dropped too, recorded with its URL."""
        self.stats.inc_value(WRITE_FAILED)
        record_failure(self.stats, url or "(no url)", "archive", f"not archived after an earlier failure: {reason}")
        raise RecordedDrop(f"not archived: {reason} ({url})")

    def close_spider(self):
        for site, archive in self.archives.items():
            try:
                archive.close()
            except STORAGE_ERRORS as error:
                # the unpublished part stays in .staging: the next open salvages it
                self.stats.inc_value(WRITE_FAILED)
                record_failure(self.stats, f"archive:{site}", "archive", f"could not publish: {type(error).__name__}: {error}")
                logger.error("Archive %s could not publish its last segment: %s", site, error)
        self.ids.close()
