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

An async callback may suspend (awaiting the extraction pool) and let other pages run, so its outputs are
not timed here; the synchronous work it does in this thread is, by ``within_budget`` (one call) and
``budgeted_steps`` (a generator's steps), the same timer and the same ``OverBudget``.

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


async def _anext(outputs):
    return await outputs.__anext__()


def _call(function, args, kwargs):
    return function(*args, **kwargs)


_TIMED = {_anext.__code__, _call.__code__}


def _expired(signum, frame):
    """SIGPROF: raise inside the page being timed, never in whatever else might be running."""
    while frame is not None:
        if frame.f_code in _TIMED:
            raise OverBudget()
        frame = frame.f_back


def within_budget(budget: float, function, *args, **kwargs):
    """``function(*args, **kwargs)`` under a CPU budget of ``budget`` seconds: raises ``OverBudget`` inside it
    once it has spent them. For the synchronous work an async callback does in the reactor thread (the
    ``news`` spider's in-process extraction, EXTRACT_PROCESSES=0), which PageBudget cannot time. Without a
    budget (0), off the main thread or without ``setitimer``, it simply calls. A timer already running (a
    timed callback step around this call) goes on afterwards with what this call left of it."""
    if budget <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        return function(*args, **kwargs)
    signal.signal(signal.SIGPROF, _expired)   # the handler PageBudget installs; a no-op outside a timed call
    started = time.thread_time()
    outer, _ = signal.setitimer(signal.ITIMER_PROF, budget)
    try:
        return _call(function, args, kwargs)
    finally:
        signal.setitimer(signal.ITIMER_PROF, max(outer - (time.thread_time() - started), 0.001) if outer else 0)


class budgeted_steps:
    """The items of ``outputs`` (a callback's output), each step run by ``within_budget``, all steps sharing
    ``budget`` seconds of CPU: raises ``OverBudget`` in the step that spends the rest. ``spent``: the CPU
    seconds the steps have used so far (the interrupted step's included)."""

    def __init__(self, budget: float, outputs):
        self.budget = budget
        self.outputs = iter(outputs)
        self.spent = 0.0

    def __iter__(self):
        return self

    def __next__(self):
        started = time.thread_time()
        try:
            left = max(self.budget - self.spent, 0.001) if self.budget > 0 else 0   # 0: no budget
            return within_budget(left, next, self.outputs)
        finally:
            self.spent += time.thread_time() - started


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
        steps = budgeted_steps(self.budget, result)
        try:
            yield from steps
        except OverBudget:
            self._abandon(response, steps.spent)

    async def process_spider_output_async(self, response, result):
        """Scrapy 2.19 hands every middleware an async iterable; a sync callback under it never suspends,
        so the CPU spent in one ``__anext__`` is that page's. An async callback may suspend (and let other
        pages run): it is not timed here (it times its own synchronous work with ``within_budget`` or
        ``budgeted_steps``, as the ``news`` spider does), but an OverBudget it raises is recorded all the same."""
        if _is_async(getattr(response.request, "callback", None) if response.request else None):
            try:
                async for out in result:
                    yield out
            except OverBudget:
                self._abandon(response, None)
            return
        outputs = result.__aiter__()
        spent = 0.0
        while True:
            started = time.thread_time()
            try:
                signal.setitimer(signal.ITIMER_PROF, max(self.budget - spent, 0.001))
                try:
                    out = await _anext(outputs)
                finally:
                    signal.setitimer(signal.ITIMER_PROF, 0)
            except StopAsyncIteration:
                return
            except OverBudget:
                self._abandon(response, spent + time.thread_time() - started)
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
