"""-a refresh_views=DAYS: recent articles are revisited and their view counts appended to a separate stream."""

import hashlib
import time
from datetime import datetime, timedelta

from hospitalnews.extract.dates import CST
from hospitalnews.offline import serve_mirrors

from ..support import read_jsonl, scrapy_command
from .site import build_site

SPIDERS = {"SPIDER_MODULES": "tests.nightly.spiders"}


def tree_digest(directory):
    return hashlib.sha1(b"".join(p.read_bytes() for p in sorted(directory.glob("*.jsonl")))).hexdigest()


def test_refresh_views_appends_observations_of_recent_articles_only(tmp_path):
    mirrors = tmp_path / "mirrors"
    now = datetime.now(CST).replace(tzinfo=None, microsecond=0)
    build_site(mirrors, {"news": 10}, newest=now - timedelta(hours=1), views=7)          # last 10 hours
    build_site(mirrors, {"notice": 4}, newest=now - timedelta(days=30), views=7)         # a month old
    settings = {**SPIDERS, "VIEWS_DIR": str(tmp_path / "views")}
    with serve_mirrors([mirrors]) as proxy:
        first = scrapy_command(proxy.url, ["crawl", "nightly_site"], tmp_path, settings=settings, feed=False)
        assert first.stat("archive/written") == 14
        archive_before = tree_digest(tmp_path / "archive" / "nightly_site")

        build_site(mirrors, {"news": 10}, newest=now - timedelta(hours=1), views=500)    # the counters moved on
        for attempt in range(2):
            time.sleep(1.1 * attempt)   # observations are per second: one line per (id, observed_at)
            refresh = scrapy_command(proxy.url, ["crawl", "nightly_site", "-a", "refresh_views=2"], tmp_path,
                                     settings=settings, feed=False)
            assert refresh.returncode == 0, refresh.log[-3000:]
            assert refresh.stat("views/observed") == 10
            assert refresh.stat("archive/written") == 0
    observations = [o for p in sorted((tmp_path / "views" / "nightly_site").glob("*.jsonl")) for o in read_jsonl(p)]
    assert len(observations) == 20
    assert {o["view_count"] for o in observations} == {500 + serial for serial in range(1, 11)}
    assert all(set(o) == {"id", "observed_at", "view_count"} for o in observations)
    assert len({(o["id"], o["observed_at"]) for o in observations}) == 20   # one line per (id, observed_at)
    # the article archive itself is never rewritten
    assert tree_digest(tmp_path / "archive" / "nightly_site") == archive_before
