"""Spider middleware: no single page may hold the crawl longer than ``PAGE_CPU_BUDGET`` seconds of CPU.

Parsing runs in Scrapy's one reactor thread, so while one pathological page is extracted (a regex
scanning a 100 KB base64 image, a page of 100,000 paragraphs) every site of a crawlall waits. Each
step of a spider callback's output (the callback runs as its output is iterated) is run under a CPU
timer (``setitimer(ITIMER_PROF)``); when the page's budget is spent, ``SIGPROF`` raises ``OverBudget``
inside the callback — between two bytecodes, or inside a regex match, which checks for signals — and
the page is abandoned: a failure record of kind ``budget`` with its URL, the stat
``hospitalnews/over_budget``, an ERROR log line. The crawl goes on with the next response.

``OverBudget`` derives from BaseException so that a spider's ``except Exception`` (which turns a
broken page into a parse failure) cannot swallow it. Code that runs extraction elsewhere (a process
pool) may raise it too; it is then recorded the same way. The timer needs the main thread and a
platform with ``setitimer``; elsewhere the middleware is off. ``PAGE_CPU_BUDGET = 0`` turns it off.

The CPU a page has spent is counted with ``time.thread_time`` (the reactor thread's own CPU: cheap,
and blind to other threads: DNS, Twisted's thread pool); the ``ITIMER_PROF`` timer counts the whole process, so with
other threads busy it can fire before the page itself has spent its budget — by at most the other
threads' CPU in that time, far below the default 20 s.
"""

from __future__ import annotations

import inspect
import logging
import signal
import threading
import time

from scrapy.exceptions import NotConfigured

from .failures import record_failure

logger = logging.getLogger(__name__)


class OverBudget(BaseException):
    """A page spent its CPU budget."""


def _next(outputs):
    return next(outputs)


async def _anext(outputs):
    return await outputs.__anext__()


_TIMED = {_next.__code__, _anext.__code__}


def _expired(signum, frame):
    """SIGPROF: raise inside the page being timed, never in whatever else might be running."""
    while frame is not None:
        if frame.f_code in _TIMED:
            raise OverBudget()
        frame = frame.f_back


def _is_async(callback) -> bool:
    return inspect.isasyncgenfunction(callback) or inspect.iscoroutinefunction(callback)


class PageBudget:
    def __init__(self, crawler, budget: float):
        self.crawler = crawler
        self.budget = budget

    @classmethod
    def from_crawler(cls, crawler):
        budget = crawler.settings.getfloat("PAGE_CPU_BUDGET", 20.0)
        if budget <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            raise NotConfigured("PAGE_CPU_BUDGET is off, or no CPU timer here")
        # installed once and never restored: outputs of several responses are iterated interleaved, and
        # the handler does nothing outside a timed page (a stray SIGPROF must never meet the default
        # action, which ends the process)
        signal.signal(signal.SIGPROF, _expired)
        return cls(crawler, budget)

    def process_spider_output(self, response, result):
        outputs = iter(result)
        spent = 0.0
        while True:
            started = time.thread_time()
            try:
                signal.setitimer(signal.ITIMER_PROF, max(self.budget - spent, 0.001))
                try:
                    out = _next(outputs)
                finally:
                    signal.setitimer(signal.ITIMER_PROF, 0)
            except StopIteration:
                return
            except OverBudget:
                self._abandon(response, spent + time.thread_time() - started)
                return
            spent += time.thread_time() - started
            yield out

    async def process_spider_output_async(self, response, result):
        """Scrapy 2.19 hands every middleware an async iterable; a sync callback under it never suspends,
        so the CPU spent in one ``__anext__`` is that page's. An async callback may suspend (and let other
        pages run): it is not timed here, but an OverBudget it raises is recorded all the same."""
        outputs = result.__aiter__()
        timed = not _is_async(getattr(response.request, "callback", None) if response.request else None)
        spent = 0.0
        while True:
            started = time.thread_time()
            try:
                if timed:
                    signal.setitimer(signal.ITIMER_PROF, max(self.budget - spent, 0.001))
                try:
                    out = await _anext(outputs)
                finally:
                    if timed:
                        signal.setitimer(signal.ITIMER_PROF, 0)
            except StopAsyncIteration:
                return
            except OverBudget:
                self._abandon(response, spent + time.thread_time() - started if timed else None)
                return
            spent += time.thread_time() - started
            yield out

    def _abandon(self, response, seconds: float | None) -> None:
        record_over_budget(self.crawler.stats, response.url, self.budget, seconds)


def record_over_budget(stats, url: str, budget: float, seconds: float | None = None) -> None:
    """A page abandoned over ``PAGE_CPU_BUDGET``, here or in an extraction worker (extract_pool.py): the stat
    ``hospitalnews/over_budget``, a failure of kind ``budget`` with its URL, an ERROR line."""
    stats.inc_value("hospitalnews/over_budget")
    spent = f"{seconds:.1f} s of CPU" if seconds is not None else "its budget"
    record_failure(stats, url, "budget", f"abandoned after {spent} (PAGE_CPU_BUDGET {budget:g} s)")
    logger.error("Abandoned %s: over its CPU budget (%s, PAGE_CPU_BUDGET %g s)", url, spent, budget)
