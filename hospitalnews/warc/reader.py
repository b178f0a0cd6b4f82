"""Reading a site's captures back: which pages are stored, and their bytes.

``CaptureIndex.build(root, site, since=None)`` scans the published ``*.warc.gz`` of ``root/site``
(never ``.staging``) with warcio and keeps, per request (``request_key``: the URL of a GET), the latest ``response`` or ``revisit`` record
(a revisit's bytes are those of the response it refers to, ``WARC-Refers-To``), with the replay
information of its ``metadata`` record. Only offsets are held in memory; ``load`` seeks to read a
page. ``since`` (``YYYY-MM-DD`` or an ISO timestamp, UTC) ignores captures dated before it.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from .files import WARC_SUFFIX
from .records import load_replay_info

logger = logging.getLogger(__name__)


@dataclass
class Capture:
    url: str
    date: str                      # WARC-Date of the capture
    record_id: str                 # WARC-Record-ID of the response/revisit record, with <>
    payload_record_id: str         # of the response record holding the bytes (itself, unless a revisit)
    status: int
    location: tuple[Path, int]     # (file, offset) of the capture's record: its HTTP headers
    payload_location: tuple[Path, int] | None   # of the payload's response record (None: unresolved revisit)
    replay: dict | None = None     # the request's callback and arguments (records.replay_info)
    revisit: bool = False


@dataclass
class Page:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"


def request_key(url: str, method: str = "GET", body: bytes = b"") -> str:
    """What identifies a request to replay: its URL for a bodiless GET; method, URL and a SHA-1 of the
    body otherwise (two POSTs of one URL with different forms are different pages)."""
    if method.upper() == "GET" and not body:
        return url
    return f"{method.upper()} {url} {hashlib.sha1(body).hexdigest()}"


def site_files(root: Path | str, site: str) -> list[Path]:
    return sorted((Path(root) / site).glob("*" + WARC_SUFFIX))


def iter_records(path: Path, read=lambda record: False):
    """``(offset, record, payload)`` for every record of one WARC file. ``payload`` is the raw block
    after any HTTP headers when ``read(record)`` says so, else None (warcio must pass over a record's
    content to know its offset, so it cannot be read afterwards)."""
    with open(path, "rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            payload = record.raw_stream.read() if read(record) else None
            yield records.get_record_offset(), record, payload


def read_record(location: tuple[Path, int]):
    """``(record, raw payload bytes)`` of the record at ``(file, offset)``."""
    path, offset = location
    with open(path, "rb") as stream:
        stream.seek(offset)
        record = next(iter(ArchiveIterator(stream)))
        return record, record.raw_stream.read()


@dataclass
class CaptureIndex:
    site: str
    latest: dict[str, Capture] = field(default_factory=dict)     # request_key → its latest capture
    records: int = 0

    @classmethod
    def build(cls, root: Path | str, site: str, since: str | None = None) -> "CaptureIndex":
        index = cls(site)
        responses: dict[str, tuple[Path, int]] = {}     # record id → location, every response record
        replay: dict[str, dict] = {}                      # concurrent-to id → replay info
        keys: dict[str, str] = {}                         # concurrent-to id → request_key of its request
        captures: list[Capture] = []
        for path in site_files(root, site):
            for offset, record, payload in iter_records(path, read=lambda r: r.rec_type in ("metadata", "request")):
                index.records += 1
                headers = record.rec_headers
                kind, record_id = record.rec_type, headers.get_header("WARC-Record-ID")
                if kind == "request" and record.http_headers is not None:
                    method = record.http_headers.protocol or "GET"   # warcio's name for a request line's method
                    keys[headers.get_header("WARC-Concurrent-To")] = request_key(
                        headers.get_header("WARC-Target-URI"), method, payload or b"")
                    continue
                if kind == "metadata":
                    try:
                        replay[headers.get_header("WARC-Concurrent-To")] = load_replay_info(payload)
                    except ValueError:
                        pass  # someone else's metadata: not a replay record
                    continue
                if kind not in ("response", "revisit") or record.http_headers is None:
                    continue
                if kind == "response":
                    responses[record_id] = (path, offset)
                date = headers.get_header("WARC-Date") or ""
                if since and date < since:
                    continue
                status = int(record.http_headers.get_statuscode() or 0)
                payload_id = headers.get_header("WARC-Refers-To") if kind == "revisit" else record_id
                captures.append(Capture(headers.get_header("WARC-Target-URI"), date, record_id, payload_id or "",
                                        status, (path, offset), None, revisit=kind == "revisit"))
        for capture in captures:
            capture.payload_location = responses.get(capture.payload_record_id)
            # a revisit asked for as its original was carries no metadata: the original's applies
            capture.replay = replay.get(capture.record_id) or replay.get(capture.payload_record_id)
            if capture.payload_location is None:
                logger.warning("warc %s: revisit %s of %s refers to a record that is not stored",
                               site, capture.record_id, capture.url)
                continue
            key = keys.get(capture.record_id, capture.url)
            known = index.latest.get(key)
            if known is None or capture.date >= known.date:   # WARC-Date (µs): files of two writers interleave
                index.latest[key] = capture
        return index

    def get(self, key: str) -> Capture | None:
        """The latest capture of a ``request_key`` (for a GET: the URL)."""
        return self.latest.get(key)

    def __len__(self) -> int:
        return len(self.latest)


def load_page(capture: Capture) -> Page:
    """The status, HTTP headers (of this capture) and body (of its payload record) of a capture."""
    record, body = read_record(capture.location)
    if capture.revisit:
        _, body = read_record(capture.payload_location)
    http = record.http_headers
    return Page(int(http.get_statuscode() or 0), list(http.headers), body, http.protocol or "HTTP/1.1")


def find_record(root: Path | str, record_id: str, site: str | None = None):
    """``(site, location)`` of the record with this WARC-Record-ID (with or without <>), or None."""
    wanted = record_id.strip()
    wanted = wanted if wanted.startswith("<") else f"<{wanted}>"
    root = Path(root)
    sites = [site] if site else sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    for name in sites:
        for path in site_files(root, name):
            for offset, record, _ in iter_records(path):
                if record.rec_headers.get_header("WARC-Record-ID") == wanted:
                    return name, (path, offset)
    return None


def recorded_info(root: Path | str, site: str) -> dict[str, str]:
    """The ``warcinfo`` fields of the site's newest file (e.g. the capturing spider), or {}."""
    for path in reversed(site_files(root, site)):
        for _, record, payload in iter_records(path, read=lambda r: r.rec_type == "warcinfo"):
            if record.rec_type != "warcinfo":
                break
            fields = {}
            for line in payload.decode("utf-8", "replace").splitlines():
                name, sep, value = line.partition(":")
                if sep:
                    fields[name.strip()] = value.strip()
            return fields
    return {}
