"""Field normalisers: each pipeline turns one kind of as-stated page text into archive values."""

from __future__ import annotations

from ..extract.counts import parse_view_count
from ..extract.dates import isoformat, parse_publish_time, search_date
from ..extract.source import normalise_source
from ..extract.text import clean_heading, clean_optional, clean_text
from ..items import item_adapter


class TextCleanupPipeline:
    HEADING_FIELDS = ("title", "kicker", "subtitle", "category")   # word spaces kept, as printed
    SHORT_FIELDS = ("site_name", "summary", "publish_time_raw", "view_count_raw")

    def process_item(self, item):
        adapter = item_adapter(item)
        for name in self.HEADING_FIELDS:
            if name in adapter.field_names():
                adapter[name] = clean_heading(adapter.get(name))
        for name in self.SHORT_FIELDS:
            if name in adapter.field_names():
                adapter[name] = clean_optional(adapter.get(name))
        if adapter.get("content") is not None:
            adapter["content"] = clean_text(adapter["content"])
        for key, entries in (("caption", adapter.get("images")), ("name", adapter.get("attachments"))):
            for entry in entries or ():
                entry[key] = clean_optional(entry.get(key))
        if adapter.get("authors"):
            adapter["authors"] = [
                {"name": clean_optional(a["name"]), "role": clean_optional(a["role"])}
                for a in adapter["authors"]
                if clean_optional(a.get("name"))
            ]
        return item


class PublishTimePipeline:
    """Parses ``publish_time_raw`` unless the spider already set ``publish_time``.

    A stated date that is no publish time (before 1990, later than the crawl + 1 day: a CMS placeholder or a
    typo) leaves ``publish_time`` null, keeps the raw text and counts ``hospitalnews/publish_time/implausible``.
    """

    def __init__(self, stats=None):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.stats)

    def process_item(self, item):
        adapter = item_adapter(item)
        if adapter.get("publish_time") is None and adapter.get("publish_time_raw"):
            adapter["publish_time"] = isoformat(parse_publish_time(adapter["publish_time_raw"]))
            if adapter["publish_time"] is None and self.stats is not None \
                    and search_date(adapter["publish_time_raw"]) is not None:
                self.stats.inc_value("hospitalnews/publish_time/implausible")
        return item


class SourcePipeline:
    def process_item(self, item):
        adapter = item_adapter(item)
        adapter["source"] = normalise_source(adapter.get("source"))
        return item


class ViewCountPipeline:
    """``view_count`` from ``view_count_raw`` (a counter endpoint may have set it already)."""

    def process_item(self, item):
        adapter = item_adapter(item)
        raw = adapter.get("view_count_raw")
        if raw is not None and not isinstance(raw, str):   # always text in the archive (schema v1), e.g. 1234 → "1234"
            adapter["view_count_raw"] = raw = str(raw)
        if adapter.get("view_count") is None:
            adapter["view_count"] = parse_view_count(raw)
        return item
