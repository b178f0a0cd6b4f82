"""Detail-page extraction in worker processes, off the crawl's reactor thread.

``extract_article`` is a pure function of a page's bytes, so the ``news`` spider hands it to a worker
process and awaits the answer inside an ``async def`` callback (Scrapy 2.19 runs callbacks on the asyncio
reactor). The crawl process then only downloads and runs the pipelines; extraction, and the whole-page
passes of a list page (the article block, the next-page link, the size it states), use the other cores,
and a slow page delays only its own item.

Each worker is a process forked from a fork server that imported the extractor once
(extract/preload.py), connected to the crawl process by a socket pair: a task is one frame (8-byte length
and a pickle of the function and its arguments), its answer one frame back, answers in task order. The
crawl process writes and reads these sockets on its event loop (``add_reader``/``add_writer``), so
everything the pool does in the crawl process runs on the reactor thread. This replaced a
``ProcessPoolExecutor``, whose feeder and manager threads in the crawl process contend for the GIL with
the reactor: on bench/run's site (2 cores) the socket pool gave 0.66-0.70 of bare Scrapy's pages a
second against 0.48-0.57 in the same session, and 0.3 ms less crawl-process CPU a page (bench/crawl.py;
README "Performance").

Each worker runs a page under a CPU-time budget (``setitimer(ITIMER_PROF)``, as nightly/budget.py does
in-process): a page over it is abandoned (``ExtractionOverBudget``, recorded by the spider with its
URL) and the worker goes on with the next page. An exception the extractor raises reaches the awaiting
callback with the worker's traceback as its ``__cause__`` (one that cannot be pickled, as lxml's, arrives as
a RuntimeError naming its type and message). A worker that dies (killed, out of memory) or is stuck (no
answer to one task for ``stuck_after`` seconds of wall time, at least a minute: it is then killed) hands
the pages it held to a new worker, once each: a page that has had two workers die under it fails with
``BrokenProcessPool``, which the spider records as a failure with its URL. Workers ignore Ctrl-C once
running (the crawl shuts down gracefully and closes them) and end when the crawl process's end of their
socket closes, so a killed crawl leaves no worker behind.

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
import collections
import contextlib
import heapq
import itertools
import multiprocessing
import os
import pickle
import signal
import socket
import struct
import time
import traceback
from concurrent.futures.process import BrokenProcessPool


class ExtractionOverBudget(Exception):
    """The page used more than its CPU budget in the worker and was abandoned."""


class _OutOfBudget(BaseException):  # a BaseException: the extraction's own ``except Exception`` cannot eat it
    pass


_armed = False  # a SIGPROF that arrives after the page finished (timer granularity) is ignored


def _out_of_budget(signum, frame):
    if _armed:
        raise _OutOfBudget


def _warm(niceness: int = 0) -> None:
    """Run once as a worker starts: lower its priority by ``niceness``, and make sure the extractor is
    imported and its patterns compiled (the fork server's preload did both when it could:
    extract/preload.py), not on the worker's first pages."""
    if niceness > 0:
        os.nice(niceness)
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


_LENGTH = struct.Struct("!Q")   # a frame: its pickle's length, then the pickle


def _frame(obj) -> bytes:
    """``obj`` as one frame. Raises what pickling raises (an argument or answer that does not pickle)."""
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(payload)) + payload


class WorkerTraceback(Exception):
    """The ``__cause__`` of an exception raised in a worker: its traceback there, as text."""


class _Task:
    """A task sent to a worker: its answer's future, its frame (to send it again), the workers it has had."""

    __slots__ = ("answer", "frame", "attempts")

    def __init__(self, answer, frame: bytes):
        self.answer = answer
        self.frame = frame
        self.attempts = 1


class _Worker:
    """One worker process and the parent's end of its socket. Frames both ways: 8-byte big-endian length,
    then a pickle (parent → worker: ``(function, kwargs)``; worker → parent: ``(status, value)``, answers in
    the order of the tasks)."""

    def __init__(self, context, budget: float, niceness: int):
        parent, child = socket.socketpair()
        self.process = context.Process(target=_serve, args=(child, budget, niceness), daemon=True,
                                       name="hospitalnews-extract")
        self.process.start()
        child.close()
        parent.setblocking(False)
        self.sock = parent
        self.pending: collections.deque[_Task] = collections.deque()   # the tasks sent, oldest first
        self.busy_since: float | None = None   # monotonic time the oldest pending task became the oldest
        self.inbox = bytearray()
        self.outbox = bytearray()
        self.loop = None   # the event loop its socket is watched by

    def close(self) -> None:
        if self.loop is not None and not self.loop.is_closed():
            self.loop.remove_reader(self.sock.fileno())
            self.loop.remove_writer(self.sock.fileno())
        self.sock.close()
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(5)


