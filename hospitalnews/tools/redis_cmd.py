"""Watch distributed crawls: every run in a Redis, its queue, what workers hold, which workers live.

    hospitalnews redis status [--url redis://HOST:6379/0] [--json]

The URL defaults to $REDIS_URL, else redis://127.0.0.1:6379/0. One line per run (spider, site, run id,
queued requests, requests in flight = taken by a worker and not finished, fingerprints seen), then
one line per worker: requests it holds and seconds left on its heartbeat ("dead" once it expired; the
next heartbeat of any live worker puts its requests back in the queue).
"""

from __future__ import annotations

import json
import os

HELP = "show distributed crawls in Redis: queue lengths, requests in flight, live workers"


def add_arguments(parser):
    parser.add_argument("action", choices=["status"])
    parser.add_argument("--url", default=None, help="Redis URL (default $REDIS_URL, else redis://127.0.0.1:6379/0)")
    parser.add_argument("--json", action="store_true", help="print the runs as JSON")


def run(args) -> int:
    import redis

    from ..distributed.cluster import status

    url = args.url or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        rows = status(redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=10))
    except (ValueError, redis.RedisError) as error:
        print(f"redis status: cannot read {url}: {error}")
        return 2
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    if not rows:
        print(f"no distributed crawl running in {url}")
        return 0
    for row in rows:
        live = sum(w["alive"] for w in row["workers"])
        print(f"{row['spider']}/{row['site']}  run {row['run']}: {row['queued']} queued, {row['in_flight']} in flight, "
              f"{row['seen']} seen, {live} live worker(s)")
        for w in row["workers"]:
            state = f"heartbeat {w['expires_in_s']:.1f} s" if w["alive"] else "dead (its requests return at the next heartbeat)"
            print(f"  {w['worker']}: holds {w['holding']}, {state}")
    return 0
