"""Detail-page extraction in worker processes, off the crawl's reactor thread.

``extract_article`` is a pure function of a page's bytes, so the ``news`` spider can hand it to a
``ProcessPoolExecutor`` and await the result (Scrapy 2.19 runs callbacks on the asyncio reactor:
``await loop.run_in_executor(...)`` inside an ``async def`` callback). The crawl process then only
downloads, parses list pages and runs the pipelines; extraction uses the other cores, and a slow page
delays only its own item.

Each worker runs a page under a CPU-time budget (``setitimer(ITIMER_PROF)``, as nightly/budget.py does
in-process): a page over it is abandoned (``ExtractionOverBudget``, recorded by the spider with its
URL) and the worker goes on with the next page. A worker that dies (killed, out of memory) breaks
the pool: the page fails and the next page starts a fresh pool.

Settings: ``EXTRACT_PROCESSES`` (0 = extract in the crawl process; default 2, see settings.py) and
``PAGE_CPU_BUDGET`` (seconds of CPU per page, 0 = none; the same budget nightly/budget.py applies to
callbacks in the crawl process).
"""

from __future__ import annotations

import asyncio
import multiprocessing
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


def _warm() -> None:
    from .extract import article  # noqa: F401  (import once per worker, not on its first page)


def _extract(kwargs: dict, budget: float) -> tuple[str, dict | None]:
    global _armed
    from .extract.article import extract_article

    try:
        if budget:
            signal.signal(signal.SIGPROF, _out_of_budget)
            _armed = True
            signal.setitimer(signal.ITIMER_PROF, budget)
        return "ok", extract_article(**kwargs)
    except _OutOfBudget:
        return "over_budget", None
    finally:
        _armed = False
        if budget:
            signal.setitimer(signal.ITIMER_PROF, 0)


class ExtractionPool:
    """``await pool.extract(body=…, url=…, encoding=…, listing_date=…, overrides=…)`` → extract_article's dict."""

    def __init__(self, processes: int, budget: float = 0.0):
        self.processes = processes
        self.budget = budget
        self._executor: ProcessPoolExecutor | None = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            # forkserver, not fork: the crawl process has threads (DNS, the reactor's pool) a fork would copy
            # mid-lock; the server imports the extraction once and each worker forks from it ready to work
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([f"{__package__}.extract.article"])
            self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_warm)
        return self._executor

    async def extract(self, **kwargs) -> dict:
        loop = asyncio.get_running_loop()
        try:
            status, fields = await loop.run_in_executor(self._pool(), _extract, kwargs, self.budget)
        except BrokenProcessPool:
            self._executor = None  # a worker died: this page fails, the next one gets a fresh pool
            raise
        if status == "over_budget":
            raise ExtractionOverBudget(f"extraction used more than {self.budget:g} s of CPU")
        return fields

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


# One pool per process and setting: ``scrapy crawlall`` runs every site's spider in one process, and each
# spider taking its own workers would start 2 × sites processes.
_shared: dict[tuple[int, float], list] = {}


def acquire_pool(processes: int, budget: float = 0.0) -> ExtractionPool:
    """The process-wide pool for these settings; every ``acquire_pool`` needs one ``release_pool``."""
    entry = _shared.setdefault((processes, budget), [ExtractionPool(processes, budget), 0])
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