def _serve(sock, budget: float, niceness: int) -> None:
    """A worker: read a task, run it under the budget, write the answer; until the parent closes its end."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the crawl's to handle; the parent ends the workers
    _warm(niceness)
    sock.setblocking(True)
    stream = sock.makefile("rb")
    while True:
        header = stream.read(_LENGTH.size)
        if len(header) < _LENGTH.size:
            return
        payload = stream.read(_LENGTH.unpack(header)[0])
        try:
            function, kwargs = pickle.loads(payload)
            answer = _budgeted(function, kwargs, budget)
        except Exception as error:   # the page's own error (or a task that would not unpickle), for its callback
            answer = ("error", (error, traceback.format_exc()))
        try:
            frame = _frame(answer)
        except Exception as error:   # an answer or an exception that does not pickle (lxml's errors): its text
            if answer[0] == "error":
                original, remote = answer[1]
                answer = ("error", (RuntimeError(f"{type(original).__name__}: {original}"), remote))
            else:
                answer = ("error", (RuntimeError(f"unpicklable answer from the worker: {error!r}"),
                                    traceback.format_exc()))
            frame = _frame(answer)
        sock.sendall(frame)


class ExtractionPool:
    """``await pool.extract(body=…, url=…, encoding=…, listing_date=…, overrides=…)`` → extract_article's dict;
    ``await pool.read_list_page(…)`` → a list page's block, next link and stated size. Both raise
    ExtractionOverBudget, and BrokenProcessPool for a page whose worker died twice while holding it (the
    pages a dead worker held go to a new worker once: a worker killed from outside costs no page)."""

    # Tasks handed to each worker at once; the rest wait here, list pages first (a list page gates the
    # walk: behind a FIFO of a hundred detail pages it would starve the crawl of new URLs).
    IN_FLIGHT_PER_PROCESS = 4
    LIST_PAGE, DETAIL_PAGE = 0, 1   # priorities, lower first
    ATTEMPTS = 2   # workers a task may have: a page that kills its worker twice fails
    STUCK_MIN = 60.0   # seconds: the least ``stuck_after``

    def __init__(self, processes: int, budget: float = 0.0, niceness: int = 0):
        self.processes = processes
        self.budget = budget
        self.niceness = niceness
        self._workers: list[_Worker | None] = [None] * processes
        self._context = None
        self._in_flight = 0
        self._waiting: list = []   # heap of (priority, arrival, future)
        self._arrival = itertools.count()
        self._closed = False
        self._watchdog = None   # (TimerHandle, its loop) while tasks are out

    @property
    def stuck_after(self) -> float:
        """Seconds of wall time a worker may spend on one task before it is taken for stuck and killed (the
        CPU budget stops a page that computes; this stops one that does not: a long C call, a stopped
        process). Its pages then go to a new worker once."""
        return max(self.STUCK_MIN, 5 * self.budget)

    @property
    def pids(self) -> list[int]:
        """The process ids of the running workers."""
        return [w.process.pid for w in self._workers if w is not None]

    @property
    def running(self) -> bool:
        return any(w is not None for w in self._workers)

    def _worker(self, index: int) -> _Worker:
        worker = self._workers[index]
        if worker is None:
            if self._context is None:
                # forkserver, not fork: the crawl process has threads (DNS, the reactor's pool) a fork would
                # copy mid-lock; the server imports the extractor once, patterns compiled, and each worker
                # forks from it ready. (Each worker still imports the crawl's main script as multiprocessing
                # prepares a child: for the ``scrapy`` script, Scrapy itself, about 0.25 s of CPU once per worker.)
                self._context = multiprocessing.get_context("forkserver")
                self._context.set_forkserver_preload([f"{__package__}.extract.preload"])
            worker = self._workers[index] = _Worker(self._context, self.budget, self.niceness)
        return worker

    def warm(self) -> None:
        """Start the workers now (forked from the fork server, which imports the extraction once), so the
        first detail pages of a crawl do not wait for them: the news spider calls this as it is made."""
        for index in range(self.processes):
            self._worker(index)

    async def extract(self, **kwargs) -> dict:
        from .extract.article import extract_article

        return await self._run(extract_article, kwargs, self.DETAIL_PAGE)

    async def read_list_page(self, **kwargs):
        """``await pool.read_list_page(text=…, url=…, page=…, block={…})`` → ``read_list_page``'s triple."""
        return await self._run(read_list_page, kwargs, self.LIST_PAGE)

    async def _run(self, function, kwargs: dict, priority: int):
        if self._closed:
            raise RuntimeError("the extraction pool is closed")
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
            task = _Task(loop.create_future(), _frame((function, kwargs)))
            self._submit(task, loop)
            status, value = await task.answer
        finally:
            self._release()
        if status == "over_budget":
            raise ExtractionOverBudget(f"extraction used more than {self.budget:g} s of CPU")
        if status == "error":
            error, remote = value
            raise error from WorkerTraceback(remote)
        return value

    def _submit(self, task: _Task, loop) -> None:
        """Send ``task`` to the worker with the fewest tasks (starting one when a place has none)."""
        index = min(range(self.processes),
                    key=lambda i: len(self._workers[i].pending) if self._workers[i] is not None else 0)
        worker = self._worker(index)
        if worker.loop is not loop:   # first task, or a new event loop (tests run one per asyncio.run)
            if worker.loop is not None and not worker.loop.is_closed():
                worker.loop.remove_reader(worker.sock.fileno())
            worker.loop = loop
            loop.add_reader(worker.sock.fileno(), self._readable, worker)
        if not worker.pending:
            worker.busy_since = time.monotonic()
        worker.pending.append(task)
        self._send(worker, task.frame)
        if self._watchdog is None or self._watchdog[1] is not loop:
            self._watchdog = (loop.call_later(self.stuck_after / 4, self._watch_stuck, loop), loop)

    def _watch_stuck(self, loop) -> None:
        """Every quarter of ``stuck_after`` while tasks are out: kill a worker stuck on its oldest task (its
        socket then closes, and ``_broken`` hands its pages to a new worker)."""
        self._watchdog = None
        now = time.monotonic()
        out = False
        for worker in self._workers:
            if worker is None or not worker.pending:
                continue
            out = True
            if worker.busy_since is not None and now - worker.busy_since > self.stuck_after:
                worker.busy_since = None   # killed once
                with contextlib.suppress(ProcessLookupError):
                    os.kill(worker.process.pid, signal.SIGKILL)
        if out and not self._closed and not loop.is_closed():
            self._watchdog = (loop.call_later(self.stuck_after / 4, self._watch_stuck, loop), loop)

    def _send(self, worker: _Worker, frame: bytes) -> None:
        if not worker.outbox:
            try:
                sent = worker.sock.send(frame)
            except BlockingIOError:
                sent = 0
            except OSError:   # the worker is gone: its reader fails the pending tasks
                return
            if sent == len(frame):
                return
            worker.outbox += memoryview(frame)[sent:]
            worker.loop.add_writer(worker.sock.fileno(), self._writable, worker)
        else:
            worker.outbox += frame

    def _writable(self, worker: _Worker) -> None:
        try:
            sent = worker.sock.send(worker.outbox)
        except BlockingIOError:
            return
        except OSError:
            sent = len(worker.outbox)
        del worker.outbox[:sent]
        if not worker.outbox:
            worker.loop.remove_writer(worker.sock.fileno())

    def _readable(self, worker: _Worker) -> None:
        try:
            data = worker.sock.recv(1 << 20)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._broken(worker)
            return
        inbox = worker.inbox
        inbox += data
        while len(inbox) >= _LENGTH.size:
            end = _LENGTH.size + _LENGTH.unpack_from(inbox)[0]
            if len(inbox) < end:
                break
            try:
                answer = pickle.loads(memoryview(inbox)[_LENGTH.size:end])
            except Exception as error:   # an answer that pickled there but will not unpickle here: its page fails
                answer = ("error", (RuntimeError(f"unreadable answer from the worker: {error!r}"),
                                    traceback.format_exc()))
            del inbox[:end]
            task = worker.pending.popleft()
            worker.busy_since = time.monotonic() if worker.pending else None
            if not task.answer.done():   # a cancelled task's answer is dropped
                task.answer.set_result(answer)

    def _broken(self, worker: _Worker) -> None:
        """The worker died (killed, out of memory, stuck): its pages go to a new worker, once each; a page
        that has already had ``ATTEMPTS`` workers fails (BrokenProcessPool)."""
        if worker in self._workers:
            self._workers[self._workers.index(worker)] = None
        pending, worker.pending = worker.pending, collections.deque()
        loop = worker.loop
        worker.close()
        for task in pending:
            if task.answer.done():
                continue
            if task.attempts < self.ATTEMPTS and not self._closed and loop is not None and not loop.is_closed():
                task.attempts += 1
                self._submit(task, loop)
            else:
                task.answer.set_exception(BrokenProcessPool(
                    f"extraction worker {worker.process.pid} died holding the page ({task.attempts} worker(s) tried)"))

    def _release(self) -> None:
        """A task finished: its place goes to the first waiter (list pages first), else is freed."""
        while self._waiting:
            _, _, turn = heapq.heappop(self._waiting)
            if not turn.done():   # a cancelled waiter is skipped
                turn.set_result(None)
                return
        self._in_flight -= 1

    def close(self) -> None:
        """End the workers; tasks still out or waiting are cancelled, and the pool takes no more."""
        self._closed = True
        if self._watchdog is not None:
            handle, loop = self._watchdog
            if not loop.is_closed():
                handle.cancel()
            self._watchdog = None
        waiting, self._waiting = self._waiting, []
        for _, _, turn in waiting:
            if not turn.done() and not turn.get_loop().is_closed():
                turn.cancel()
        for index, worker in enumerate(self._workers):
            if worker is not None:
                self._workers[index] = None
                for task in worker.pending:
                    if not task.answer.done() and not task.answer.get_loop().is_closed():
                        task.answer.cancel()
                worker.close()


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
