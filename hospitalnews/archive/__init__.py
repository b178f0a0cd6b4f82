"""The permanent JSONL archive: ``ARCHIVE_DIR/<site>/*.jsonl``, one article per line, one line per id."""

from .index import ArchiveIndex
from .store import SiteArchive, read_archive

__all__ = ["ArchiveIndex", "SiteArchive", "read_archive"]
