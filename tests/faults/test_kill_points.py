"""Kill the archive writer at every named step (HOSPITALNEWS_FAULT), then rerun: exactly the clean run's lines.

Each case runs the real writer in a subprocess that SIGKILLs itself at the step, so nothing of Python's
shutdown runs, as with ``kill -9``. The rerun is the next crawl: it opens the archive (salvage, reconcile)
and offers every record again.
"""

import json
import os
import signal
import subprocess
import sys

import pytest

from hospitalnews.archive import ArchiveIndex
from hospitalnews.archive.faults import STEPS

from ..support import REPO

COUNT, COMMIT_ITEMS = 8, 3
# (step, occurrence): mid-way through the run, so there is something before and after the kill
WRITER_STEPS = {
    "part:after_create": 2, "append:write": 5, "append:after_write": 5, "append:before_commit": 5,
    "append:after_commit": 5, "publish:before_record": 2, "publish:after_record": 2, "publish:after_rename": 2,
    "close:before_publish": 1,
}
# salvage runs at open: the first run is killed with an unpublished part (4 indexed lines, a 5th written but
# not indexed), the second is killed inside its salvage
SALVAGE_STEPS = [s for s in STEPS if s.startswith("salvage:")]


def run_writer(root, fault=None):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("HOSPITALNEWS_FAULT", None)
    if fault:
        env["HOSPITALNEWS_FAULT"] = fault
    return subprocess.run([sys.executable, "-m", "tests.faults.writer", str(root), str(COUNT), str(COMMIT_ITEMS)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=60)


def archive_state(root):
    site = root / "s"
    lines = sorted(line for seg in site.glob("*.jsonl") for line in seg.read_bytes().splitlines(keepends=True))
    index = ArchiveIndex(site)
    try:
        indexed = {i: index.segment_of(i) for i in (json.loads(line)["id"] for line in lines)}
        count = len(index)
    finally:
        index.close()
    # the index agrees: it holds exactly the archived ids, each in the segment that holds its line
    for seg in site.glob("*.jsonl"):
        for line in seg.read_bytes().splitlines():
            assert indexed[json.loads(line)["id"]] == seg.stem
    assert count == len(lines)
    assert list((site / ".staging").glob("*.part")) == []
    return lines


@pytest.fixture(scope="module")
def clean_lines(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean")
    assert run_writer(root).returncode == 0
    lines = archive_state(root)
    assert len(lines) == COUNT
    return lines


def test_every_named_step_is_tested():
    assert set(WRITER_STEPS) | set(SALVAGE_STEPS) | {"reconcile:before_commit"} == set(STEPS)


@pytest.mark.parametrize("step", sorted(WRITER_STEPS))
def test_kill_at_a_writer_step_then_rerun_leaves_exactly_the_clean_lines(tmp_path, clean_lines, step):
    killed = run_writer(tmp_path, f"{step}@{WRITER_STEPS[step]}")
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    rerun = run_writer(tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert archive_state(tmp_path) == clean_lines


@pytest.mark.parametrize("step", SALVAGE_STEPS)
def test_kill_inside_salvage_then_rerun_leaves_exactly_the_clean_lines(tmp_path, clean_lines, step):
    assert run_writer(tmp_path, "append:after_write@5").returncode == -signal.SIGKILL
    assert list((tmp_path / "s" / ".staging").glob("*.part"))
    killed = run_writer(tmp_path, step)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    rerun = run_writer(tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert archive_state(tmp_path) == clean_lines


def test_kill_inside_reconcile_then_rerun_leaves_exactly_the_clean_lines(tmp_path, clean_lines):
    assert run_writer(tmp_path).returncode == 0
    for name in (".index.sqlite", ".index.sqlite-wal", ".index.sqlite-shm"):
        (tmp_path / "s" / name).unlink(missing_ok=True)     # the index is lost: every segment is unrecorded
    assert run_writer(tmp_path, "reconcile:before_commit@2").returncode == -signal.SIGKILL
    rerun = run_writer(tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert archive_state(tmp_path) == clean_lines
