"""Cost of the crash-safe archive vs a bare JSONL append, same records, same process.

    python -m bench.archive_append [N]

Baseline: json.dumps + file.write to one open file (what a plain JsonLinesItemExporter does).
Archive: SiteArchive.append (SQLite id check + index row in one transaction, unbuffered write, segment
commit with fsync every ARCHIVE_COMMIT_ITEMS=200).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from hospitalnews.archive import SiteArchive


def records(n: int):
    body = "医院召开安全生产工作会议，总结分析年度工作并部署重点任务。" * 40  # ~1.2k chars, a typical article
    return [{"id": f"{i:016x}", "url": f"http://example.test/{i}.html", "site": "bench", "content": body} for i in range(n)]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    data = records(n)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with open(Path(tmp) / "plain.jsonl", "w", encoding="utf-8") as out:
            for record in data:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        plain = time.perf_counter() - start

        archive = SiteArchive(tmp, "bench")
        start = time.perf_counter()
        for record in data:
            archive.append(record)
        archive.close()
        safe = time.perf_counter() - start

        start = time.perf_counter()
        again = SiteArchive(tmp, "bench")
        opened = time.perf_counter() - start
        start = time.perf_counter()
        hits = sum(record["id"] in again for record in data)
        lookups = time.perf_counter() - start
        again.close()
    print(f"{n} records of ~{len(json.dumps(data[0], ensure_ascii=False).encode())} bytes")
    print(f"bare JSONL append   {n / plain:10.0f} records/s")
    print(f"SiteArchive.append  {n / safe:10.0f} records/s  (ratio bare/archive: {safe / plain:.1f}x)")
    print(f"reopen archive      {opened * 1000:10.1f} ms; id lookups {n / lookups:,.0f}/s ({hits} hits)")


if __name__ == "__main__":
    main()
