"""The analyst's report: one self-contained HTML page over the archive, the view history and the runs.

Sections: per-site overview with field fill rates (low rates highlighted), articles per month,
most-viewed articles, the view-count distribution, views growth of the top articles over nights
(where ``VIEWS_DIR`` has history), top sources (reprints), top credited people by role, and the crawl
health grid of ``health``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from ..archive.store import read_archive
from . import charts, health, page

# Fill-rate columns of the overview, and the thresholds below which a rate is highlighted.
FILL_FIELDS = ("title", "publish_time", "source", "authors", "view_count", "content")
WARN_BELOW, BAD_BELOW = 0.9, 0.5
TOP_N = 20


def _filled(value) -> bool:
    return value is not None and value != [] and value != ""


def fill_rate_cell(rate: float) -> page.Cell:
    css = "num bad" if rate < BAD_BELOW else "num warn" if rate < WARN_BELOW else "num"
    return page.Cell(f"{rate:.0%}", css=css)


def overview(rows: list[dict]) -> str:
    by_site = defaultdict(list)
    for row in rows:
        by_site[row["site"]].append(row)
    table_rows = []
    for site, articles in sorted(by_site.items()):
        dates = sorted(r["publish_time"] for r in articles if r["publish_time"] is not None)
        table_rows.append([
            site, articles[0]["site_name"], len(articles),
            dates[0].date().isoformat() if dates else None, dates[-1].date().isoformat() if dates else None,
            *(fill_rate_cell(sum(_filled(r[f]) for r in articles) / len(articles)) for f in FILL_FIELDS),
        ])
    headers = ["site", "name · 名称", "articles · 文章", "first · 最早", "latest · 最新",
               *(f"{f} filled" for f in FILL_FIELDS)]
    note = page.paragraph(f"Fill rates under {WARN_BELOW:.0%} are shaded, under {BAD_BELOW:.0%} red: "
                          "a field the extractor misses on that site.")
    return page.table(headers, table_rows, css_id="overview") + note


def monthly_counts(rows: list[dict]) -> dict[str, dict[str, int]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row["publish_time"] is not None:
            counts[row["site"]][row["publish_time"].strftime("%Y-%m")] += 1
    return {site: dict(c) for site, c in counts.items()}


def most_viewed(rows: list[dict]) -> list[dict]:
    viewed = [r for r in rows if r["view_count"] is not None]
    return sorted(viewed, key=lambda r: (-r["view_count"], r["id"]))[:TOP_N]


def most_viewed_table(top: list[dict]) -> str:
    if not top:
        return page.paragraph("No article has a view count · 没有阅读数")
    return page.table(
        ["title · 标题", "site", "published · 发布", "views · 阅读"],
        [[page.Cell(r["title"], href=r["url"]), r["site"],
          r["publish_time"].date().isoformat() if r["publish_time"] else None, r["view_count"]] for r in top],
        css_id="most-viewed")


def view_history(views_dir: Path | None, ids: set[str]) -> dict[str, list[tuple[datetime, int]]]:
    """id → [(observed_at, views)] for ``ids``, from the view-history stream (archive/views.py)."""
    series: dict[str, list] = defaultdict(list)
    if views_dir is None or not Path(views_dir).is_dir() or not ids:
        return {}
    for record in read_archive(views_dir):
        if record.get("id") in ids and record.get("view_count") is not None:
            series[record["id"]].append((datetime.fromisoformat(record["observed_at"]), record["view_count"]))
    return dict(series)


def top_sources(rows: list[dict]) -> str:
    counts = Counter(r["source"] for r in rows if r["source"])
    sites = defaultdict(set)
    for r in rows:
        if r["source"]:
            sites[r["source"]].add(r["site"])
    if not counts:
        return page.paragraph("No article states a source · 没有来源")
    return page.table(["source · 来源", "articles · 文章", "sites · 站点"],
                      [[s, n, ", ".join(sorted(sites[s]))] for s, n in counts.most_common(TOP_N)],
                      css_id="top-sources")


def top_people(rows: list[dict]) -> str:
    counts = Counter((a["name"], a["role"]) for r in rows for a in r["authors"] or [])
    if not counts:
        return page.paragraph("No credited people · 没有署名")
    by_role: dict[str, list] = defaultdict(list)
    for (name, role), n in counts.most_common():
        if len(by_role[role]) < 10:
            by_role[role].append((name, n))
    table_rows = [[role, ", ".join(f"{name} ({n})" for name, n in people)]
                  for role, people in sorted(by_role.items(), key=lambda kv: -sum(n for _, n in kv[1]))]
    return page.table(["role · 角色", "people (articles) · 人员（篇数）"], table_rows, css_id="top-people")


def build_report(table: pa.Table, *, runs: list[dict], views_dir: Path | None, generated_at: datetime,
                 scope: str = "") -> str:
    """The report HTML for the articles of ``table`` (``table.ARTICLE_SCHEMA``), the runs and view history."""
    rows = table.to_pylist()
    top = most_viewed(rows)
    history = view_history(views_dir, {r["id"] for r in top})
    titles = {r["id"]: r["title"] for r in top}
    growth = {titles[i]: points for i, points in history.items() if len({p[0] for p in points}) >= 2}
    sites = sorted({r["site"] for r in rows})
    subtitle = (f"{len(rows):,} articles · {len(sites)} site(s) · generated {generated_at.isoformat(timespec='seconds')}"
                + (f" · {scope}" if scope else ""))
    if charts.cjk_font() is None:
        subtitle += " · no CJK font installed: Chinese chart labels show as boxes (install fonts-noto-cjk)"
    sections = [
        page.section("Sites · 站点", overview(rows), css_id="sites"),
        page.section("Articles per month · 每月文章数",
                     page.chart(charts.articles_per_month(monthly_counts(rows)), "by publish month (CST)",
                                css_id="chart-monthly"), css_id="monthly"),
        page.section("Most viewed · 阅读最多", most_viewed_table(top),
                     page.chart(charts.view_distribution([r["view_count"] for r in rows if r["view_count"] is not None]),
                                "articles per view-count bin", css_id="chart-views"), css_id="views"),
    ]
    if growth:
        sections.append(page.section("Views over nights · 阅读数增长",
                                     page.chart(charts.views_growth(growth), "top articles, as observed night by night",
                                                css_id="chart-growth"), css_id="growth"))
    sections += [
        page.section("Top sources · 来源（转载）", top_sources(rows), css_id="sources"),
        page.section("Credited people · 署名", top_people(rows), css_id="people"),
        page.section("Crawl health · 抓取健康", health.grid(runs), css_id="health"),
    ]
    return page.document("hospitalnews report · 医院新闻报告", subtitle, sections)
