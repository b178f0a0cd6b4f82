"""Detail-page corpus: ``hospitalnews extract`` on saved pages of many CMS templates.

Each ``tests/fixtures/detail_pages/NAME.html`` (raw bytes, any encoding) has a hand-written
``NAME.json``: what the page exercises (``about``), its ``url`` (plus, when a crawl would know them,
the server's ``encoding`` and the list page's ``listing_date``) and every archive field expected. The real console command
runs for each page (all pages in one subprocess, see ``support.cli_runs``), so decoding, extraction and the
pipeline normalisers are all exercised together.
"""

from __future__ import annotations

import json

import pytest

from hospitalnews.urls import article_id

from ..support import FIXTURES, cli_runs

PAGES = FIXTURES / "detail_pages"
# The first test's setup runs every page (one process each, ~150 pages): on a loaded 2-core machine that
# alone can pass the suite's 300 s per-test timeout.
pytestmark = pytest.mark.timeout(900)
CASES = sorted(PAGES.glob("*.json"))
# Pages the extraction does not yet get fully right: stem → what goes wrong. Strict xfail: once a page is
# fixed its test fails until it is removed from here, so this list stays honest.
KNOWN_WEAK: dict[str, str] = {
    "81_wechat_article_hidden_content": "WeChat's #js_content is visibility:hidden until a script shows it: dropped "
                                        "as invisible, so content is the meta list and the date is lost",
    "83_date_in_heading_brackets": "a bracketed date inside the heading stays in the title and is not read as the date",
    "86_img_alt_caption_lazy": "a descriptive alt text is not used as the caption when no caption paragraph follows",
}
# Fields the extraction never fills for a hospital detail page (newspaper or crawl-time fields).
CONSTANT = {"site": None, "site_name": None, "kicker": None, "subtitle": None, "institutions": [], "schema_version": 1,
            "warc_record_id": None}   # a saved page has no WARC record
EXTRACTED = ("title", "category", "publish_time", "publish_time_raw", "source", "authors", "view_count",
             "view_count_raw", "summary", "content", "images", "attachments", "counter_url")


def extract_argv(page, case: dict) -> list[str]:
    """The ``hospitalnews`` arguments for one saved page: its own --url (and --encoding/--listing-date)."""
    argv = ["extract", str(page), "--url", case["url"]]
    if case.get("encoding"):
        argv += ["--encoding", case["encoding"]]
    if case.get("listing_date"):
        argv += ["--listing-date", case["listing_date"]]
    return argv


@pytest.fixture(scope="module")
def outputs(request, tmp_path_factory) -> dict:
    """Every selected page's ``hospitalnews extract`` run with its own arguments (exit status, stdout, stderr).

    All runs share one subprocess (``cli_runs``). The batch form (``extract a.html b.html …``) does not fit:
    it names each page by its file:// URI and applies one --encoding/--listing-date to all, while every
    corpus page needs its own http URL (the id, resolved image/attachment links and counter_url follow it).
    """
    selected = [item.callspec.params["case_file"] for item in request.session.items
                if getattr(item, "originalname", None) == "test_extract_command_gives_every_field"]
    cases = {p: json.loads(p.read_text("utf-8")) for p in selected}
    runs = cli_runs([extract_argv(p.with_suffix(".html"), case) for p, case in cases.items()],
                    tmp_path_factory.mktemp("corpus"))
    return dict(zip(cases, runs))


def test_corpus_is_varied():
    assert len(CASES) >= 24
    for case_file in CASES:
        assert case_file.with_suffix(".html").exists(), case_file
        case = json.loads(case_file.read_text("utf-8"))
        assert case["about"] and set(case["fields"]) == set(EXTRACTED), case_file.name


@pytest.mark.parametrize("case_file", [
    pytest.param(p, id=p.stem, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_WEAK[p.stem])] if p.stem in KNOWN_WEAK else [])
    for p in CASES])
def test_extract_command_gives_every_field(case_file, outputs):
    case = json.loads(case_file.read_text("utf-8"))
    proc = outputs[case_file]
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    record = json.loads(proc.stdout.decode("utf-8"))  # exactly one JSON object on stdout
    assert record["id"] == article_id(case["url"]) and record["url"] == case["url"]
    assert {k: record[k] for k in CONSTANT} == CONSTANT
    assert set(record) == {"id", "url", *CONSTANT, *EXTRACTED}
    wrong = {name: {"expected": case["fields"][name], "got": record[name]}
             for name in EXTRACTED if record[name] != case["fields"][name]}
    assert not wrong, case["about"] + "\n" + json.dumps(wrong, ensure_ascii=False, indent=1)
