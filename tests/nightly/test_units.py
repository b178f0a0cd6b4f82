"""The nightly machinery's pure parts: walk state, the lock, job planning, recent articles, view history."""

import json
from datetime import datetime, timedelta, timezone

import pytest

from hospitalnews.archive.views import ViewHistory, recent_articles
from hospitalnews.commands.crawlall import plan_jobs
from hospitalnews.nightly.lock import LockBusy, RunLock
from hospitalnews.nightly.walks import WalkState
from hospitalnews.registry import Site


def test_walk_state_survives_reopening_and_defaults_to_incomplete(tmp_path):
    walks = WalkState(tmp_path)
    assert not walks.was_complete("http://a/list")
    walks.mark("http://a/list", complete=True)
    walks.mark("http://a/other", complete=False)
    again = WalkState(tmp_path)
    assert again.was_complete("http://a/list") and not again.was_complete("http://a/other")
    (tmp_path / WalkState.FILENAME).write_text("{torn", "utf-8")   # unreadable: everything walked deep
    assert not WalkState(tmp_path).was_complete("http://a/list")


def test_a_walk_begins_incomplete_and_a_site_never_archived_gets_no_directory(tmp_path):
    walks = WalkState(tmp_path / "archive" / "new_site")
    walks.begin("http://a/list")
    assert not (tmp_path / "archive").exists() and not walks.was_complete("http://a/list")
    walks = WalkState(tmp_path)
    walks.mark("http://a/list", complete=True)
    WalkState(tmp_path).begin("http://a/list")          # the next run starts that walk again
    assert not WalkState(tmp_path).was_complete("http://a/list")


def test_lock_is_exclusive_names_its_holder_and_is_released(tmp_path):
    first = RunLock(tmp_path)
    first.acquire()
    with pytest.raises(LockBusy, match=r"pid \d+ since"):
        RunLock(tmp_path).acquire()
    with pytest.raises(LockBusy):
        RunLock(tmp_path).acquire(wait=True, poll_seconds=0.05, timeout=0.2)
    first.release()
    with RunLock(tmp_path) as second:
        second.acquire()


class Dedicated:
    site = "sd_cancer"


class Unnamed:
    site = ""


@pytest.mark.parametrize(("spiders", "sites", "expected"), [
    # dedicated spiders run under their site key; `news` alone is never run without a site
    ({"sd_cancer": Dedicated, "news": Unnamed, "other": Unnamed}, [],
     [("other", "other", {}, False), ("sd_cancer", "sd_cancer", {}, False)]),
    # a registry site with a dedicated spider is not crawled twice; others go to `news -a site=KEY`
    ({"sd_cancer": Dedicated, "news": Unnamed},
     [Site("sd_cancer", "x", ("u",), spider="sd_cancer"), Site("tazhongyi", "y", ("u",))],
     [("sd_cancer", "sd_cancer", {}, False), ("tazhongyi", "news", {"site": "tazhongyi"}, False)]),
    # no `news` spider, or a registry spider that does not exist: the site is reported, not skipped
    ({"sd_cancer": Dedicated},
     [Site("tazhongyi", "y", ("u",)), Site("gone", "z", ("u",), spider="gone")],
     [("sd_cancer", "sd_cancer", {}, False), ("tazhongyi", "news", {"site": "tazhongyi"}, True),
      ("gone", "gone", {}, True)]),
])
def test_plan_jobs(spiders, sites, expected):
    jobs = plan_jobs(list(spiders), spiders, sites)
    assert [(j.site, j.spider, j.args, j.startup_error is not None) for j in jobs] == expected


def test_recent_articles_reads_only_recent_segments(tmp_path):
    now = datetime(2026, 1, 20, 12, 0, tzinfo=timezone.utc)
    site = tmp_path / "s"
    site.mkdir()
    def segment(name, *published):
        lines = [json.dumps({"id": f"{name}{i}", "publish_time": p}) for i, p in enumerate(published)]
        (site / f"{name}.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    segment("20260119T000000Z-h-1-0001", "2026-01-19T20:00:00+08:00", "2026-01-01T08:00:00+08:00", None)
    segment("20251201T000000Z-h-1-0001", "2026-01-19T20:00:00+08:00")   # too old to hold a recent article
    recent = [r["id"] for r in recent_articles(tmp_path, "s", days=3, now=now)]
    assert recent == ["20260119T000000Z-h-1-00010"]


def test_view_history_one_line_per_id_and_moment(tmp_path):
    moment = datetime(2026, 1, 20, 2, 0, tzinfo=timezone.utc)
    views = ViewHistory(tmp_path, "s", commit_items=2)
    assert views.observe("a", 5, moment) and not views.observe("a", 6, moment)
    assert views.observe("a", 7, moment + timedelta(days=1)) and views.observe("b", 1, moment)
    views.close()
    lines = [json.loads(line) for p in sorted((tmp_path / "s").glob("*.jsonl")) for line in p.read_text().splitlines()]
    assert lines == [{"id": "a", "observed_at": "2026-01-20T02:00:00+00:00", "view_count": 5},
                     {"id": "a", "observed_at": "2026-01-21T02:00:00+00:00", "view_count": 7},
                     {"id": "b", "observed_at": "2026-01-20T02:00:00+00:00", "view_count": 1}]


class _Stats:
    def __init__(self):
        self.values: dict = {}

    def inc_value(self, key, count=1, start=0):
        self.values[key] = self.values.get(key, start) + count


def test_fill_rates_are_kept_in_memory_and_flushed_every_batch_and_at_close():
    from hospitalnews.items import Article
    from hospitalnews.nightly.fillrates import FieldFillRates

    stats = _Stats()
    rates = FieldFillRates(stats)
    rates.FLUSH_SECONDS = 3600   # batches only, for this test
    filled = Article(id="a", url="http://x.test/1.html", site="x", title="标题", content="正文")
    bare = Article(id="b", url="http://x.test/2.html", site="x", title="标题")
    for i in range(FieldFillRates.FLUSH_ITEMS + 3):
        rates.item_scraped(filled if i % 2 else bare, None, None)
    assert stats.values["fields/items"] == FieldFillRates.FLUSH_ITEMS   # one batch flushed, 3 items pending
    rates.flush()   # what spider_closed runs
    n = FieldFillRates.FLUSH_ITEMS + 3
    assert stats.values["fields/items"] == n
    assert stats.values["fields/filled/title"] == n
    assert stats.values["fields/filled/content"] == n // 2
    assert stats.values["fields/filled/view_count"] == 0    # a field never filled is still reported, as 0


def test_fill_rates_reach_the_stats_file_first():
    """Its spider_closed flush must run before StatsFile writes the file: extensions connect in EXTENSIONS order."""
    from hospitalnews import settings

    order = sorted((v, k) for k, v in settings.EXTENSIONS.items() if v is not None)
    names = [k.rsplit(".", 1)[1] for _, k in order]
    assert names.index("FieldFillRates") < names.index("StatsFile")


def test_fill_rates_reach_the_stats_within_a_second_of_slow_items(monkeypatch):
    from hospitalnews.items import Article
    from hospitalnews.nightly import fillrates

    clock = [100.0]
    monkeypatch.setattr(fillrates.time, "monotonic", lambda: clock[0])
    stats = _Stats()
    rates = fillrates.FieldFillRates(stats)
    rates.item_scraped(Article(id="a", url="http://x.test/1.html", site="x", title="标题"), None, None)
    assert "fields/items" not in stats.values
    clock[0] += 1.5
    rates.item_scraped(Article(id="b", url="http://x.test/2.html", site="x", title="标题"), None, None)
    assert stats.values["fields/items"] == 2
