"""WarcFiles: records are published only whole; a killed writer's part is salvaged up to its last whole record."""

import os

import pytest
from scrapy.http import HtmlResponse, Request
from warcio.archiveiterator import ArchiveIterator

from hospitalnews.warc.files import PART_SUFFIX, WarcFiles, complete_members_end, record_bytes
from hospitalnews.warc.records import exchange_records, payload_digest


def exchange(n: int, size: int = 300):
    """The records of one fetched page whose body is ``size`` bytes of (poorly compressible) text."""
    body = ("<html>" + "".join(f"{n}-{i * 7919 % 104729}," for i in range(size // 8)) + "</html>").encode()
    request = Request(f"http://www.example-hospital.cn/news/{n}.html")
    response = HtmlResponse(request.url, body=body, request=request, headers={"Content-Type": "text/html"})
    return exchange_records(request, response, digest=payload_digest(body))


def read_all(path):
    """Every record of a WARC file, read to its end (digests checked): (type, uri) pairs."""
    with open(path, "rb") as stream:
        out = []
        for record in ArchiveIterator(stream, check_digests="raise"):
            record.content_stream().read()
            out.append((record.rec_type, record.rec_headers.get_header("WARC-Target-URI")))
        return out


def test_written_records_are_published_whole_at_close(tmp_path):
    files = WarcFiles(tmp_path, "site")
    for n in range(3):
        files.write(exchange(n))
    assert files.files() == []           # nothing visible while it is written
    files.close()
    [published] = files.files()
    records = read_all(published)
    assert records[0][0] == "warcinfo"
    assert [r for r in records if r[0] == "response"] == [("response", f"http://www.example-hospital.cn/news/{n}.html")
                                                         for n in range(3)]
    assert list((tmp_path / "site" / ".staging").iterdir()) == []


def test_rotation_by_size_publishes_each_full_file(tmp_path):
    files = WarcFiles(tmp_path, "site", max_bytes=1500)
    for n in range(6):
        files.write(exchange(n, size=2000))
    assert len(files.files()) == 5       # every write after the first starts a new file once one is full
    files.close()
    assert len(files.files()) == 6
    assert sum(len([r for r in read_all(p) if r[0] == "response"]) for p in files.files()) == 6


def abandon_part(tmp_path, cut_back: int) -> tuple[int, int]:
    """A writer that wrote 4 exchanges and was killed ``cut_back`` bytes before the end of its last
    write. Returns (whole exchanges, bytes written)."""
    files = WarcFiles(tmp_path, "site")
    for n in range(4):
        files.write(exchange(n))
    fd = files._fd
    size = os.fstat(fd).st_size
    os.ftruncate(fd, size - cut_back)
    os.close(fd)          # the kernel drops the lock of a killed process: the part is free
    files._fd = None
    return (4 if cut_back == 0 else 3), size


@pytest.mark.parametrize("cut_back", [0, 1, 9, 200, 420])
def test_a_killed_writers_part_is_salvaged_to_its_last_whole_record(tmp_path, cut_back):
    whole, _ = abandon_part(tmp_path, cut_back)
    later = WarcFiles(tmp_path, "site")
    assert later.salvaged_files == 1
    [published] = later.files()
    records = read_all(published)
    assert len([r for r in records if r[0] == "response"]) == whole
    assert list((tmp_path / "site" / ".staging").iterdir()) == []


def test_a_live_writers_part_is_left_alone(tmp_path):
    live = WarcFiles(tmp_path, "site")
    live.write(exchange(1))
    other = WarcFiles(tmp_path, "site")      # e.g. a second crawl of the site at the same time
    assert other.salvaged_files == 0
    assert len(list((tmp_path / "site" / ".staging").glob("*" + PART_SUFFIX))) == 1
    live.close()
    assert len(live.files()) == 1


def test_complete_members_end_at_every_cut(tmp_path):
    """Cut a file of gzip members at every byte: the end found is the end of the last whole member."""
    blob, offsets = record_bytes([r for n in range(3) for r in exchange(n, size=120)])
    ends = offsets[1:] + [len(blob)]
    path = tmp_path / "f"
    for cut in range(0, len(blob) + 1, 7):
        path.write_bytes(blob[:cut])
        fd = os.open(path, os.O_RDONLY)
        try:
            assert complete_members_end(fd) == max([0] + [e for e in ends if e <= cut]), cut
        finally:
            os.close(fd)


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_every_isal_level_writes_standard_gzip_members(tmp_path, level):
    """ISA-L's members are plain gzip: Python's gzip and warcio read them back, digests checked."""
    import gzip

    records = [r for n in range(2) for r in exchange(n, size=3000)]
    blob, offsets = record_bytes(records, level)
    ends = offsets[1:] + [len(blob)]
    assert all(gzip.decompress(blob[start:end]).startswith(b"WARC/1.1") for start, end in zip(offsets, ends))
    path = tmp_path / "x.warc.gz"
    path.write_bytes(blob)
    assert [t for t, _ in read_all(path)] == [r.rec_type for r in records]


@pytest.mark.parametrize("level", [-1, 4, 9])
def test_a_level_isal_has_not_is_refused(level):
    with pytest.raises(ValueError, match="0–3"):
        record_bytes(exchange(1), level)


def test_a_part_holding_no_whole_record_is_removed(tmp_path):
    staging = tmp_path / "site" / ".staging"
    staging.mkdir(parents=True)
    (staging / ("hospitalnews-x.warc.gz" + PART_SUFFIX)).write_bytes(record_bytes(exchange(1))[0][:30])
    files = WarcFiles(tmp_path, "site")
    assert files.files() == [] and list(staging.iterdir()) == []
