"""Item pipelines, one job each. Their order (settings.ITEM_PIPELINES) is:

100 TextCleanupPipeline      whitespace, NBSP, zero-width characters, spaces between CJK characters
200 PublishTimePipeline      publish_time_raw → ISO 8601 +08:00 (regex first, dateparser fallback)
300 SourcePipeline           "本文来源: 院长办公室" → "院长办公室"; empty → None
400 ViewCountPipeline        "1.2万" → 12000; no number → None
500 ValidationPipeline       no url or title → dropped (logged with URL, counted); JSON Schema check
600 DeduplicationPipeline    one item per id within a crawl
700 ArchivePipeline          appends to ARCHIVE_DIR/<site>/ (once per id, ever)
"""

import importlib

# Imported on first use (PEP 562): importing pipelines.normalise alone (hospitalnews extract) must not
# import Scrapy through the others.
_MODULE_OF = {
    "ArchivePipeline": "archive", "DeduplicationPipeline": "dedupe", "PublishTimePipeline": "normalise",
    "SourcePipeline": "normalise", "TextCleanupPipeline": "normalise", "ViewCountPipeline": "normalise",
    "ValidationPipeline": "validate",
}


def __getattr__(name):
    if name in _MODULE_OF:
        return getattr(importlib.import_module(f".{_MODULE_OF[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ArchivePipeline",
    "DeduplicationPipeline",
    "PublishTimePipeline",
    "SourcePipeline",
    "TextCleanupPipeline",
    "ValidationPipeline",
    "ViewCountPipeline",
]
