"""Writing a file atomically: readers see the old file or the whole new one, never a partial write."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_file(target: Path | str) -> Iterator[Path]:
    """Yield a hidden temporary path beside ``target``; on success fsync it and rename it to ``target``.

    Readers see the old file or the whole new one, never a partial write; on an error the temporary
    file is removed and ``target`` is untouched.
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(target: Path | str, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically."""
    with atomic_file(target) as tmp:
        tmp.write_text(text, "utf-8")
    return Path(target)
