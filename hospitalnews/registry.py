"""The site registry: ``data/sites.toml`` lists every configured site.

Each ``[[site]]`` table::

    key = "tazhongyi"                      # archive key (a-z, 0-9, _)
    name = "泰安市中医医院"
    start_urls = ["http://tazhongyi.com/list-….htm"]
    spider = "sd_cancer"                   # optional: a dedicated spider crawls it; else `news` does
    layout = "confirmed"                   # or "assumed": was the layout seen in public material?
    [site.overrides]                       # optional, for the `news` spider
    link_css = "…"; body_css = "…"; meta_css = "…"; encoding = "gbk"; counter_url = "…{id}…"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DEFAULT_REGISTRY = Path("data/sites.toml")


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    start_urls: tuple[str, ...]
    spider: str | None = None
    layout: str = "assumed"
    overrides: dict = field(default_factory=dict)
    notes: str | None = None


def load_sites(path: Path | str | None = None) -> list[Site]:
    path = Path(path) if path else DEFAULT_REGISTRY
    if not path.exists():
        return []
    data = tomllib.loads(path.read_text("utf-8"))
    return [
        Site(
            key=entry["key"], name=entry["name"], start_urls=tuple(entry["start_urls"]), spider=entry.get("spider"),
            layout=entry.get("layout", "assumed"), overrides=dict(entry.get("overrides", {})), notes=entry.get("notes"),
        )
        for entry in data.get("site", [])
    ]


def site_by_key(key: str, path: Path | str | None = None) -> Site | None:
    return next((site for site in load_sites(path) if site.key == key), None)
