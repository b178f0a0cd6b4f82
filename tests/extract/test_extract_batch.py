"""``hospitalnews extract`` as a batch tool: files and directories in, JSON lines out, no Scrapy import."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from ..support import FIXTURES, REPO

PAGES = sorted((FIXTURES / "detail_pages").glob("0[1-4]*.html"))


def extract(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hospitalnews.cli", "extract", *map(str, args)],
                          cwd=REPO, capture_output=True, timeout=60)


def test_a_directory_and_files_give_one_json_line_per_page_in_order(tmp_path):
    folder = tmp_path / "saved" / "deeper"
    folder.mkdir(parents=True)
    for page in PAGES[:2]:
        shutil.copy(page, folder / page.name)
    (folder / "notes.txt").write_text("not a page")
    proc = extract(tmp_path / "saved", *PAGES[2:])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["url"].rsplit("/", 1)[1] for r in records] == [p.name for p in PAGES]
    # each line is what the one-page form prints for that page
    single = json.loads(extract(PAGES[2]).stdout)
    assert records[2] == single


def test_a_bad_page_is_one_line_on_stderr_and_the_batch_goes_on(tmp_path):
    shutil.copy(PAGES[0], tmp_path / "a.html")
    (tmp_path / "b.html").write_bytes(b"\x00\x01\x02\x03" * 10)
    (tmp_path / "c.html").write_bytes("<html><body><div><p>只有一段正文，没有任何标题。</p></div></body></html>".encode())
    shutil.copy(PAGES[1], tmp_path / "d.html")
    proc = extract(tmp_path)
    assert proc.returncode == 1
    assert len(proc.stdout.decode("utf-8").splitlines()) == 3  # a, c (untitled, still printed), d
    errors = proc.stderr.decode("utf-8").splitlines()
    assert any("b.html" in e and "binary" in e for e in errors)
    assert errors[-1].endswith("4 pages, 1 failed, 1 without a title (a crawl would drop those)")
    assert "Traceback" not in proc.stderr.decode("utf-8")


def test_user_mistakes_are_one_line_and_write_nothing(tmp_path):
    for args in ([tmp_path / "missing.html", PAGES[0]], [tmp_path, "--url", "http://x.test/1.html"],
                 [tmp_path]):  # an empty directory
        proc = extract(*args)
        assert proc.returncode == 2 and proc.stdout == b""
        assert len(proc.stderr.decode("utf-8").strip().splitlines()) == 1


def test_one_page_with_jsonl_is_one_line():
    proc = extract(PAGES[0], "--jsonl")
    assert proc.returncode == 0 and len(proc.stdout.splitlines()) == 1


def test_the_extract_path_imports_no_scrapy():
    code = ("import sys\nfrom hospitalnews import cli\ncli.main(['extract', sys.argv[1]])\n"
            "assert 'scrapy' not in sys.modules and 'itemadapter' not in sys.modules, 'scrapy imported'\n")
    proc = subprocess.run([sys.executable, "-c", code, str(PAGES[0])], cwd=REPO, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode("utf-8")
