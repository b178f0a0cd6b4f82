"""The newspaper registry: ``data/papers.toml`` (``EPAPER_PAPERS`` setting) lists the papers the
``epaper`` spider can crawl, and the topic filter's vocabulary.

Each ``[[paper]]`` table::

    key = "taianribao"                 # archive key (a-z, 0-9, _); `-a paper=KEY`
    name = "泰安日报"                   # site_name and source of every story
    layout = "page_articel"            # founder_html | founder_pc | page_articel (spiders/epaper.py)
    issue_url = "http://…/content/{date:%Y%m%d}/Page01YF.htm"   # the issue's first page
    print_text = false                 # true: article text is print-damaged, run repair_print_text
    encoding = "gbk"                   # optional: force a charset the server does not declare
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_PAPERS = Path("data/papers.toml")


@dataclass(frozen=True)
class Paper:
    key: str
    name: str
    layout: str
    issue_url: str
    print_text: bool = False
    encoding: str | None = None

    def first_page(self, issue: date) -> str:
        return self.issue_url.format(date=issue)


@dataclass(frozen=True)
class Topic:
    keywords: tuple[str, ...] = ()
    institution_suffixes: tuple[str, ...] = ()
    places: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperRegistry:
    papers: dict[str, Paper] = field(default_factory=dict)
    topic: Topic = Topic()


def load_papers(path: Path | str | None = None) -> PaperRegistry:
    data = tomllib.loads(Path(path or DEFAULT_PAPERS).read_text("utf-8"))
    papers = {
        entry["key"]: Paper(entry["key"], entry["name"], entry["layout"], entry["issue_url"],
                            bool(entry.get("print_text", False)), entry.get("encoding"))
        for entry in data.get("paper", [])
    }
    topic = data.get("topic", {})
    return PaperRegistry(papers, Topic(tuple(topic.get("keywords", ())), tuple(topic.get("institution_suffixes", ())),
                                       tuple(topic.get("places", ()))))
