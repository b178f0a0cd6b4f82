"""Extraction in worker processes (extract_pool.py): same fields as in-process, a page over its CPU
budget abandoned, a dead worker costs one page. The crawl itself runs the pool by default
(EXTRACT_PROCESSES), so tests/spiders/test_news.py checks every field of every fixture site through it."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract_pool import ExtractionOverBudget, ExtractionPool

from .support import FIXTURES

PAGES = sorted((FIXTURES / "detail_pages").glob("0*.html"))


def run(coroutine):
    return asyncio.run(coroutine)


def test_fields_equal_in_process_extraction():
    pool = ExtractionPool(2)

    async def all_pages():
        return await asyncio.gather(*(pool.extract(body=p.read_bytes(), url=f"http://www.h.test/{p.name}")
                                      for p in PAGES))
    try:
        pooled = run(all_pages())
    finally:
        pool.close()
    assert pooled == [extract_article(p.read_bytes(), f"http://www.h.test/{p.name}") for p in PAGES]


def test_a_page_over_its_cpu_budget_is_abandoned_and_the_worker_goes_on():
    # 20,000 blocks: about 1.4 s of CPU in-process on the development machine, 30× the budget
    big = ("<html><body>" + '<div><p>医院召开会议，部署工作。<a href="/x">链接</a></p></div>' * 20000
           + "</body></html>").encode()
    pool = ExtractionPool(1, budget=0.05)
    try:
        with pytest.raises(ExtractionOverBudget):
            run(pool.extract(body=big, url="http://www.h.test/big.html"))
        fields = run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
        assert fields["title"]
    finally:
        pool.close()


def test_a_dead_worker_fails_one_page_and_the_next_page_gets_a_fresh_pool():
    pool = ExtractionPool(1)
    try:
        run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
        for pid in list(pool._executor._processes):
            os.kill(pid, signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
        assert run(pool.extract(body=PAGES[1].read_bytes(), url="http://www.h.test/b.html"))["title"]
    finally:
        pool.close()



def test_spiders_of_one_process_share_one_pool_until_the_last_releases_it():
    from hospitalnews.extract_pool import acquire_pool, release_pool

    first, second, other = acquire_pool(1, 5.0), acquire_pool(1, 5.0), acquire_pool(2, 5.0)
    assert first is second and other is not first
    release_pool(other)
    run(first.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
    release_pool(first)
    assert first._executor is not None  # one user left: the workers stay
    release_pool(second)
    assert first._executor is None
    again = acquire_pool(1, 5.0)
    assert again is not first
    release_pool(again)


def test_workers_run_below_the_crawl_process_priority_and_are_lowered_once():
    base = os.getpriority(os.PRIO_PROCESS, 0)
    pool = ExtractionPool(2, niceness=7)
    try:
        pool.warm()
        run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
        pool.warm()   # a second warm-up task must not lower a worker again
        run(pool.extract(body=PAGES[1].read_bytes(), url="http://www.h.test/b.html"))
        workers = list(pool._executor._processes)
        deadline = time.monotonic() + 30   # a worker forked on demand runs its initializer as it starts
        while not all(os.getpriority(os.PRIO_PROCESS, pid) == min(19, base + 7) for pid in workers) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers and all(os.getpriority(os.PRIO_PROCESS, pid) == min(19, base + 7) for pid in workers)
    finally:
        pool.close()
