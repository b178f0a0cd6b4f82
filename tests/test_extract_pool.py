"""Extraction in worker processes (extract_pool.py): same fields as in-process, a page over its CPU
budget abandoned, a dead or stuck worker's pages answered by a new worker. The crawl itself runs the pool by default
(EXTRACT_PROCESSES), so tests/spiders/test_news.py checks every field of every fixture site through it."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

import pytest

from hospitalnews.extract.article import extract_article
from hospitalnews.extract_pool import ExtractionOverBudget, ExtractionPool

from .support import FIXTURES

PAGES = sorted((FIXTURES / "detail_pages").glob("0*.html"))


def run(coroutine):
    return asyncio.run(coroutine)


def url(page) -> str:
    return f"http://www.h.test/{page.name}"


def in_pool(pool, page, **kwargs):
    """The coroutine extracting fixture ``page`` in ``pool``."""
    return pool.extract(body=page.read_bytes(), url=url(page), **kwargs)


def sent(pool, pages) -> list:
    """Tasks extracting ``pages`` in ``pool``, started (call inside the event loop)."""
    return [asyncio.ensure_future(in_pool(pool, page)) for page in pages]


def in_process(page) -> dict:
    return extract_article(page.read_bytes(), url(page))


@contextmanager
def opened(*args, **kwargs):
    """An ExtractionPool, closed at the end of the block."""
    pool = ExtractionPool(*args, **kwargs)
    try:
        yield pool
    finally:
        pool.close()


def test_fields_equal_in_process_extraction():
    async def all_pages():
        return await asyncio.gather(*sent(pool, PAGES))
    with opened(2) as pool:
        pooled = run(all_pages())
    assert pooled == [in_process(p) for p in PAGES]


def test_a_page_over_its_cpu_budget_is_abandoned_and_the_worker_goes_on():
    # 20,000 blocks: about 1.4 s of CPU in-process on the development machine, 30× the budget
    big = ("<html><body>" + '<div><p>医院召开会议，部署工作。<a href="/x">链接</a></p></div>' * 20000
           + "</body></html>").encode()
    with opened(1, budget=0.05) as pool:
        with pytest.raises(ExtractionOverBudget):
            run(pool.extract(body=big, url="http://www.h.test/big.html"))
        fields = run(in_pool(pool, PAGES[0]))
        assert fields["title"]


def test_pages_a_killed_worker_held_are_answered_by_a_new_worker():
    pages = PAGES[:6]

    async def kill_while_busy():
        tasks = sent(pool, pages)
        await asyncio.sleep(0)   # four sent to the worker, two waiting their turn
        os.kill(pool.pids[0], signal.SIGKILL)
        return await asyncio.gather(*tasks)
    with opened(1) as pool:
        run(in_pool(pool, PAGES[0]))
        first = pool.pids
        answers = run(kill_while_busy())
        assert pool.pids != first
        os.kill(pool.pids[0], signal.SIGKILL)   # killed between pages: the next page goes to a new worker
        assert run(in_pool(pool, PAGES[1]))["title"]
    assert answers == [in_process(p) for p in pages]


def test_a_page_that_kills_its_worker_fails_after_two_workers_and_the_pool_goes_on():
    import sys

    with opened(1) as pool:
        with pytest.raises(BrokenProcessPool, match="2 worker"):
            run(pool._run(sys.exit, {}, pool.DETAIL_PAGE))   # the worker process exits on this task
        assert run(in_pool(pool, PAGES[1]))["title"]


def test_a_stuck_worker_is_killed_and_its_page_answered_by_a_new_one():
    with opened(1) as pool:
        pool.STUCK_MIN = 0.5
        pool.warm()
        stuck = pool.pids[0]
        os.kill(stuck, signal.SIGSTOP)   # a worker that never answers (a long C call, a stopped process)
        started = time.monotonic()
        fields = run(in_pool(pool, PAGES[0]))
        assert fields == in_process(PAGES[0])
        assert 0.5 <= time.monotonic() - started < 10 and pool.pids != [stuck]


def test_a_closed_pool_cancels_what_waits_and_starts_no_worker():
    pool = ExtractionPool(1)

    async def close_while_busy():
        tasks = sent(pool, PAGES[:8])
        await asyncio.sleep(0)
        pool.close()
        return await asyncio.gather(*tasks, return_exceptions=True)
    answers = run(close_while_busy())
    assert all(isinstance(a, asyncio.CancelledError) for a in answers) and not pool.running
    with pytest.raises(RuntimeError, match="closed"):
        run(in_pool(pool, PAGES[0]))


def test_spiders_of_one_process_share_one_pool_until_the_last_releases_it():
    from hospitalnews.extract_pool import acquire_pool, release_pool

    first, second, other = acquire_pool(1, 5.0), acquire_pool(1, 5.0), acquire_pool(2, 5.0)
    assert first is second and other is not first
    release_pool(other)
    run(in_pool(first, PAGES[0]))
    release_pool(first)
    assert first.running  # one user left: the workers stay
    release_pool(second)
    assert not first.running
    again = acquire_pool(1, 5.0)
    assert again is not first
    release_pool(again)


def test_workers_run_below_the_crawl_process_priority_and_are_lowered_once():
    base = os.getpriority(os.PRIO_PROCESS, 0)
    with opened(2, niceness=7) as pool:
        pool.warm()
        run(in_pool(pool, PAGES[0]))
        pool.warm()   # a second warm() starts no worker and lowers none again
        run(in_pool(pool, PAGES[1]))
        workers = pool.pids
        deadline = time.monotonic() + 30   # a worker lowers itself as it starts
        while not all(os.getpriority(os.PRIO_PROCESS, pid) == min(19, base + 7) for pid in workers) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert workers and all(os.getpriority(os.PRIO_PROCESS, pid) == min(19, base + 7) for pid in workers)


def test_an_extractor_error_reaches_the_callback_with_the_workers_traceback():
    from hospitalnews.extract_pool import WorkerTraceback

    with opened(1) as pool:
        with pytest.raises(TypeError) as raised:
            run(in_pool(pool, PAGES[0], no_such_argument=1))
        assert isinstance(raised.value.__cause__, WorkerTraceback)
        assert "no_such_argument" in str(raised.value.__cause__)
        assert run(in_pool(pool, PAGES[1]))["title"]


def test_an_argument_that_does_not_pickle_fails_its_page_only():
    with opened(1) as pool:
        with pytest.raises(Exception, match="pickle"):
            run(in_pool(pool, PAGES[0], overrides={"x": lambda: 0}))
        expected = in_process(PAGES[1])
        assert run(in_pool(pool, PAGES[1])) == expected


def test_a_cancelled_page_leaves_every_other_answer_with_its_own_page():
    pages = PAGES[:6]

    async def cancel_some():
        tasks = sent(pool, pages)
        await asyncio.sleep(0)   # every task sent or waiting its turn
        tasks[0].cancel()
        tasks[4].cancel()        # one of those waiting for a place
        return await asyncio.gather(*tasks, return_exceptions=True)
    with opened(1) as pool:
        answers = run(cancel_some())
    assert isinstance(answers[0], asyncio.CancelledError) and isinstance(answers[4], asyncio.CancelledError)
    for i in (1, 2, 3, 5):
        assert answers[i] == in_process(pages[i])


def test_pages_and_answers_larger_than_the_socket_buffer_arrive_whole():
    paragraph = "<p>" + "医院召开年度工作会议，总结成绩，部署任务。" * 40 + "</p>\n"
    body = ("<html><head><title>大页面</title></head><body><h1>大页面测试</h1><div class='content'>"
            + paragraph * 600 + "</div></body></html>").encode()   # about 1.7 MB
    with opened(1) as pool:
        fields = run(pool.extract(body=body, url="http://www.h.test/big.html"))
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
    with opened(1) as pool:
        with pytest.raises(RuntimeError, match="unreadable answer"):
            run(pool._run(raise_two_part_error, {}, pool.DETAIL_PAGE))
        expected = in_process(PAGES[1])
        assert run(in_pool(pool, PAGES[1])) == expected


def test_an_exception_that_does_not_pickle_arrives_as_its_type_message_and_traceback():
    from lxml import etree

    from hospitalnews.extract_pool import WorkerTraceback

    with opened(1) as pool:
        with pytest.raises(RuntimeError, match="XMLSyntaxError") as raised:
            run(pool._run(etree.fromstring, {"text": "<unclosed"}, pool.DETAIL_PAGE))
        assert isinstance(raised.value.__cause__, WorkerTraceback)
        assert "XMLSyntaxError" in str(raised.value.__cause__) and "_budgeted" in str(raised.value.__cause__)
