"""ValidationPipeline's compiled schema check agrees with jsonschema on valid and invalid articles."""

from __future__ import annotations

import copy

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector

from hospitalnews.pipelines.validate import ValidationPipeline, fast_article_check
from hospitalnews.schema import article_validator

VALID = {
    "id": "0123456789abcdef", "url": "http://www.h.test/news/1.html", "site": "h_test", "site_name": "某医院",
    "category": "医院新闻", "title": "标题", "kicker": None, "subtitle": None,
    "publish_time": "2024-03-18T08:55:27+08:00", "publish_time_raw": "2024-3-18 8:55:27", "source": "宣传部",
    "authors": [{"name": "张三", "role": "作者"}], "view_count": 12, "view_count_raw": "12", "summary": None,
    "content": "正文。", "images": [{"url": "http://www.h.test/a.jpg", "caption": None}],
    "attachments": [{"url": "http://www.h.test/a.pdf", "name": "附件"}], "institutions": [],
    "crawled_at": "2024-03-18T01:00:00+00:00", "schema_version": 1,
}
BREAKS = [
    ("id", "XYZ"), ("url", "ftp://x"), ("site", "Has Caps"), ("category", ""), ("view_count", -1),
    ("view_count", True), ("view_count", 1.5), ("publish_time", "2024-03-18"), ("authors", [{"name": "张三"}]),
    ("images", [{"url": "/relative.jpg", "caption": None}]), ("schema_version", 2), ("crawled_at", "yesterday"),
    ("institutions", [""]), ("extra_field", 1), ("content", 3),
]


class Stats(MemoryStatsCollector):
    def __init__(self):
        self._stats = {}


def test_a_valid_article_passes():
    item = copy.deepcopy(VALID)
    assert ValidationPipeline(Stats()).process_item(item) is item


@pytest.mark.parametrize(("field", "value"), BREAKS)
def test_every_violation_is_dropped_with_jsonschemas_message(field, value):
    item = dict(copy.deepcopy(VALID), **{field: value})
    reference = sorted(article_validator().iter_errors(item), key=lambda e: list(e.path))
    assert reference, "the case must break the schema"
    with pytest.raises(Exception):
        fast_article_check()(item)
    stats = Stats()
    with pytest.raises(DropItem, match="schema violation"):
        ValidationPipeline(stats).process_item(item)
    assert stats.get_value("hospitalnews/dropped/schema") == 1
