"""The archive as an Arrow table with stable, documented column types; Parquet and CSV export.

Every reader gets the same types whatever the segments hold: ``site`` is always a string (never the
integer 127001 that pandas makes of ``127_0_0_1``), ``view_count_raw`` always a string (an int written
by an older version is turned into its text), times are timestamps with their time zone.

Column types (``ARTICLE_SCHEMA``):

    id, url, site, site_name, category, title, kicker, subtitle   string
    publish_time       timestamp[ms, tz=Asia/Shanghai]   null when unknown
    publish_time_raw, source, view_count_raw, summary, content   string
    authors            list<struct<name: string, role: string>>
    view_count         int64                            null when unknown
    images             list<struct<url: string, caption: string>>
    attachments        list<struct<url: string, name: string>>
    institutions       list<string>
    crawled_at         timestamp[ms, tz=UTC]
    schema_version     int16

CSV cannot hold lists: there ``authors``, ``images``, ``attachments`` and ``institutions`` are JSON
text, times are ISO 8601 with their offset.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import pyarrow as pa

from ..archive.store import read_archive
from .files import atomic_file

TEXT_COLUMNS = ("id", "url", "site", "site_name", "category", "title", "kicker", "subtitle",
                "publish_time_raw", "source", "view_count_raw", "summary", "content")
LIST_COLUMNS = ("authors", "images", "attachments", "institutions")

ARTICLE_SCHEMA = pa.schema([
    ("id", pa.string()), ("url", pa.string()), ("site", pa.string()), ("site_name", pa.string()),
    ("category", pa.string()), ("title", pa.string()), ("kicker", pa.string()), ("subtitle", pa.string()),
    ("publish_time", pa.timestamp("ms", tz="Asia/Shanghai")), ("publish_time_raw", pa.string()),
    ("source", pa.string()),
    ("authors", pa.list_(pa.struct([("name", pa.string()), ("role", pa.string())]))),
    ("view_count", pa.int64()), ("view_count_raw", pa.string()), ("summary", pa.string()),
    ("content", pa.string()),
    ("images", pa.list_(pa.struct([("url", pa.string()), ("caption", pa.string())]))),
    ("attachments", pa.list_(pa.struct([("url", pa.string()), ("name", pa.string())]))),
    ("institutions", pa.list_(pa.string())),
    ("crawled_at", pa.timestamp("ms", tz="UTC")),
    ("schema_version", pa.int16()),
])


class ArchiveNotFound(Exception):
    """The archive directory does not exist (a typo, or nothing crawled yet)."""


def _time(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def normalise(record: dict) -> dict:
    """One archive line with every value coerced to its column type (see the module docstring)."""
    row = {}
    for name in TEXT_COLUMNS:
        value = record.get(name)
        row[name] = None if value is None else str(value)
    for name in LIST_COLUMNS:
        row[name] = list(record.get(name) or [])
    view_count = record.get("view_count")
    row["view_count"] = int(view_count) if isinstance(view_count, (int, float)) and not isinstance(view_count, bool) else None
    row["publish_time"] = _time(record.get("publish_time"))
    row["crawled_at"] = _time(record.get("crawled_at"))
    row["schema_version"] = int(record.get("schema_version") or 1)
    return row


def iter_articles(archive_dir: Path | str, *, sites: Iterable[str] = (), since: date | None = None) -> Iterator[dict]:
    """Archived articles of ``sites`` (all when empty) published on or after ``since`` (CST date).

    Articles with no publish time are kept unless ``since`` is given. Raises ``ArchiveNotFound``
    when ``archive_dir`` is not a directory, ``KeyError`` naming a site that has no archive.
    """
    root = Path(archive_dir)
    if not root.is_dir():
        raise ArchiveNotFound(f"no archive at {root}")
    wanted = list(sites)
    for site in wanted:
        if not (root / site).is_dir():
            raise KeyError(site)
    for site in wanted or [None]:
        for record in read_archive(root, site):
            if since is not None:
                published = _time(record.get("publish_time"))
                if published is None or published.date() < since:
                    continue
            yield record


def load_table(archive_dir: Path | str, *, sites: Iterable[str] = (), since: date | None = None) -> pa.Table:
    """The selected articles as an Arrow table of ``ARTICLE_SCHEMA`` (zero rows when none)."""
    rows = [normalise(r) for r in iter_articles(archive_dir, sites=sites, since=since)]
    return pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)


def write_parquet(table: pa.Table, target: Path | str) -> Path:
    """Write ``table`` to ``target`` atomically (zstd-compressed Parquet)."""
    import pyarrow.parquet as pq

    with atomic_file(target) as tmp:
        pq.write_table(table, tmp, compression="zstd")
    return Path(target)


def csv_table(table: pa.Table) -> pa.Table:
    """``table`` with its list columns as JSON text, times as ISO 8601 text (CSV holds no lists)."""
    columns = {}
    for name in table.column_names:
        values = table.column(name).to_pylist()
        if name in LIST_COLUMNS:
            columns[name] = pa.array([json.dumps(v, ensure_ascii=False) for v in values], pa.string())
        elif name in ("publish_time", "crawled_at"):
            columns[name] = pa.array([v.isoformat() if v else None for v in values], pa.string())
        else:
            columns[name] = table.column(name)
    return pa.table(columns)


def write_csv(table: pa.Table, target: Path | str) -> Path:
    """Write ``table`` as UTF-8 CSV with a header to ``target`` atomically."""
    import pyarrow.csv as pcsv

    with atomic_file(target) as tmp:
        pcsv.write_csv(csv_table(table), tmp)
    return Path(target)
