"""`hospitalnews clean-text` and `hospitalnews split-page` run as the console script would be."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hospitalnews.archive import read_archive
from hospitalnews.schema import article_validator
from hospitalnews.urls import article_id

from ..support import FIXTURES, REPO, proxy_env

SEED = FIXTURES / "epaper" / "seed_000.txt"
REPAIRED = (FIXTURES / "epaper" / "seed_000.repaired.txt").read_text("utf-8")


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hospitalnews.cli", *args], cwd=REPO, input=stdin,
                          capture_output=True, env=proxy_env("http://127.0.0.1:9"), timeout=60)


def test_clean_text_file_and_stdin():
    from_file = cli("clean-text", str(SEED))
    assert from_file.returncode == 0, from_file.stderr
    assert from_file.stdout.decode("utf-8") == REPAIRED
    # stdin, and GBK bytes as Chinese PDF tools often write them
    from_stdin = cli("clean-text", stdin=SEED.read_text("utf-8").encode("gbk"))
    assert from_stdin.stdout.decode("utf-8") == REPAIRED


def test_split_page_prints_schema_valid_articles_and_archives_them_once(tmp_path: Path):
    args = ["split-page", str(SEED), "--paper", "taianribao", "--date", "2024-02-05", "--category", "A3 健康",
            "--archive", str(tmp_path)]
    first = cli(*args)
    assert first.returncode == 0, first.stderr
    records = [json.loads(line) for line in first.stdout.decode("utf-8").splitlines()]
    assert [r["title"] for r in records] == [
        "市肿瘤防治院召开安全生产述职承诺报告会", "凯歌高奏催奋进 万象更新谱新篇", "开展临床用血调研 筑牢“红色生命线”"]
    assert [r["subtitle"] for r in records] == [None, "市中医医院召开第十一届五次职工代表大会", "市政协一行到市中心血站进行调研指导"]
    assert [r["institutions"] for r in records] == [
        ["市肿瘤防治院"], ["市中医医院", "市卫生健康委"], ["市中心血站", "市卫生健康委"]]
    assert [[a["name"] for a in r["authors"]] for r in records] == [
        ["颜凯", "吕士琴"], ["颜凯", "张男"], ["于冰冰", "马克"]]  # 通讯员供图 is a photo credit naming nobody
    for n, r in enumerate(records, start=1):
        assert r["url"] == f"https://print.invalid/taianribao/2024-02-05/seed_000.txt?story={n}"
        assert r["id"] == article_id(r["url"])
        assert (r["site"], r["site_name"], r["source"], r["category"]) == ("taianribao", "泰安日报", "泰安日报", "A3 健康")
        assert r["publish_time"] == "2024-02-05T00:00:00+08:00"
        assert not list(article_validator().iter_errors(r))
    assert records[0]["content"].startswith("近日，市肿瘤防治院召开安全生产述职承诺报告会，总结分析2023年度")
    assert "本报讯" not in "".join(r["content"] for r in records)
    assert b"3 new article(s)" in first.stderr
    # the same page again: stable ids, nothing archived twice
    second = cli(*args)
    assert [json.loads(line)["id"] for line in second.stdout.splitlines()] == [r["id"] for r in records]
    assert b"0 new article(s)" in second.stderr
    assert [r["id"] for r in read_archive(tmp_path, "taianribao")] == [r["id"] for r in records]


def test_split_page_with_a_paper_name_not_configured(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text("本报讯 （记者 王五） 市立医院开 展 义 诊，\n服务群众三百余人。\n\n义诊进社区\n", "utf-8")
    result = cli("split-page", str(page), "--paper-name", "某某晚报", "--date", "2024-03-01",
                 "--page-url", "http://epaper.example.com/2024-03-01/A5.htm")
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert (record["site"], record["site_name"], record["source"]) == ("print", "某某晚报", "某某晚报")
    assert record["url"] == "http://epaper.example.com/2024-03-01/A5.htm?story=1"
    assert (record["title"], record["content"], record["category"]) == ("义诊进社区", "市立医院开展义诊，服务群众三百余人。", None)
    assert record["authors"] == [{"name": "王五", "role": "记者"}]
    assert record["institutions"] == ["市立医院"]
    assert record["publish_time"] == "2024-03-01T00:00:00+08:00"
