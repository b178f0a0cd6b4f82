"""Reading WARC files back in the tests: every record, read to its end, digests checked by warcio."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator


@dataclass
class Rec:
    file: str
    type: str
    uri: str | None
    id: str
    headers: dict
    status: int | None
    payload: bytes


def read_warc(path: Path) -> list[Rec]:
    records = []
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream, check_digests="raise"):
            payload = record.content_stream().read()
            headers = dict(record.rec_headers.headers)
            status = int(record.http_headers.get_statuscode()) if record.http_headers and record.rec_type != "request" else None
            records.append(Rec(path.name, record.rec_type, headers.get("WARC-Target-URI"), headers["WARC-Record-ID"],
                               headers, status, payload))
    return records


def site_records(warc_dir: Path, site: str) -> list[Rec]:
    files = sorted((warc_dir / site).glob("*.warc.gz"))
    assert files, f"no WARC file for {site}"
    return [r for f in files for r in read_warc(f)]
