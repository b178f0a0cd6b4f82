"""A deterministic archive writer for the kill-point tests: ``python -m tests.faults.writer ROOT N COMMIT_ITEMS``.

Appends records 0..N-1 to site ``s`` of ROOT (one SiteArchive, as one crawl does) and closes it; what
``HOSPITALNEWS_FAULT`` names happens on the way.
"""

import sys

from hospitalnews.archive import SiteArchive


def record(n: int) -> dict:
    return {"id": f"{n:016x}", "url": f"http://example.test/{n}.html", "site": "s", "content": f"第{n}篇" * 20}


def main(root: str, count: int, commit_items: int) -> None:
    archive = SiteArchive(root, "s", commit_items=commit_items, commit_seconds=3600)
    for n in range(count):
        archive.append(record(n))
    archive.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
