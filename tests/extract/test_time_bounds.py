"""Bounded cost: no public function of ``hospitalnews.extract`` takes long on any input under 100 KB.

The issue's bound is 50 ms per call on inputs under 100 KB. The machine is shared and loaded, so a wall
clock bound would flake: every call is measured in CPU time (``time.process_time``, which other
processes do not inflate) and compared with a trivial baseline measured in the same run, right next
to it — parsing a 100 KB page with lxml, a linear job of a few milliseconds. ``BOUND`` baselines is
generous (a quadratic regex on 100 KB costs seconds, thousands of baselines) but meaningful: it is about
50 ms on an idle machine.

Inputs: hypothesis builds the shapes that make backtracking regexes explode — a prefix, a short motif
repeated up to 100 KB, a suffix — from the characters the extraction regexes care about (spaces,
ideographic spaces, newlines, digits, 年月日, role labels, colons, slashes, brackets); plus the hostile
inputs the issue names. Every public function is called with them (each parameter filled by its type:
text, bytes, URL, parsed tree, element, list of lines); any exception fails the test.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import statistics
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hospitalnews.extract as extract_pkg
from hospitalnews.extract.article import extract_article
from hospitalnews.extract.counts import parse_view_count
from hospitalnews.extract.document import parse_document

from ..support import FIXTURES

PAGES = FIXTURES / "detail_pages"
URL = "http://www.h.test/news/2024/0301/123.html"
MAX_INPUT = 100_000
BOUND = 40  # baselines (CPU time) a call may take; ≈ 50 ms when lxml parses 100 KB in ~1.3 ms


def _public_functions():
    found = []
    for info in sorted(pkgutil.iter_modules(extract_pkg.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"hospitalnews.extract.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if not name.startswith("_") and fn.__module__ == module.__name__:
                found.append((f"{info.name}.{name}", fn))
    return found


PUBLIC = _public_functions()
_ELEMENT_NAMES = {"el", "element", "root", "content", "after"}
_URL_NAMES = {"url", "base_url", "page_url"}


def _argument(param: inspect.Parameter, text: str, tree):
    """A value for ``param`` made from ``text``: by its annotation, else by its name."""
    note = str(param.annotation)
    name = param.name
    if name in _ELEMENT_NAMES and note in ("<class 'inspect._empty'>", "inspect._empty"):
        return tree
    if name in _URL_NAMES:
        return URL
    if name in ("body",) and "bytes" in note:
        return text.encode("utf-8", "surrogatepass")
    if note.startswith("list[tuple") or name in ("credits", "links"):
        lines = text.splitlines() or [text]
        return [(line[:20], line) for line in lines[:200]]
    if note.startswith("list[") or name in ("pieces", "headlines", "paragraphs"):
        return (text.splitlines() or [text])[:2000]
    if "datetime" in note or "date" == note:
        return None
    if note in ("int", "int | None") or name in ("page", "records_on_page", "total_records", "default_year"):
        return 2
    if "Iterable" in note:
        return ("医院", "卫健委")
    if "dict" in note:
        return None
    if "bool" == note:
        return False
    return text


def call_with(fn, text: str):
    """Call ``fn`` with every required parameter filled from ``text`` (keyword-only ones too)."""
    tree = parse_document(text)
    args, kwargs = [], {}
    for param in inspect.signature(fn).parameters.values():
        if param.default is not inspect.Parameter.empty:
            continue
        if param.kind is inspect.Parameter.KEYWORD_ONLY:
            kwargs[param.name] = _argument(param, text, tree)
        elif param.kind in (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD):
            args.append(_argument(param, text, tree))
    return fn(*args, **kwargs)


_REFERENCE_PAGE = ((PAGES / "01_trs_wcm.html").read_bytes().decode("utf-8", "replace") * 40)[:MAX_INPUT]


def _cpu(job) -> float:
    start = time.process_time()
    job()
    return time.process_time() - start


def baseline() -> float:
    """CPU seconds lxml takes to parse a 100 KB page: the trivial, linear unit of this run."""
    return statistics.median(_cpu(lambda: parse_document(_REFERENCE_PAGE)) for _ in range(3))


def over_bound(job, unit: float | None = None) -> tuple[float, float] | None:
    """``(took, unit)`` when ``job`` costs more than ``BOUND`` baselines in each of three tries, else None.
    ``unit`` is a baseline just measured (for the first try); the retries measure their own."""
    worst = None
    for attempt in range(3):
        unit = unit if attempt == 0 and unit is not None else baseline()
        took = _cpu(job)
        if took <= BOUND * max(unit, 1e-4):
            return None
        worst = (took, unit)
    return worst


# Functions still slow (or raising) on some hostile input, with the input: they belong to the credits/dates rebuild
# (issue 8, "Credits and bylines" / "Dates", another branch). Not run here (one call costs up to a minute);
# once that work is merged, empty this and the test covers them too.
KNOWN_SLOW = {
    # listing.py: bounded but over the bound on a <title> of 10,000 newlines (not yet rewritten)
    "listing.entry_date": "0.23 s on 10,000 newlines",
}
CHECKED = [(name, fn) for name, fn in PUBLIC if name not in KNOWN_SLOW]


def _check(text: str, label: str, functions=None):
    assert len(text) <= MAX_INPUT
    slow = []
    unit = baseline()
    for name, fn in functions or CHECKED:
        try:
            verdict = over_bound(lambda: call_with(fn, text), unit)
        except Exception as exc:  # noqa: BLE001 - any exception is the failure this test reports
            pytest.fail(f"{name} raised {type(exc).__name__}: {exc} on {label}")
        if verdict:
            slow.append(f"{name}: {verdict[0] * 1000:.0f} ms (baseline {verdict[1] * 1000:.1f} ms)")
    assert not slow, f"over {BOUND} baselines on {label}:\n" + "\n".join(slow)


# The characters the extraction regexes are written around.
_ALPHABET = list(" \u3000\u00a0\t\n\r:：/|｜-_.,，。、（）()【】[]<>\"'=?&#;0123456789年月日时分秒次万亿千"
                 "作者文图摄影记者通讯员编辑审核校对来源发布时间浏览阅读点击访问供稿本报讯责任一二三十〇零")
_ALPHABET += ["<p>", "</p>", "<br>", "<script src=\"/c.php?id=1\">", "</script>", "<title>", "</title>",
              "<h1>", "</h1>", "data:image/png;base64,", "QUJD", "&amp;", "＆", "记者 ", "编辑：", "2024-03-05 "]


@st.composite
def hostile_text(draw):
    pieces = st.sampled_from(_ALPHABET)
    prefix = "".join(draw(st.lists(pieces, max_size=8)))
    motif = "".join(draw(st.lists(pieces, min_size=1, max_size=6)))
    suffix = "".join(draw(st.lists(pieces, max_size=8)))
    room = (MAX_INPUT // 4 - len(prefix) - len(suffix)) // max(len(motif), 1)
    # Half the examples are long: backtracking only shows on long runs.
    times = draw(st.one_of(st.integers(min_value=1, max_value=50), st.just(max(1, room))))
    return prefix + motif * times + suffix


@pytest.mark.slow
@settings(max_examples=16, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=hostile_text())
def test_no_public_extraction_function_is_slow_or_raises(text):
    _check(text, f"{len(text)} chars starting {text[:40]!r}")


# The inputs the issue measured (seconds each before the fix), and the shapes they stand for.
HOSTILE = {
    "97-char credit line": "记者 " + "张三 " * 30 + "通讯员" + " 李四" * 2,
    "credit line of names and spaces": "文/" + "王文杰 " * 2000 + "编辑：",
    "base64 image 100 KB": '<p>浏览：<img src="data:image/png;base64,' + "QUJDRA" * 16_000 + '"></p>',
    "base64 script src": '<script src="data:text/javascript;base64,' + "QUJD" * 20_000 + '"></script>',
    "title of 10,000 newlines": "<html><head><title>" + "\n" * 10_000 + "</title></head><body><p>正文。</p></body></html>",
    "meta line with 32,000 spaces": "<div>发布时间：" + " " * 32_000 + "2024</div>",
    "32,000 ideographic spaces": "来源：" + "\u3000" * 32_000 + "x",
    "digits and separators": "2024-" * 15_000,
    "a date label repeated": "发布时间：" * 12_000,
    "brackets unclosed": "（" * 30_000 + "记者",
    "nested tags": "<div>" * 5_000 + "正文，内容。" + "</div>" * 5_000,
}


@pytest.mark.parametrize("name", [pytest.param(name, marks=[pytest.mark.xfail(run=False, reason=KNOWN_SLOW[name])]
                                                if name in KNOWN_SLOW else []) for name, _ in PUBLIC])
def test_the_hostile_inputs_are_cheap(name):
    fn = dict(PUBLIC)[name]
    for label, text in HOSTILE.items():
        _check(text, label, [(name, fn)])


@pytest.mark.parametrize("text", ["", " ", "\n\n", "</p>", "<!--", "<?xml version='1.0'?>", "\ud800", "<", "\x00"])
def test_degenerate_pages_raise_nothing(text):
    for name, fn in CHECKED:
        try:
            call_with(fn, text)
        except Exception as exc:  # noqa: BLE001
            pytest.fail(f"{name} raised {type(exc).__name__}: {exc} on {text!r}")


def test_a_huge_count_does_not_raise():
    assert parse_view_count("2" * 301 + "亿") is None  # no view count has 300 digits
    assert parse_view_count("1.2亿") == 120_000_000


def test_no_extraction_of_a_corpus_page_is_slow():
    """``extract_article`` on every corpus page: under the bound (≈ 50 ms idle) relative to the baseline."""
    slow = []
    unit = baseline()
    for case_file in sorted(PAGES.glob("*.json")):
        case = json.loads(case_file.read_text("utf-8"))
        body = case_file.with_suffix(".html").read_bytes()
        verdict = over_bound(lambda: extract_article(body, case["url"], encoding=case.get("encoding"),
                                                     listing_date=case.get("listing_date")), unit)
        if verdict:
            slow.append(f"{case_file.stem}: {verdict[0] * 1000:.0f} ms (baseline {verdict[1] * 1000:.1f} ms)")
    assert not slow, "\n".join(slow)
