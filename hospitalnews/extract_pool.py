"""Detail-page extraction in worker processes, off the crawl's reactor thread.

``extract_article`` is a pure function of a page's bytes, so the ``news`` spider can hand it to a
``ProcessPoolExecutor`` and await the result (Scrapy 2.19 runs callbacks on the asyncio reactor:
``await loop.run_in_executor(...)`` inside an ``async def`` callback). The crawl process then only
downloads and runs the pipelines; extraction, and the whole-page passes of a list page (the article
block, the next-page link, the size it states), use the other cores, and a slow page delays only its
own item.

Each worker runs a page under a CPU-time budget (``setitimer(ITIMER_PROF)``, as nightly/budget.py does
in-process): a page over it is abandoned (``ExtractionOverBudget``, recorded by the spider with its
URL) and the worker goes on with the next page. A worker that dies (killed, out of memory) breaks
the pool: the page fails and the next page starts a fresh pool.

``EXTRACT_NICENESS`` (default 0) runs the workers that much below the crawl process's scheduling
priority: the reactor thread then never waits behind an extraction, and the workers yield to other jobs
on a shared machine. On bench/run's site (2 cores) 10 gave no measurable gain in pages a second (within
the run-to-run spread of ±5 %) and cost the crawl process about 0.4 ms more CPU a page (its loop wakes
for fewer events at a time), so it is off by default.

Settings: ``EXTRACT_PROCESSES`` (0 = extract in the crawl process; default 2, see settings.py),
``EXTRACT_NICENESS`` and ``PAGE_CPU_BUDGET`` (seconds of CPU per page, 0 = none; the same budget
nightly/budget.py applies to callbacks in the crawl process).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool


class ExtractionOverBudget(Exception):
    """The page used more than its CPU budget in the worker and was abandoned."""


class _OutOfBudget(BaseException):  # a BaseException: the extraction's own ``except Exception`` cannot eat it
    pass


_armed = False  # a SIGPROF that arrives after the page finished (timer granularity) is ignored


def _out_of_budget(signum, frame):
    if _armed:
        raise _OutOfBudget


_niced = False


def _warm(niceness: int = 0) -> None:
    """Make sure the extractor is imported and its patterns compiled (the fork server's preload did both
    when it could: extract/preload.py), not on the worker's first pages; lower the worker's priority by
    ``niceness`` (once: the pool's initializer passes it, a later warm-up task not)."""
    global _niced
    if niceness > 0 and not _niced:
        os.nice(niceness)
        _niced = True
    from .extract import preload  # noqa: F401  (imports the extractor and compiles its patterns)


def read_list_page(text: str, url: str, page: int, block: dict):
    """A list page's article block, next-page link and stated size: ``(find_list_block(text, url, **block),
    find_next(text, url, page), stated_size(text, url))`` — the whole-page passes of a list page, pure, run
    in a worker."""
    from .extract.listing import find_list_block
    from .extract.pagination import find_next, stated_size

    return find_list_block(text, url, **block), find_next(text, url, page), stated_size(text, url)


def _budgeted(function, kwargs: dict, budget: float) -> tuple[str, object]:
    """``("ok", function(**kwargs))``, or ``("over_budget", None)`` when it spent ``budget`` seconds of CPU
    (0: no budget). Runs in a worker; ``function`` is pickled by reference (a module-level function)."""
    global _armed
    try:
        if budget:
            signal.signal(signal.SIGPROF, _out_of_budget)
            _armed = True
            signal.setitimer(signal.ITIMER_PROF, budget)
        return "ok", function(**kwargs)
    except _OutOfBudget:
        return "over_budget", None
    finally:
        _armed = False
        if budget:
            signal.setitimer(signal.ITIMER_PROF, 0)


class ExtractionPool:
    """``await pool.extract(body=…, url=…, encoding=…, listing_date=…, overrides=…)`` → extract_article's dict;
    ``await pool.read_list_page(…)`` → a list page's block, next link and stated size. Both raise
    ExtractionOverBudget."""

    # Tasks handed to the workers at once; the rest wait here, list pages first (a list page gates the
    # walk: behind a FIFO of a hundred detail pages it would starve the crawl of new URLs).
    IN_FLIGHT_PER_PROCESS = 2
    LIST_PAGE, DETAIL_PAGE = 0, 1   # priorities, lower first

    def __init__(self, processes: int, budget: float = 0.0, niceness: int = 0):
        self.processes = processes
        self.budget = budget
        self.niceness = niceness
        self._executor: ProcessPoolExecutor | None = None
        self._in_flight = 0
        self._waiting: list = []   # heap of (priority, arrival, future)
        self._arrival = itertools.count()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver, not fork: the crawl process has threads (DNS, the reactor's pool) a fork would copy
            # mid-lock; the server imports the extraction once and each worker forks from it ready to work
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([f"{__package__}.extract.preload"])   # the extractor, patterns compiled
            self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_warm,
                                                 initargs=(self.niceness,))
        return self._executor

    def warm(self) -> None:
        """Start the workers now (they import the extraction once), so the first detail pages of a crawl
        do not wait for them: the news spider calls this as it is made, while Scrapy starts up."""
        self._pool().submit(_warm)

    async def extract(self, **kwargs) -> dict:
        from .extract.article import extract_article

        return await self._run(extract_article, kwargs, self.DETAIL_PAGE)

    async def read_list_page(self, **kwargs):
        """``await pool.read_list_page(text=…, url=…, page=…, block={…})`` → ``read_list_page``'s triple."""
        return await self._run(read_list_page, kwargs, self.LIST_PAGE)

    async def _run(self, function, kwargs: dict, priority: int):
        loop = asyncio.get_running_loop()
        if self._in_flight >= self.processes * self.IN_FLIGHT_PER_PROCESS:
            turn = loop.create_future()
            heapq.heappush(self._waiting, (priority, next(self._arrival), turn))
            try:
                await turn   # _release hands a finished task's place over: _in_flight already counts this one
            except BaseException:
                if turn.done() and not turn.cancelled():   # given a place just as it was cancelled
                    self._release()
                raise
        else:
            self._in_flight += 1
        try:
            status, fields = await loop.run_in_executor(self._pool(), _budgeted, function, kwargs, self.budget)
        except BrokenProcessPool:
            self._executor = None  # a worker died: this page fails, the next one gets a fresh pool
            raise
        finally:
            self._release()
        if status == "over_budget":
            raise ExtractionOverBudget(f"extraction used more than {self.budget:g} s of CPU")
        return fields

    def _release(self) -> None:
        """A task finished: its place goes to the first waiter (list pages first), else is freed."""
        while self._waiting:
            _, _, turn = heapq.heappop(self._waiting)
            if not turn.done():   # a cancelled waiter is skipped
                turn.set_result(None)
                return
        self._in_flight -= 1

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


# One pool per process and setting: ``scrapy crawlall`` runs every site's spider in one process, and each
# spider taking its own workers would start 2 × sites processes.
_shared: dict[tuple[int, float, int], list] = {}


def acquire_pool(processes: int, budget: float = 0.0, niceness: int = 0) -> ExtractionPool:
    """The process-wide pool for these settings; every ``acquire_pool`` needs one ``release_pool``."""
    key = (processes, budget, niceness)
    entry = _shared.get(key) or _shared.setdefault(key, [ExtractionPool(processes, budget, niceness), 0])
    entry[1] += 1
    return entry[0]


def release_pool(pool: ExtractionPool) -> None:
    """One user fewer; the last one shuts the workers down."""
    for key, entry in list(_shared.items()):
        if entry[0] is pool:
            entry[1] -= 1
            if entry[1] <= 0:
                del _shared[key]
                pool.close()
            return
