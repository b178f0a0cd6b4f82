"""Pure parts of the report: type coercion, month ranges, fill-rate shading, health statuses."""

from datetime import datetime, timezone

from hospitalnews.analysis import charts, health, report
from hospitalnews.analysis.table import ARTICLE_SCHEMA, normalise

import pyarrow as pa


def record(**overrides):
    base = {"id": "0123456789abcdef", "url": "http://x.cn/a.html", "site": "x", "site_name": "X医院",
            "category": None, "title": "标题", "kicker": None, "subtitle": None,
            "publish_time": "2024-05-13T09:12:00+08:00", "publish_time_raw": "2024-05-13 09:12",
            "source": None, "authors": [], "view_count": None, "view_count_raw": None, "summary": None,
            "content": "正文", "images": [], "attachments": [], "institutions": [],
            "crawled_at": "2026-11-29T01:02:03+00:00", "schema_version": 1}
    return {**base, **overrides}


def test_types_are_stable_whatever_the_segment_holds():
    rows = [normalise(record(site=127001, view_count_raw=268, view_count=268)), normalise(record(view_count_raw="1.2万"))]
    table = pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)
    assert table.column("site").to_pylist()[0] == "127001"
    assert table.column("view_count_raw").to_pylist() == ["268", "1.2万"]
    assert table.schema.field("publish_time").type == pa.timestamp("ms", tz="Asia/Shanghai")
    moment = table.column("publish_time").to_pylist()[0]
    assert moment.isoformat() == "2024-05-13T09:12:00+08:00"


def test_bad_times_become_null_not_errors():
    row = normalise(record(publish_time="not a date", view_count=True))
    assert row["publish_time"] is None and row["view_count"] is None


def test_month_range_fills_gaps_across_years():
    assert charts.month_range({"2023-11", "2024-02"}) == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert charts.month_range(set()) == []


def test_fill_rates_below_thresholds_are_shaded():
    assert report.fill_rate_cell(0.95).css == "num"
    assert report.fill_rate_cell(0.8).css == "num warn"
    assert report.fill_rate_cell(0.1).css == "num bad"


def test_empty_archive_still_renders():
    table = pa.Table.from_pylist([], schema=ARTICLE_SCHEMA)
    text = report.build_report(table, runs=[], views_dir=None, generated_at=datetime.now(timezone.utc))
    assert "0 articles" in text and "No crawlall run report yet" in text and "<svg" in text


def test_health_status_from_report_entries():
    assert health.site_status({"status": "stale"}) == "stale"
    assert health.site_status({"status": "weird", "problems": ["x"]}) == "broken"
    assert health.site_status({"problems": []}) == "ok"
    runs = [{"started_at": "2026-11-28T02:00:00+00:00", "sites": [{"site": "a", "status": "ok", "new": 3}]},
            {"started_at": "2026-11-29T02:00:00+00:00",
             "sites": [{"site": "a", "status": "broken", "new": 0, "problems": ["its list yields no article links"]},
                       {"site": "b", "status": "unreachable", "new": 0, "problems": ["DNS lookup failed"]}]}]
    page = health.build_health_page(runs, generated_at=datetime.now(timezone.utc))
    assert 'class="broken" title="its list yields no article links"' in page
    assert 'class="none"' in page                      # b was not crawled the first night
    assert "DNS lookup failed" in page.split('id="latest"')[1]


def test_cjk_font_is_found_when_installed():
    # CI installs fonts-noto-cjk (.ci/run); on a machine without it the report says so instead.
    assert charts.cjk_font() is None or "CJK" in charts.cjk_font() or "Hei" in charts.cjk_font()
