"""One nightly run at a time: an exclusive ``flock`` on ``RUNS_DIR/.crawlall.lock``.

The kernel drops the lock when its process dies, however it dies, so a crashed run never leaves a
stale lock behind. The file holds the holder's pid and start time, for the message a second run prints.
"""

from __future__ import annotations

import fcntl
import os
import time
from datetime import datetime, timezone
from pathlib import Path


class LockBusy(Exception):
    pass


class RunLock:
    FILENAME = ".crawlall.lock"

    def __init__(self, runs_dir: Path | str):
        self.path = Path(runs_dir) / self.FILENAME
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            return self.path.read_text("utf-8").strip() or "unknown"
        except OSError:
            return "unknown"

    def acquire(self, wait: bool = False, poll_seconds: float = 1.0, timeout: float | None = None) -> None:
        """Take the lock; raise LockBusy when another run holds it (at once, or after ``timeout`` when waiting)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not wait or (deadline is not None and time.monotonic() >= deadline):
                    os.close(fd)
                    raise LockBusy(self.holder()) from None
                time.sleep(poll_seconds)
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()} since {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.release()
