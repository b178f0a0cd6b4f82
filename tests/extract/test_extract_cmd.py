"""The ``hospitalnews extract`` command's contract (the corpus test checks the fields themselves)."""

from __future__ import annotations

import json
import subprocess
import sys

from hospitalnews.urls import article_id

from ..support import FIXTURES, REPO

PAGE = FIXTURES / "detail_pages" / "02_dedecms_gbk.html"


def extract(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hospitalnews.cli", "extract", *map(str, args)],
                          cwd=REPO, capture_output=True, timeout=60)


def test_without_url_the_file_url_gives_the_id_and_site_is_recorded():
    proc = extract(PAGE, "--site", "tazhongyi")   # an unknown key is an error (issue 10)
    record = json.loads(proc.stdout.decode("utf-8"))
    assert proc.returncode == 0
    assert record["url"] == PAGE.resolve().as_uri() and record["id"] == article_id(PAGE.resolve().as_uri())
    assert record["site"] == "tazhongyi" and "crawled_at" not in record
    # Decoded from GBK bytes, printed as UTF-8 without \\u escapes.
    assert "泰安市中医医院举办中医药文化进社区义诊活动" in proc.stdout.decode("utf-8")


def test_a_page_without_title_exits_1_but_still_prints_one_object(tmp_path):
    page = tmp_path / "blank.html"
    page.write_bytes(b"<html><head></head><body><div></div></body></html>")
    proc = extract(page, "--url", "http://www.blank.test/a/1.html")
    assert proc.returncode == 1
    assert json.loads(proc.stdout.decode("utf-8"))["title"] is None
    assert b"no title" in proc.stderr


def test_listing_date_flag_reaches_the_extraction(tmp_path):
    page = tmp_path / "undated.html"
    page.write_text("<html><head><title>我院开展义诊活动_新闻中心_某某医院</title></head><body>"
                    "<h1>我院开展义诊活动</h1><div class='content'><p>近日，我院专家走进社区开展义诊，"
                    "为居民测量血压、血糖，并讲解慢病防治知识。</p></div></body></html>", "utf-8")
    with_date = json.loads(extract(page, "--url", "http://x.test/1.html", "--listing-date", "2024-03-05").stdout)
    without = json.loads(extract(page, "--url", "http://x.test/1.html").stdout)
    assert with_date["publish_time"] == "2024-03-05T00:00:00+08:00" and without["publish_time"] is None


def test_site_overrides_from_the_registry_replace_each_heuristic(tmp_path):
    # Class names that mislead the heuristics: the body is called "side", a long promo is called "content".
    page = tmp_path / "odd.html"
    page.write_text(
        "<html><head><title>某某医院</title></head><body>"
        "<div class='content'><p>本院始建于1950年，是一所集医疗、教学、科研于一体的综合医院，开放床位1200张，"
        "设有临床科室40个，医技科室10个，年门诊量100万人次，先后荣获多项国家级荣誉称号。</p></div>"
        "<div class='x1'>我院开展义诊</div><div class='x2'>日期：2024-03-05 08:00 作者：张三</div>"
        "<div class='side'><p>3月4日，我院专家走进社区开展义诊。</p></div>"
        "<script src='/inc/stat.js?n=1'></script></body></html>", "utf-8")
    registry = tmp_path / "sites.toml"
    registry.write_text(
        '[[site]]\nkey = "odd"\nname = "某某医院"\nstart_urls = ["http://odd.test/news/"]\n'
        '[site.overrides]\ntitle_css = "div.x1"\nbody_css = "div.side"\nmeta_css = "div.x2"\n'
        'counter_url = "http://odd.test/hits.asp?id={id}"\n', "utf-8")
    proc = extract(page, "--url", "http://odd.test/news/show.asp?id=42", "--site", "odd", "--registry", registry)
    record = json.loads(proc.stdout.decode("utf-8"))
    assert (record["site"], record["site_name"], record["title"]) == ("odd", "某某医院", "我院开展义诊")
    assert record["content"] == "3月4日，我院专家走进社区开展义诊。"
    assert record["publish_time"] == "2024-03-05T08:00:00+08:00"
    assert record["authors"] == [{"name": "张三", "role": "作者"}]
    assert record["counter_url"] == "http://odd.test/hits.asp?id=42"


def test_stdin_needs_a_url_and_gives_the_same_record():
    from_file = json.loads(extract(PAGE, "--url", "http://www.tazy.test/a/1234.html").stdout)
    cmd = [sys.executable, "-m", "hospitalnews.cli", "extract", "-", "--url", "http://www.tazy.test/a/1234.html"]
    from_stdin = subprocess.run(cmd, cwd=REPO, input=PAGE.read_bytes(), capture_output=True, timeout=60)
    assert json.loads(from_stdin.stdout) == from_file
    no_url = subprocess.run(cmd[:-2], cwd=REPO, input=PAGE.read_bytes(), capture_output=True, timeout=60)
    assert no_url.returncode == 2 and not no_url.stdout


def test_every_corpus_record_is_archivable_once_the_crawl_fields_are_added():
    """What ``extract`` prints plus site, site_name and crawled_at passes the archive's JSON Schema."""
    from hospitalnews.schema import article_validator
    from hospitalnews.tools.extract_cmd import page_record

    for case_file in sorted((FIXTURES / "detail_pages").glob("*.json")):
        case = json.loads(case_file.read_text("utf-8"))
        record = page_record(case_file.with_suffix(".html").read_bytes(), case["url"], encoding=case.get("encoding"),
                             listing_date=case.get("listing_date"), site="corpus", site_name="语料")
        record.pop("counter_url")
        errors = [e.message for e in article_validator().iter_errors({**record, "crawled_at": "2026-11-23T10:00:00+00:00"})]
        assert not errors, (case_file.name, errors)


def test_a_missing_file_is_an_error_message_not_a_traceback(tmp_path):
    proc = extract(tmp_path / "nope.html")
    assert proc.returncode == 2 and not proc.stdout and b"Traceback" not in proc.stderr
