"""How much faster do N workers on one Redis crawl one site than one worker?

    python -m bench.distributed [--articles 1000] [--delay 0.05] [--workers 1,2,4] [--concurrency 2]

Generates a site of ARTICLES articles (20 per list page; tests/nightly/site.py), serves it through the
mirror proxy answering each request after DELAY seconds (a hospital server's latency), starts a private
redis-server, and times ``scrapy crawl news`` with 1, 2, 4 … workers (CONCURRENT_REQUESTS = CONCURRENCY
each; cluster politeness off, DOWNLOAD_DELAY 0: the server's latency is the limit, as with many sites).
Prints the crawl time (first request to last, at the server: what the workers share), the wall time
(with the workers' start-up: several seconds per process on a loaded machine), whether every article was
archived exactly once, and the speed-up of the crawl time over the first worker count (1 by default).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from tests.distributed.cluster_support import archived, redis_server, slow_mirrors, worker
from tests.nightly.site import build_site

HOST = "www.bench-hospital.test"
SITE = "bench_hospital_test"


def crawl(workers: int, articles: int, delay: float, concurrency: int) -> tuple[float, float, int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_site(tmp / "mirrors", {"news": articles}, per_page=20, host=HOST)
        with redis_server(tmp) as url, slow_mirrors([tmp / "mirrors"], delay) as proxy:
            settings = {"CONCURRENT_REQUESTS": str(concurrency), "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency)}
            start = time.perf_counter()
            procs = [worker(proxy.url, url, tmp / "archive", ["crawl", "news", "-a", f"start_url=http://{HOST}/news/"],
                            settings=settings) for _ in range(workers)]
            codes = [p.wait(1800) for p in procs]
            elapsed = time.perf_counter() - start
            moments = sorted(t for t, _ in proxy.log)
        if any(codes):
            raise SystemExit(f"a worker failed: exit codes {codes}")
        records = archived([tmp / "archive"], SITE)
        return moments[-1] - moments[0], elapsed, len(records), len({r["id"] for r in records})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"{args.articles} articles, {args.delay * 1000:.0f} ms per response, {args.concurrency} request(s) in flight per worker")
    base = None
    for n in counts:
        span, elapsed, lines, unique = crawl(n, args.articles, args.delay, args.concurrency)
        base = base or span   # the first count (1 by default) is the baseline
        ok = "each once" if lines == unique == args.articles else f"{lines} lines, {unique} ids: WRONG"
        print(f"{n} worker(s): crawl {span:6.1f} s (wall {elapsed:6.1f} s)  {ok}  speed-up ×{base / span:.2f}", flush=True)


if __name__ == "__main__":
    main()
