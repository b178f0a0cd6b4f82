"""Does the archive index stay fast with a million archived articles?

    python -m bench.index_startup [N]

Builds an ArchiveIndex with N (default 1,000,000) ids, then times what every crawl start pays: opening
the index, and 10,000 ``id in index`` lookups (half hits, half misses) like the list pages' skip check.
"""

from __future__ import annotations

import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

from hospitalnews.archive import ArchiveIndex


def fake_id(i: int) -> str:
    return hashlib.sha1(str(i).encode()).hexdigest()[:16]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "bench"
        start = time.perf_counter()
        index = ArchiveIndex(site)
        with index.exclusive():
            index.add_many((fake_id(i), f"segment-{i // 200:06d}") for i in range(n))
        index.close()
        built = time.perf_counter() - start
        size = (site / ArchiveIndex.FILENAME).stat().st_size

        start = time.perf_counter()
        index = ArchiveIndex(site)
        opened = time.perf_counter() - start
        rng = random.Random(1)
        probes = [fake_id(rng.randrange(n)) for _ in range(5000)] + [fake_id(n + i) for i in range(5000)]
        rng.shuffle(probes)
        start = time.perf_counter()
        hits = sum(1 for p in probes if p in index)
        looked = time.perf_counter() - start
        index.close()
    assert hits == 5000
    print(f"ids: {n:,}  index file: {size / 1e6:.0f} MB  build: {built:.1f} s")
    print(f"open: {opened * 1000:.1f} ms  10,000 lookups: {looked * 1000:.0f} ms ({looked / len(probes) * 1e6:.1f} µs each)")


if __name__ == "__main__":
    main()
