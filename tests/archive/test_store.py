import json
import multiprocessing
import os

from hospitalnews.archive import SiteArchive, read_archive
from hospitalnews.archive.store import encode_record


def record(n: int, text: str = "正文") -> dict:
    return {"id": f"{n:016x}", "url": f"http://example.test/{n}.html", "site": "s", "content": text * 50}


def committed_lines(root, site="s"):
    return [line for seg in sorted((root / site).glob("*.jsonl")) for line in seg.read_bytes().splitlines()]


def test_one_line_per_id_and_utf8_unescaped(tmp_path):
    archive = SiteArchive(tmp_path, "s")
    assert archive.append(record(1)) is True
    assert archive.append(record(1)) is False
    assert archive.append(record(2)) is True
    archive.close()
    lines = committed_lines(tmp_path)
    assert len(lines) == 2
    assert "正文".encode() in lines[0]  # not \u6b63 escapes
    # a new writer (next night) still knows both ids
    again = SiteArchive(tmp_path, "s")
    assert record(1)["id"] in again and not again.append(record(2))
    again.close()
    assert [r["id"] for r in read_archive(tmp_path, "s")] == [record(1)["id"], record(2)["id"]]


def test_nothing_is_visible_until_committed_and_commits_every_n_items(tmp_path):
    archive = SiteArchive(tmp_path, "s", commit_items=3)
    archive.append(record(1))
    archive.append(record(2))
    assert committed_lines(tmp_path) == []          # still in .staging
    archive.append(record(3))                        # third item publishes a segment
    assert len(committed_lines(tmp_path)) == 3
    archive.append(record(4))
    archive.close()
    assert len(list((tmp_path / "s").glob("*.jsonl"))) == 2
    assert list((tmp_path / "s" / ".staging").iterdir()) == []


def _abandon_part(tmp_path, lines: list[bytes], indexed_ids: list[str]):
    """What a writer killed mid-crawl leaves behind: a part file and index rows for what it committed."""
    archive = SiteArchive(tmp_path, "s")
    segment = "20260101T000000Z-deadhost-1-0001"
    (tmp_path / "s" / ".staging" / f"{segment}.part").write_bytes(b"".join(lines))
    with archive.index.exclusive():
        for article_id in indexed_ids:
            archive.index.add(article_id, segment)
    archive.index.close()  # no close(): the writer "died"
    return segment


def test_salvage_publishes_complete_lines_and_drops_a_torn_tail(tmp_path):
    good = [encode_record(record(n)) for n in (1, 2, 3)]
    torn = encode_record(record(4))[:40]
    # ids 1 and 2 were committed to the index; 3 was written but the process died before its commit
    segment = _abandon_part(tmp_path, good + [torn], [record(1)["id"], record(2)["id"], record(4)["id"]])
    archive = SiteArchive(tmp_path, "s")
    assert archive.salvaged_lines == 3
    assert [json.loads(line)["id"] for line in committed_lines(tmp_path)] == [record(n)["id"] for n in (1, 2, 3)]
    assert (tmp_path / "s" / f"{segment}.jsonl").exists()
    assert record(3)["id"] in archive          # added to the index by salvage
    assert record(4)["id"] not in archive      # torn: forgotten, so the next crawl fetches it again
    assert archive.append(record(4)) is True
    archive.close()


def test_salvage_drops_a_line_another_writer_archived_meanwhile(tmp_path):
    other = SiteArchive(tmp_path, "s")
    other.append(record(7))
    other.close()
    _abandon_part(tmp_path, [encode_record(record(7)), encode_record(record(8))], [])
    archive = SiteArchive(tmp_path, "s")
    archive.close()
    ids = [json.loads(line)["id"] for line in committed_lines(tmp_path)]
    assert sorted(ids) == sorted([record(7)["id"], record(8)["id"]])


def test_a_live_writers_part_is_left_alone(tmp_path):
    live = SiteArchive(tmp_path, "s")
    live.append(record(1))
    other = SiteArchive(tmp_path, "s")  # a second process starting meanwhile
    assert other.salvaged_lines == 0
    assert len(list((tmp_path / "s" / ".staging").glob("*.part"))) == 1
    live.close()
    other.close()
    assert len(committed_lines(tmp_path)) == 1


def test_write_error_leaves_no_partial_line(tmp_path, monkeypatch):
    archive = SiteArchive(tmp_path, "s")
    archive.append(record(1))
    real_write = os.write

    def short_then_fail(fd, data):
        real_write(fd, bytes(data[:10]))
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", short_then_fail)
    try:
        archive.append(record(2))
    except OSError:
        pass
    monkeypatch.setattr(os, "write", real_write)
    assert record(2)["id"] not in archive
    archive.append(record(3))
    archive.close()
    assert [json.loads(line)["id"] for line in committed_lines(tmp_path)] == [record(1)["id"], record(3)["id"]]


