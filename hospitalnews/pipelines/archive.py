"""Append each article to the permanent archive, once per id, whatever else the crawl exports."""

from __future__ import annotations

from pathlib import Path

from itemadapter import ItemAdapter
from scrapy.exceptions import NotConfigured

from ..archive import SiteArchive
from ..archive.anysite import ArchiveIds


class ArchivePipeline:
    """Writes ``ARCHIVE_DIR/<site>/``. Items already archived pass on unchanged (so ``-O`` still
    exports them) and are counted as ``archive/already_archived``."""

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("ARCHIVE_ENABLED", True):
            raise NotConfigured("ARCHIVE_ENABLED is off")
        self.root = Path(settings.get("ARCHIVE_DIR", "data/archive"))
        self.commit_items = settings.getint("ARCHIVE_COMMIT_ITEMS", 200)
        self.commit_seconds = settings.getfloat("ARCHIVE_COMMIT_SECONDS", 30.0)
        self.stats = crawler.stats
        self.archives: dict[str, SiteArchive] = {}
        self.ids = ArchiveIds(self.root)   # one id is one line in the whole archive, not per site

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def archive_for(self, site: str) -> SiteArchive:
        if site not in self.archives:
            archive = SiteArchive(self.root, site, commit_items=self.commit_items, commit_seconds=self.commit_seconds)
            if archive.salvaged_lines:
                self.stats.inc_value("archive/salvaged", archive.salvaged_lines)
            self.archives[site] = archive
        return self.archives[site]

    def process_item(self, item):
        record = ItemAdapter(item).asdict()
        other = self.ids.site_of(record["id"])
        if other is not None and other != record["site"]:
            self.stats.inc_value("archive/already_archived")
            self.stats.inc_value("archive/archived_under_other_site")
            return item
        if self.archive_for(record["site"]).append(record):
            self.stats.inc_value("archive/written")
            self.stats.inc_value(f"archive/written/{record['site']}")
        else:
            self.stats.inc_value("archive/already_archived")
        return item

    def close_spider(self):
        for archive in self.archives.values():
            archive.close()
        self.ids.close()
