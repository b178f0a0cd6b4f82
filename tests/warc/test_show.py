"""`hospitalnews show`: the stored page by URL, by WARC record id and by article id; one-line errors."""

import json

import pytest

from hospitalnews.cli import main

from ..support import REPO, scrapy_command

PAGE = "http://www.sd-cancer.com/news_hos/2023/Kx7pQ2mA.html"
MIRRORED = REPO / "data" / "mirrors" / "www.sd-cancer.com" / "news_hos" / "2023" / "Kx7pQ2mA.html"


@pytest.fixture(scope="module")
def capture(mirror, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("show")
    result = scrapy_command(mirror.url, ["crawl", "sd_cancer"], tmp)
    assert result.returncode == 0
    article = next(json.loads(line) for path in (tmp / "archive" / "sd_cancer").glob("*.jsonl")
                   for line in path.read_text("utf-8").splitlines() if json.loads(line)["url"] == PAGE)
    return tmp, article


def show(capsys, tmp, *args):
    code = main(["show", *args, "--archive", str(tmp / "archive")])
    out, err = capsys.readouterr()
    return code, out, err


def test_by_url_record_id_and_article_id_print_the_page(capture, capsys):
    tmp, article = capture
    page = MIRRORED.read_bytes().decode("utf-8")
    for target in (PAGE, article["warc_record_id"], f"<{article['warc_record_id']}>", article["id"]):
        code, out, err = show(capsys, tmp, target)
        assert (code, err) == (0, "")
        assert out == page, target


def test_headers_first(capture, capsys):
    tmp, _ = capture
    code, out, _ = show(capsys, tmp, PAGE, "--headers")
    head, _, body = out.partition("\n\n")
    assert code == 0 and head.splitlines()[:2] == [PAGE, "200"]
    assert "Content-Type: text/html; charset=utf-8" in head.splitlines()
    assert body.startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("target, code, message", [
    ("http://www.sd-cancer.com/never-fetched.html", 1, "is not in the WARC capture"),
    ("urn:uuid:00000000-0000-0000-0000-000000000000", 1, "is not in the WARC capture"),
    ("0123456789abcdef", 1, "no archived article with id"),
    ("not a thing", 2, "neither a URL"),
])
def test_what_is_not_stored_is_one_line_and_an_exit_status(capture, capsys, target, code, message):
    tmp, _ = capture
    got, out, err = show(capsys, tmp, target)
    assert got == code and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_without_archive_the_data_directory_is_found_from_any_working_directory(capture, capsys, monkeypatch, tmp_path):
    """No --archive: the checkout's data/ (here HOSPITALNEWS_DATA_DIR, paths.py), never the working directory's."""
    tmp, article = capture
    monkeypatch.setenv("HOSPITALNEWS_DATA_DIR", str(tmp))
    monkeypatch.chdir(tmp_path)
    assert main(["show", article["id"]]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out == MIRRORED.read_bytes().decode("utf-8")
