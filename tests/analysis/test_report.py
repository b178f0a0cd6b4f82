"""The analyst's report and the nightly health page, rendered from a real demo archive (two crawlall
runs over the bundled mirrors) and opened in a real headless Chromium; Parquet/CSV export read back
by DuckDB and pandas with the documented types."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from hospitalnews.archive.store import read_archive
from hospitalnews.archive.views import ViewHistory

from ..support import REPO

ARTIFACTS = REPO / "test-artifacts"


def cli(*args, check=True):
    proc = subprocess.run([sys.executable, "-m", "hospitalnews.cli", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    return proc


@pytest.fixture(scope="module")
def nights(tmp_path_factory):
    """Two crawlall nights of the demo into a temporary data dir, plus two nights of view history."""
    tmp = tmp_path_factory.mktemp("report")
    settings = [f"ARCHIVE_DIR={tmp / 'archive'}", f"RUNS_DIR={tmp / 'runs'}", f"VIEWS_DIR={tmp / 'views'}",
                "LOG_LEVEL=WARNING"]
    for _ in range(2):
        cli("demo", "--", *[x for s in settings for x in ("-s", s)])
    viewed = sorted((a for a in read_archive(tmp / "archive") if a["view_count"]), key=lambda a: -a["view_count"])[:3]
    night = datetime(2026, 11, 1, 2, tzinfo=timezone.utc)
    history = ViewHistory(tmp / "views", viewed[0]["site"])
    for offset, bonus in ((0, 0), (1, 40), (2, 95)):
        for article in viewed:
            history.observe(article["id"], article["view_count"] + bonus, night + timedelta(days=offset))
    history.close()
    return tmp


def browser_or_skip(html, png):
    from hospitalnews.analysis.screenshot import BrowserUnavailable, screenshot

    try:
        return screenshot(html, png)
    except BrowserUnavailable as exc:
        pytest.skip(f"headless Chromium unavailable: {exc}")


def test_report_opens_in_chromium_with_every_chart(nights):
    out = nights / "report.html"
    proc = cli("report", "--archive", nights / "archive", "--runs", nights / "runs", "--views", nights / "views",
               "--out", out)
    assert "report:" in proc.stdout
    text = out.read_text("utf-8")
    assert "<script" not in text and "http://cdn" not in text and "<link" not in text   # self-contained
    for section in ("overview", "most-viewed", "top-sources", "top-people", "health-grid"):
        assert f'id="{section}"' in text, section
    ARTIFACTS.mkdir(exist_ok=True)
    png = ARTIFACTS / "report.png"
    seen = browser_or_skip(out, png)
    assert seen["console_errors"] == [] and seen["page_errors"] == []
    charts = {c[0]: c for c in seen["charts"]}
    assert set(charts) == {"chart-monthly", "chart-views", "chart-growth"}
    for ident, width, height, paths in charts.values():
        assert width > 300 and height > 100 and paths > 20, (ident, width, height, paths)
    assert png.stat().st_size > 30_000


def test_report_content_matches_the_archive(nights):
    out = nights / "sd.html"
    cli("report", "--archive", nights / "archive", "--runs", nights / "runs", "--site", "sd_cancer", "--out", out)
    articles = list(read_archive(nights / "archive", "sd_cancer"))
    top = max(articles, key=lambda a: a["view_count"] or -1)
    text = out.read_text("utf-8")
    assert f'{len(articles)} articles' in text
    assert f'<a href="{top["url"]}">' in text and f'{top["view_count"]:,}' in text
    assert "tazhongyi</td>" not in text.split('id="health"')[0]        # the site filter holds outside the health grid


def test_health_page_after_two_nights(nights):
    page = nights / "runs" / "health.html"
    text = page.read_text("utf-8")
    reports = [p for p in (nights / "runs").glob("*.json") if p.name != "latest.json"]
    assert len(reports) == 2
    starts = [json.loads(p.read_text("utf-8"))["started_at"][:16].replace("T", " ") for p in reports]
    assert all(start in text for start in starts)
    assert text.count('class="ok"') >= 2 * 3           # three sites ok on both nights (legend adds one)
    png = ARTIFACTS / "health.png"
    ARTIFACTS.mkdir(exist_ok=True)
    seen = browser_or_skip(page, png)
    assert seen["console_errors"] == [] and seen["page_errors"] == []
    assert png.stat().st_size > 5_000


def test_report_screenshot_option(nights):
    png = ARTIFACTS / "report-cli.png"
    ARTIFACTS.mkdir(exist_ok=True)
    proc = cli("report", "--archive", nights / "archive", "--site", "sd_cancer", "--out", nights / "s.html",
               "--screenshot", png, check=False)
    if proc.returncode == 1 and "no screenshot" in proc.stderr:
        pytest.skip(proc.stderr.strip())
    assert proc.returncode == 0 and "screenshot:" in proc.stdout and png.stat().st_size > 20_000


def test_parquet_export_reads_back_in_duckdb_and_pandas(nights):
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    out = nights / "articles.parquet"
    cli("export", "--format", "parquet", "--archive", nights / "archive", "--out", out)
    archived = list(read_archive(nights / "archive"))
    con = duckdb.connect()
    types = dict(con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}')").fetchall()[i][:2]
                 for i in range(21))
    assert types["site"] == "VARCHAR" and types["view_count"] == "BIGINT"
    assert types["publish_time"] == "TIMESTAMP WITH TIME ZONE"
    assert types["authors"] == "STRUCT(\"name\" VARCHAR, \"role\" VARCHAR)[]"
    assert con.execute(f"SELECT count(*), count(DISTINCT id) FROM read_parquet('{out}')").fetchone() == (len(archived),) * 2
    frame = pd.read_parquet(out, dtype_backend="numpy_nullable")         # the README's recipe
    assert str(frame["publish_time"].dtype) == "datetime64[ms, Asia/Shanghai]"
    assert str(frame["view_count"].dtype) == "Int64" and str(frame["site"].dtype) == "string"
    assert set(frame["site"]) == {a["site"] for a in archived}
    first = next(a for a in archived if a["publish_time"])
    row = frame[frame["id"] == first["id"]].iloc[0]
    assert row["publish_time"].isoformat() == first["publish_time"]


def test_csv_export_keeps_lists_as_json(nights):
    pd = pytest.importorskip("pandas")
    out = nights / "sd.csv"
    cli("export", "--format", "csv", "--site", "sd_cancer", "--since", "2023-01-01", "--archive", nights / "archive",
        "--out", out)
    frame = pd.read_csv(out, dtype={"site": "string", "view_count_raw": "string"})
    wanted = [a for a in read_archive(nights / "archive", "sd_cancer") if a["publish_time"] >= "2023-01-01"]
    assert sorted(frame["id"]) == sorted(a["id"] for a in wanted)
    assert all(isinstance(json.loads(v), list) for v in frame["authors"])


@pytest.mark.parametrize("args, message", [
    (["report", "--archive", "/nonexistent/archive", "--out", "r.html"], "no archive at /nonexistent/archive"),
    (["report", "--site", "nosuchsite", "--out", "r.html"], "no site 'nosuchsite'"),
    (["export", "--format", "parquet", "--since", "2024-13-01", "--out", "x.parquet"], "not a date"),
    (["export", "--format", "xml", "--out", "x.xml"], "invalid choice"),
    (["report", "--out", "/nonexistent/dir/r.html"], "no directory /nonexistent/dir"),
    (["health", "--runs", "/nonexistent/runs", "--out", "h.html"], "no run reports at /nonexistent/runs"),
])
def test_bad_arguments_give_one_line_and_exit_2(nights, args, message, tmp_path):
    if "--archive" not in args and args[0] != "health":
        args = args + ["--archive", str(nights / "archive")]
    proc = subprocess.run([sys.executable, "-m", "hospitalnews.cli", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert not list(Path(tmp_path).glob("*.html")) and not list(Path(tmp_path).glob("*.parquet"))


def test_default_directories_come_from_the_data_dir_not_the_cwd(nights, tmp_path):
    """From any working directory, report and export read <data dir>/archive, runs and views (paths.py)."""
    env = {**os.environ, "HOSPITALNEWS_DATA_DIR": str(nights)}
    for args in (["report", "--out", str(tmp_path / "r.html")],
                 ["export", "--format", "csv", "--out", str(tmp_path / "a.csv")]):
        proc = subprocess.run([sys.executable, "-m", "hospitalnews.cli", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
    archived = list(read_archive(nights / "archive"))
    assert f"{len(archived)} articles" in (tmp_path / "r.html").read_text("utf-8")
    assert not (tmp_path / "data").exists()
