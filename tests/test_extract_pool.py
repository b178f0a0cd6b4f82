"""Extraction in worker processes (extract_pool.py): same fields as in-process, a page over its CPU
budget abandoned, a dead or stuck worker's pages answered by a new worker. The crawl itself runs the pool by default
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


def test_pages_a_killed_worker_held_are_answered_by_a_new_worker():
    pool = ExtractionPool(1)
    pages = PAGES[:6]

    async def kill_while_busy():
        tasks = [asyncio.ensure_future(pool.extract(body=p.read_bytes(), url=f"http://www.h.test/{p.name}"))
                 for p in pages]
        await asyncio.sleep(0)   # four sent to the worker, two waiting their turn
        os.kill(pool.pids[0], signal.SIGKILL)
        return await asyncio.gather(*tasks)
    try:
        run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
        first = pool.pids
        answers = run(kill_while_busy())
        assert pool.pids != first
        os.kill(pool.pids[0], signal.SIGKILL)   # killed between pages: the next page goes to a new worker
        assert run(pool.extract(body=PAGES[1].read_bytes(), url="http://www.h.test/b.html"))["title"]
    finally:
        pool.close()
    assert answers == [extract_article(p.read_bytes(), f"http://www.h.test/{p.name}") for p in pages]


def test_a_page_that_kills_its_worker_fails_after_two_workers_and_the_pool_goes_on():
    import sys

    pool = ExtractionPool(1)
    try:
        with pytest.raises(BrokenProcessPool, match="2 worker"):
            run(pool._run(sys.exit, {}, pool.DETAIL_PAGE))   # the worker process exits on this task
        assert run(pool.extract(body=PAGES[1].read_bytes(), url="http://www.h.test/b.html"))["title"]
    finally:
        pool.close()


def test_a_stuck_worker_is_killed_and_its_page_answered_by_a_new_one():
    pool = ExtractionPool(1)
    pool.STUCK_MIN = 0.5
    try:
        pool.warm()
        stuck = pool.pids[0]
        os.kill(stuck, signal.SIGSTOP)   # a worker that never answers (a long C call, a stopped process)
        started = time.monotonic()
        fields = run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
        assert fields == extract_article(PAGES[0].read_bytes(), "http://www.h.test/a.html")
        assert 0.5 <= time.monotonic() - started < 10 and pool.pids != [stuck]
    finally:
        pool.close()


def test_a_closed_pool_cancels_what_waits_and_starts_no_worker():
    pool = ExtractionPool(1)

    async def close_while_busy():
        tasks = [asyncio.ensure_future(pool.extract(body=p.read_bytes(), url=f"http://www.h.test/{p.name}"))
                 for p in PAGES[:8]]
        await asyncio.sleep(0)
        pool.close()
        return await asyncio.gather(*tasks, return_exceptions=True)
    answers = run(close_while_busy())
    assert all(isinstance(a, asyncio.CancelledError) for a in answers) and not pool.running
    with pytest.raises(RuntimeError, match="closed"):
        run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))


def test_spiders_of_one_process_share_one_pool_until_the_last_releases_it():
    from hospitalnews.extract_pool import acquire_pool, release_pool

    first, second, other = acquire_pool(1, 5.0), acquire_pool(1, 5.0), acquire_pool(2, 5.0)
    assert first is second and other is not first
    release_pool(other)
    run(first.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html"))
    release_pool(first)
    assert first.running  # one user left: the workers stay
    release_pool(second)
    assert not first.running
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
        workers = pool.pids
        deadline = time.monotonic() + 30   # a worker forked on demand runs its initializer as it starts
        while not all(os.getpriority(os.PRIO_PROCESS, pid) == min(19, base + 7) for pid in workers) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers and all(os.getpriority(os.PRIO_PROCESS, pid) == min(19, base + 7) for pid in workers)
    finally:
        pool.close()


def test_an_extractor_error_reaches_the_callback_with_the_workers_traceback():
    from hospitalnews.extract_pool import WorkerTraceback

    pool = ExtractionPool(1)
    try:
        with pytest.raises(TypeError) as raised:
            run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html", no_such_argument=1))
        assert isinstance(raised.value.__cause__, WorkerTraceback)
        assert "no_such_argument" in str(raised.value.__cause__)
        assert run(pool.extract(body=PAGES[1].read_bytes(), url="http://www.h.test/b.html"))["title"]
    finally:
        pool.close()


def test_an_argument_that_does_not_pickle_fails_its_page_only():
    pool = ExtractionPool(1)
    try:
        with pytest.raises(Exception, match="pickle"):
            run(pool.extract(body=PAGES[0].read_bytes(), url="http://www.h.test/a.html", overrides={"x": lambda: 0}))
        expected = extract_article(PAGES[1].read_bytes(), "http://www.h.test/b.html")
        assert run(pool.extract(body=PAGES[1].read_bytes(), url="http://www.h.test/b.html")) == expected
    finally:
        pool.close()


def test_a_cancelled_page_leaves_every_other_answer_with_its_own_page():
    pool = ExtractionPool(1)
    pages = PAGES[:6]

    async def cancel_some():
        tasks = [asyncio.ensure_future(pool.extract(body=p.read_bytes(), url=f"http://www.h.test/{p.name}"))
                 for p in pages]
        await asyncio.sleep(0)   # every task sent or waiting its turn
        tasks[0].cancel()
        tasks[4].cancel()        # one of those waiting for a place
        return await asyncio.gather(*tasks, return_exceptions=True)
    try:
        answers = run(cancel_some())
    finally:
        pool.close()
    assert isinstance(answers[0], asyncio.CancelledError) and isinstance(answers[4], asyncio.CancelledError)
    for i in (1, 2, 3, 5):
        assert answers[i] == extract_article(pages[i].read_bytes(), f"http://www.h.test/{pages[i].name}")


def test_pages_and_answers_larger_than_the_socket_buffer_arrive_whole():
    paragraph = "<p>" + "医院召开年度工作会议，总结成绩，部署任务。" * 40 + "</p>\n"
    body = ("<html><head><title>大页面</title></head><body><h1>大页面测试</h1><div class='content'>"
            + paragraph * 600 + "</div></body></html>").encode()   # about 1.7 MB
    pool = ExtractionPool(1)
    try:
        fields = run(pool.extract(body=body, url="http://www.h.test/big.html"))
    finally:
        pool.close()
    assert len(body) > 1_500_000
    assert fields == extract_article(body, "http://www.h.test/big.html")
    assert len(fields["content"]) > 100_000


def test_workers_ignore_ctrl_c_and_end_with_the_crawl_process(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "crawl.py"
    script.write_text(
        "import asyncio, os, signal, sys\n"
        "from hospitalnews.extract_pool import ExtractionPool\n"
        "if __name__ == '__main__':\n"
        "    pool = ExtractionPool(2)\n"
        "    pool.warm()\n"
        "    page = open(sys.argv[1], 'rb').read()\n"
        "    asyncio.run(pool.extract(body=page, url='http://www.h.test/a.html'))\n"
        "    for pid in pool.pids:\n"
        "        os.kill(pid, signal.SIGINT)\n"
        "    print(asyncio.run(pool.extract(body=page, url='http://www.h.test/a.html'))['title'] is not None)\n"
        "    print(' '.join(map(str, pool.pids)), flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, str(script), str(PAGES[0])], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(FIXTURES.parent.parent)})
    answered, pids = done.stdout.splitlines()
    assert answered == "True"
    deadline = time.monotonic() + 10
    alive = [int(pid) for pid in pids.split()]
    while alive and time.monotonic() < deadline:
        alive = [pid for pid in alive if os.path.exists(f"/proc/{pid}") and
                 open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"]
        time.sleep(0.05)
    assert len(pids.split()) == 2 and not alive


class TwoPartError(Exception):
    """Pickles (as its args) but does not unpickle: __init__ wants two arguments, args holds one message."""

    def __init__(self, site, reason):
        super().__init__(f"{site}: {reason}")


def raise_two_part_error():
    raise TwoPartError("www.h.test", "broken")


def test_an_answer_that_does_not_unpickle_fails_its_page_and_the_worker_goes_on():
    pool = ExtractionPool(1)
    try:
        with pytest.raises(RuntimeError, match="unreadable answer"):
            run(pool._run(raise_two_part_error, {}, pool.DETAIL_PAGE))
        expected = extract_article(PAGES[1].read_bytes(), "http://www.h.test/b.html")
        assert run(pool.extract(body=PAGES[1].read_bytes(), url="http://www.h.test/b.html")) == expected
    finally:
        pool.close()


def test_an_exception_that_does_not_pickle_arrives_as_its_type_message_and_traceback():
    from lxml import etree

    from hospitalnews.extract_pool import WorkerTraceback

    pool = ExtractionPool(1)
    try:
        with pytest.raises(RuntimeError, match="XMLSyntaxError") as raised:
            run(pool._run(etree.fromstring, {"text": "<unclosed"}, pool.DETAIL_PAGE))
        assert isinstance(raised.value.__cause__, WorkerTraceback)
        assert "XMLSyntaxError" in str(raised.value.__cause__) and "_budgeted" in str(raised.value.__cause__)
    finally:
        pool.close()
