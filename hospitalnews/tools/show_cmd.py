"""Print a stored page from the WARC capture.

    hospitalnews show http://www.sd-cancer.com/news_hos/2023/Kx7pQ2mA.html   the latest capture of a URL
    hospitalnews show urn:uuid:21f2fd84-…                                     a record (an article's warc_record_id)
    hospitalnews show 2ac99fb5118fd32c                                        an archived article's page, by article id

The body is printed as UTF-8 text (Content-Encoding undone, the page's charset decoded as the
spiders decode it); ``--headers`` prints the status line and headers first, ``--raw`` writes the
bytes as stored. Exit status: 0 printed, 1 not stored, 2 usage error.
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

from ..archive.store import read_archive
from ..extract.encoding import decode_html
from ..warc.reader import CaptureIndex, find_record, load_page, read_record, site_files
from .selection import default_dir

HELP = "print a stored page (by URL, WARC record id or article id) from the WARC capture"

_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]{1,40})", re.I)


def add_arguments(parser):
    parser.add_argument("target", help="a URL, a WARC record id (urn:uuid:…) or an article id (16 hex digits)")
    parser.add_argument("--archive", type=Path, default=None, help="ARCHIVE_DIR (for article ids; default <project root>/data/archive)")
    parser.add_argument("--warc", type=Path, help="WARC directory (default: warc beside --archive)")
    parser.add_argument("--site", help="look only in this site's captures")
    parser.add_argument("--headers", action="store_true", help="print the status line and HTTP headers first")
    parser.add_argument("--raw", action="store_true", help="write the stored body bytes unchanged")


def _fail(message: str, code: int) -> int:
    print(f"hospitalnews show: {message}", file=sys.stderr)
    return code


def _sites(warc: Path, site: str | None) -> list[str]:
    if site:
        return [site]
    return sorted(p.name for p in warc.iterdir() if p.is_dir() and not p.name.startswith("."))


def _by_record_id(warc: Path, record_id: str, site: str | None):
    found = find_record(warc, record_id, site)
    if found is None:
        return None
    name, location = found
    record, body = read_record(location)
    if record.rec_type == "revisit":
        target = find_record(warc, record.rec_headers.get_header("WARC-Refers-To") or "", name)
        if target is None:
            return None
        body = read_record(target[1])[1]
    if record.http_headers is None:
        return record.rec_headers.get_header("WARC-Target-URI"), "", [], body
    http = record.http_headers
    return record.rec_headers.get_header("WARC-Target-URI"), http.statusline, list(http.headers), body


def _by_url(warc: Path, url: str, site: str | None):
    for name in _sites(warc, site):
        capture = CaptureIndex.build(warc, name).get(url)
        if capture is not None:
            page = load_page(capture)
            return url, str(page.status), page.headers, page.body
    return None


def _decoded(headers: list[tuple[str, str]], body: bytes) -> str:
    values = {name.lower(): value for name, value in headers}
    coding = values.get("content-encoding", "").strip().lower()
    if coding in ("gzip", "x-gzip", "deflate"):
        try:
            body = zlib.decompress(body, 47 if coding != "deflate" else 15)
        except zlib.error:
            body = zlib.decompress(body, -15) if coding == "deflate" else body
    charset = _CHARSET.search(values.get("content-type", ""))
    return decode_html(body, charset.group(1) if charset else None)


def run(args) -> int:
    args.archive = args.archive or default_dir("archive")   # the checkout's data/, never the cwd's
    warc = args.warc or args.archive.parent / "warc"
    if not warc.is_dir():
        return _fail(f"no WARC directory at {warc}", 2)
    if args.site and not site_files(warc, args.site):
        return _fail(f"no captures of site {args.site!r} in {warc}", 1)
    target = args.target.strip()
    if _ARTICLE_ID.match(target):
        article = next((r for r in (read_archive(args.archive, args.site) if args.archive.is_dir() else [])
                        if r.get("id") == target), None)
        if article is None:
            return _fail(f"no archived article with id {target} in {args.archive}", 1)
        found = (_by_record_id(warc, article["warc_record_id"], article.get("site"))
                 if article.get("warc_record_id") else _by_url(warc, article["url"], article.get("site")))
    elif target.lstrip("<").startswith("urn:"):
        found = _by_record_id(warc, target, args.site)
    elif target.startswith(("http://", "https://")):
        found = _by_url(warc, target, args.site)
    else:
        return _fail(f"{target!r} is neither a URL, a WARC record id nor an article id", 2)
    if found is None:
        return _fail(f"{target} is not in the WARC capture at {warc}", 1)
    url, status, headers, body = found
    if args.headers:
        print(f"{url}\n{status}")
        for name, value in headers:
            print(f"{name}: {value}")
        print()
    sys.stdout.flush()
    if args.raw:
        sys.stdout.buffer.write(body)
    else:
        sys.stdout.write(_decoded(headers, body))
    return 0
