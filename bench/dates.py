"""Publish-time parsing: the regex fast path vs dateparser alone, on the same real-world strings.

    python -m bench.dates

Prints per-call cost of each and the ratio (dateparser ÷ regex path), measured in this process.
"""

from __future__ import annotations

import time

from hospitalnews.extract.dates import _parse_with_dateparser, parse_publish_time

SAMPLES = [
    "发布时间:2023-01-28 09:17:57", "发布时间:2024-3-18 8:55:27", "2023年1月5日 9时05分", "发布日期：2023-05-06",
    "2023/1/28", "时间：2023-05-06 14:30", "2023-01-28T01:17:57Z", "2022年12月30日",
]


def per_call(fn, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for text in SAMPLES:
            fn(text)
    return (time.perf_counter() - start) / (rounds * len(SAMPLES))


def main() -> None:
    _parse_with_dateparser(SAMPLES[0])  # import and warm up dateparser outside the timing
    fast = per_call(lambda t: parse_publish_time(t, use_dateparser=False), 5000)
    slow = per_call(_parse_with_dateparser, 30)
    understood = sum(_parse_with_dateparser(t) is not None for t in SAMPLES)
    print(f"regex path      {fast * 1e6:8.1f} µs/call  ({len(SAMPLES)}/{len(SAMPLES)} parsed)")
    print(f"dateparser only {slow * 1e6:8.1f} µs/call  ({understood}/{len(SAMPLES)} parsed)")
    print(f"ratio dateparser/regex: {slow / fast:.0f}x")


if __name__ == "__main__":
    main()
