"""A generated hospital site on disk, served by the mirror proxy under a made-up host.

Sections (``/news/``, ``/notice/`` …) list their articles newest first, ``per_page`` to a page, with a
下一页 link; articles are numbered per section and never change once written, so calling
``build_site`` again with larger counts is "the site published new articles overnight".
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

HOST = "www.nightly-hospital.test"


def list_page_name(page: int) -> str:
    return "index.html" if page == 1 else f"index_{page}.html"


def article_path(section: str, serial: int) -> str:
    return f"/{section}/{serial:05d}.html"


def build_site(mirrors: Path, counts: dict[str, int], *, per_page: int = 10, newest: datetime | None = None,
               views: int = 7, host: str = HOST, dated: bool = True) -> Path:
    """Write the site under ``mirrors/<host>/``; article ``serial`` of a section is published ``newest`` minus
    (count - serial) hours, so the newest article of each section is published at ``newest``.
    ``dated=False``: neither the pages nor the list entries state a date (a site whose items lack publish_time)."""
    root = mirrors / host
    newest = newest or datetime(2026, 1, 20, 9, 0, 0)
    (root / "robots.txt").parent.mkdir(parents=True, exist_ok=True)
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n", "utf-8")
    for section, count in counts.items():
        folder = root / section
        folder.mkdir(parents=True, exist_ok=True)
        published = {serial: newest - timedelta(hours=count - serial) for serial in range(1, count + 1)}
        for serial in range(1, count + 1):
            page = folder / f"{serial:05d}.html"
            stamp = published[serial].strftime("%Y-%m-%d %H:%M:%S")
            page.write_text(
                f"<html><head><meta charset='utf-8'><title>{section} {serial}</title></head><body>"
                f"<div class='article'><h1>{section}第{serial}号新闻</h1>"
                f"<div class='info'>{f'发布时间:{stamp} ' if dated else ''}来源: 宣传科 阅读次数:{views + serial}</div>"
                f"<div class='content'><p>这是{section}栏目的第{serial}篇新闻。</p><p>医院举行了活动。</p></div>"
                f"</div></body></html>", "utf-8")
        newest_first = list(range(count, 0, -1))
        pages = [newest_first[i:i + per_page] for i in range(0, len(newest_first), per_page)] or [[]]
        for number, serials in enumerate(pages, start=1):
            entries = "".join(
                f"<li><a href='{article_path(section, s)}'>{section}第{s}号新闻</a>"
                + (f"<span>{published[s]:%Y-%m-%d}</span>" if dated else "") + "</li>" for s in serials)
            more = f"<a href='{list_page_name(number + 1)}'>下一页</a>" if number < len(pages) else ""
            (folder / list_page_name(number)).write_text(
                f"<html><head><meta charset='utf-8'></head><body><ul class='news'>{entries}</ul>"
                f"<div class='pages'>{more}</div></body></html>", "utf-8")
    return root
