"""Analysts get stable types: the README's pandas recipe, run as written, on an archive whose values
tempt pandas to guess (a site key of digits, raw view counts that look like numbers in one segment)."""

from __future__ import annotations

import re

import pandas as pd

from hospitalnews.archive import SiteArchive
from hospitalnews.items import Article
from hospitalnews.pipelines import ViewCountPipeline

from ..support import REPO


def readme_recipe() -> str:
    text = (REPO / "README.md").read_text("utf-8")
    return re.search(r"<!-- recipe: pandas[^>]*-->\n```python\n(.*?)```", text, re.S)[1]


def record(n: int, site: str, raw: str | None, count: int | None, published: str | None) -> dict:
    return {"id": f"{n:016x}", "url": f"http://127.0.0.1:8080/news/{n}.html", "site": site, "site_name": "测试",
            "category": None, "title": f"{n}", "kicker": None, "subtitle": None, "publish_time": published,
            "publish_time_raw": published, "source": None, "authors": [], "view_count": count,
            "view_count_raw": raw, "summary": None, "content": "2023", "images": [], "attachments": [],
            "institutions": [], "crawled_at": "2026-01-01T00:00:00+00:00", "schema_version": 1}


def test_readme_pandas_recipe_keeps_every_type(tmp_path, monkeypatch):
    archive = tmp_path / "data" / "archive"
    rows = [record(1, "127_0_0_1", "1234", 1234, "2023-01-28T09:17:57+08:00"),
            record(2, "127_0_0_1", "0012", 12, None),
            record(3, "sd_cancer", "1.2万", 12000, "2023-02-01T00:00:00+08:00"),
            record(4, "sd_cancer", None, None, None)]
    for row in rows:   # one segment per article: each file alone is what pandas guesses from
        site = SiteArchive(archive, row["site"], commit_items=1)
        site.append(row)
        site.close()
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(readme_recipe(), scope)
    df = scope["df"].sort_values("id").reset_index(drop=True)
    assert df["site"].tolist() == [r["site"] for r in rows]
    assert df["id"].tolist() == [r["id"] for r in rows] and df["title"].tolist() == ["1", "2", "3", "4"]
    assert [None if pd.isna(v) else v for v in df["view_count_raw"]] == [r["view_count_raw"] for r in rows]
    assert [None if pd.isna(v) else int(v) for v in df["view_count"]] == [r["view_count"] for r in rows]
    assert str(df["publish_time"].dtype).startswith("datetime64") and df["publish_time"].isna().tolist() == [
        False, True, False, True]
    assert df["publish_time"][0] == pd.Timestamp("2023-01-28T01:17:57Z")


def test_view_count_raw_is_always_text():
    article = ViewCountPipeline().process_item(Article(id="x", url="u", site="s", view_count_raw=1234))
    assert article.view_count_raw == "1234" and article.view_count == 1234