def _writer(root, worker: int, ids: list[int]):
    archive = SiteArchive(root, "s", commit_items=7)
    for n in ids:
        archive.append(record(n, text=f"w{worker}"))
    archive.close()


def test_concurrent_writer_processes_archive_each_id_once(tmp_path):
    # four processes, heavily overlapping ids, as several workers of one distributed crawl would
    ids = list(range(300))
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(tmp_path, w, ids[w * 25:] + ids[: w * 25])) for w in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    seen = [json.loads(line)["id"] for line in committed_lines(tmp_path)]
    assert len(seen) == len(set(seen)) == 300


def test_rebuild_index_from_segments(tmp_path):
    archive = SiteArchive(tmp_path, "s")
    for n in range(5):
        archive.append(record(n))
    archive.close()
    (tmp_path / "s" / ".index.sqlite").unlink()
    for extra in ("-wal", "-shm"):
        (tmp_path / "s" / f".index.sqlite{extra}").unlink(missing_ok=True)
    archive = SiteArchive(tmp_path, "s")
    assert archive.rebuild_index() == 5
    assert archive.append(record(3)) is False
    archive.close()


def _lines_per_id(root, site="s"):
    from collections import Counter
    return Counter(json.loads(line)["id"] for line in committed_lines(root, site))


def test_sqlite_full_after_the_write_leaves_no_line_without_its_index_row(tmp_path, monkeypatch):
    import sqlite3

    from hospitalnews.archive import ArchiveIndex

    archive = SiteArchive(tmp_path, "s")
    archive.append(record(1))
    real_add = ArchiveIndex.add

    def full(self, article_id, segment):
        if article_id == record(2)["id"]:
            raise sqlite3.OperationalError("database or disk is full")
        return real_add(self, article_id, segment)

    monkeypatch.setattr(ArchiveIndex, "add", full)
    try:
        archive.append(record(2))
    except sqlite3.OperationalError:
        pass
    monkeypatch.setattr(ArchiveIndex, "add", real_add)
    archive.close()
    assert record(2)["id"] not in _lines_per_id(tmp_path)        # the written line was not published
    again = SiteArchive(tmp_path, "s")                              # the next crawl archives it, once
    assert again.append(record(2)) is True
    again.close()
    assert set(_lines_per_id(tmp_path).values()) == {1}


def test_a_segment_published_by_a_salvage_that_died_before_its_index_commit_is_reindexed(tmp_path):
    # what a salvage killed between its rename and its index commit left: the segment, the part, no index rows
    SiteArchive(tmp_path, "s").close()
    segment = "20260101T000000Z-deadhost-1-0001"
    lines = [encode_record(record(n)) for n in (1, 2)]
    (tmp_path / "s" / f"{segment}.jsonl").write_bytes(b"".join(lines))
    (tmp_path / "s" / ".staging" / f"{segment}.part").write_bytes(b"".join(lines))
    archive = SiteArchive(tmp_path, "s")
    assert record(1)["id"] in archive and record(2)["id"] in archive
    assert archive.append(record(1)) is False
    archive.close()
    assert set(_lines_per_id(tmp_path).values()) == {1}


def test_after_a_power_cut_the_index_agrees_with_the_segments(tmp_path):
    """A power cut loses the index's last (unsynced) transactions while their segment survives: the same
    on-disk state as restoring an index copy taken before them. The next open must re-index the segment."""
    import shutil

    archive = SiteArchive(tmp_path, "s", commit_items=3)
    for n in range(3):
        archive.append(record(n))
    archive.close()
    site = tmp_path / "s"
    shutil.copy(site / ".index.sqlite", tmp_path / "index-before")
    archive = SiteArchive(tmp_path, "s", commit_items=3)
    for n in range(3, 6):
        archive.append(record(n))
    archive.close()
    for extra in ("-wal", "-shm"):
        (site / f".index.sqlite{extra}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "index-before", site / ".index.sqlite")   # the last transactions are gone
    archive = SiteArchive(tmp_path, "s")
    assert archive.reconciled_ids == 3
    assert all(archive.append(record(n)) is False for n in range(6))
    archive.close()
    assert sorted(_lines_per_id(tmp_path)) == [record(n)["id"] for n in range(6)]


def test_two_writers_of_one_site_in_one_process_never_replace_each_others_segment(tmp_path):
    # crawlall runs several crawlers in one process; a view refresh writes beside a crawl
    for batch in range(3):
        archive = SiteArchive(tmp_path, "s")
        archive.append(record(batch))
        archive.close()
    assert sorted(_lines_per_id(tmp_path)) == [record(n)["id"] for n in range(3)]
