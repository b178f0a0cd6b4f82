"""Failed URLs per crawl, kept in the crawl's stats so the run report can name them.

Scrapy's stats count failures by exception type but never say which URL failed; these helpers put
``{"url", "kind", "reason"}`` records into the stats list ``hospitalnews/failures`` (capped).
"""

from __future__ import annotations

from scrapy.exceptions import DropItem, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

FAILURES_KEY = "hospitalnews/failures"
MAX_RECORDED = 200
POLICY_SKIPS = ("Forbidden by robots.txt", "Filtered offsite request")


class RecordedDrop(DropItem):
    """An item dropped by a component that has recorded the failure itself (no second record)."""


def record_failure(stats, url: str, kind: str, reason: str) -> None:
    stats.inc_value(f"hospitalnews/failed/{kind}")
    failures = stats.get_value(FAILURES_KEY)
    if failures is None:
        failures = []
        stats.set_value(FAILURES_KEY, failures)
    if len(failures) < MAX_RECORDED:
        failures.append({"url": url, "kind": kind, "reason": reason[:300]})


def classify(failure) -> tuple[str, str]:
    """(kind, reason) of a request errback's Failure. "skipped" kinds are policy, not faults."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return "http", f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        reason = str(exc) or type(exc).__name__
        # robots.txt and offsite filtering are the crawl obeying policy; anything else ignored is a fault
        return ("skipped" if reason.startswith(POLICY_SKIPS) else "ignored"), reason
    return "download", f"{type(exc).__name__}: {exc}"
