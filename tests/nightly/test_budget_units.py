"""within_budget: the per-page CPU budget around synchronous work an async callback does in the reactor
thread (nightly/budget.py); the crawl-level behaviour is tests/faults/test_budget.py."""

from __future__ import annotations

import signal
import time

import pytest

from hospitalnews.nightly.budget import OverBudget, within_budget


def spin(seconds: float) -> str:
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
    return "done"


def test_work_within_the_budget_returns_its_answer_and_leaves_no_timer():
    assert within_budget(1.0, spin, 0.01) == "done"
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_work_over_the_budget_is_stopped_near_it():
    started = time.thread_time()
    with pytest.raises(OverBudget):
        within_budget(0.05, spin, 5.0)
    assert time.thread_time() - started < 1.0
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_no_budget_just_calls():
    assert within_budget(0, spin, 0.01) == "done"


def test_an_outer_timer_goes_on_with_what_is_left_of_it():
    signal.signal(signal.SIGPROF, signal.SIG_IGN)
    try:
        signal.setitimer(signal.ITIMER_PROF, 5.0)
        within_budget(1.0, spin, 0.05)
        left, _ = signal.getitimer(signal.ITIMER_PROF)
        assert 4.0 < left < 4.99
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)


def test_a_generators_steps_share_one_budget():
    from hospitalnews.nightly.budget import budgeted_steps

    def outputs():
        for _ in range(10):
            yield spin(0.02)
    steps = budgeted_steps(0.07, outputs())
    got = []
    with pytest.raises(OverBudget):
        for item in steps:
            got.append(item)
    assert 2 <= len(got) <= 3 and 0.06 < steps.spent < 0.5
    assert list(budgeted_steps(0, outputs())) == ["done"] * 10   # 0: no budget, nothing stopped
