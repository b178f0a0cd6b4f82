"""Extraction cost and accuracy: ``extract_article`` vs GNE, trafilatura, magic-html and newspaper4k.

Pages: the project's detail-page corpus (tests/fixtures/detail_pages, each with hand-written expected
fields). Every extractor gets the same pages in the same process; cost is CPU time per page
(``time.process_time``, so other load on the machine counts less), after one warm-up pass.
``extract_article`` is timed from the page's bytes (decoding included); the peers get the text as
decoded by the project (not timed), since GNE and newspaper4k do not decode GBK pages themselves.

Accuracy per field, only for fields an extractor returns:
- title: equal after removing spaces;
- publish_time: the same calendar day;
- authors: the same set of names (peers' author strings split at , ， 、 ; and spaces);
- content: character-bigram F1 against the expected text ≥ 0.9 counts as right (mean F1 printed too).
Pages whose expected value is null/empty are skipped for that field.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

from hospitalnews.extract.article import extract_article
from hospitalnews.extract.dates import parse_publish_time
from hospitalnews.extract.encoding import decode_html

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "fixtures" / "detail_pages"
FIELDS = ("title", "publish_time", "authors", "content")
_SPACES = re.compile(r"\s+")


def load_corpus(limit: int | None = None) -> list[dict]:
    cases = []
    for spec in sorted(CORPUS.glob("*.json"))[:limit]:
        case = json.loads(spec.read_text("utf-8"))
        body = spec.with_suffix(".html").read_bytes()
        case["body"] = body
        case["text"] = decode_html(body, case.get("encoding"))
        cases.append(case)
    return cases


def _bigrams(text: str) -> Counter:
    text = _SPACES.sub("", text or "")
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def content_f1(got: str | None, want: str | None) -> float:
    a, b = _bigrams(got or ""), _bigrams(want or "")
    if not a or not b:
        return 0.0
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _day(value) -> str | None:
    if value is None:
        return None
    if hasattr(value, "date"):
        return value.date().isoformat()
    moment = parse_publish_time(str(value), use_dateparser=False)
    return moment.date().isoformat() if moment else None


def _names(value) -> set[str]:
    if not value:
        return set()
    if isinstance(value, list):
        names = [v["name"] if isinstance(v, dict) else str(v) for v in value]
    else:
        names = [str(value)]
    return {n for name in names for n in re.split(r"[,，、;；\s]+", name) if n}


def right(field: str, got, want) -> bool:
    if field == "title":
        return _SPACES.sub("", got or "") == _SPACES.sub("", want or "")
    if field == "publish_time":
        return _day(got) == _day(want)
    if field == "authors":
        return _names(got) == _names(want)
    return content_f1(got, want) >= 0.9


# --- the extractors: name → (fields they return, function(case) -> {field: value}) ----------------

def ours(case: dict) -> dict:
    fields = extract_article(case["body"], case["url"], encoding=case.get("encoding"),
                             listing_date=case.get("listing_date"))
    return {"title": fields["title"], "publish_time": fields["publish_time"], "authors": fields["authors"],
            "content": fields["content"]}


def peers() -> dict:
    """The peers importable here: name → (function, or the reason it is skipped)."""
    found: dict = {}
    warnings.filterwarnings("ignore")
    try:
        from gne import GeneralNewsExtractor

        extractor = GeneralNewsExtractor()

        def gne(case):
            r = extractor.extract(case["text"])
            return {"title": r.get("title"), "publish_time": r.get("publish_time"), "authors": r.get("author"),
                    "content": r.get("content")}
        found["GNE 0.4.3"] = gne
    except ImportError as error:
        found["GNE 0.4.3"] = f"not installed ({error.name}): bench/run sets up .bench-venv"
    try:
        import trafilatura

        def traf(case):
            doc = trafilatura.bare_extraction(case["text"], url=case["url"], with_metadata=True)
            r = doc.as_dict() if hasattr(doc, "as_dict") else (doc or {})
            return {"title": r.get("title"), "publish_time": r.get("date"), "authors": r.get("author"),
                    "content": r.get("text")}
        found[f"trafilatura {trafilatura.__version__}"] = traf
    except ImportError as error:
        found["trafilatura 2.3"] = f"not installed ({error.name}): bench/run sets up .bench-venv"
    if sys.version_info < (3, 12):
        found["magic-html 0.1.8"] = (f"skipped: needs Python ≥ 3.12, this machine has "
                                     f"{sys.version_info.major}.{sys.version_info.minor}")
    else:
        try:
            from magic_html import GeneralExtractor

            magic = GeneralExtractor()

            def magic_html(case):
                r = magic.extract(case["text"], base_url=case["url"])
                text = re.sub(r"<[^>]+>", "\n", r.get("html") or "")
                return {"title": r.get("title"), "content": text}
            found["magic-html 0.1.8"] = magic_html
        except ImportError as error:
            found["magic-html 0.1.8"] = f"not installed ({error.name})"
    try:
        import newspaper

        def news4k(case):
            article = newspaper.Article(case["url"], language="zh")
            article.download(input_html=case["text"])
            article.parse()
            return {"title": article.title, "publish_time": article.publish_date, "authors": article.authors,
                    "content": article.text}
        found["newspaper4k 0.9.6"] = news4k
    except ImportError as error:
        found["newspaper4k 0.9.6"] = f"not installed ({error.name}): bench/run sets up .bench-venv"
    return found


def measure(function, cases: list[dict]) -> dict:
    for case in cases:  # warm-up, one pass over every page: imports (cn2an on the first Chinese numeral date), caches
        try:
            function(case)
        except Exception:
            pass
    times, outputs, errors = [], [], 0
    for case in cases:
        start = time.process_time()
        try:
            out = function(case)
        except Exception:
            out, errors = {}, errors + 1
        times.append((time.process_time() - start) * 1000)
        outputs.append(out)
    accuracy = {}
    for field in FIELDS:
        judged = [(out.get(field), case["fields"].get(field)) for out, case in zip(outputs, cases)
                  if field in out and case["fields"].get(field) not in (None, [], "")]
        if judged and any(field in out for out in outputs):
            accuracy[field] = sum(right(field, got, want) for got, want in judged) / len(judged)
    f1 = [content_f1(out.get("content"), case["fields"].get("content")) for out, case in zip(outputs, cases)
          if "content" in out and case["fields"].get("content")]
    return {"pages": len(cases), "median_ms": statistics.median(times), "max_ms": max(times),
            "mean_ms": statistics.fmean(times), "accuracy": accuracy,
            "content_f1": statistics.fmean(f1) if f1 else None, "errors": errors}


def run(limit: int | None = None, log=print) -> dict:
    cases = load_corpus(limit)
    results = {"hospitalnews extract_article": measure(ours, cases)}
    for name, function in peers().items():
        if isinstance(function, str):
            results[name] = {"skipped": function}
        else:
            results[name] = measure(function, cases)
    return results


def table(results: dict) -> list[str]:
    ours_ms = results["hospitalnews extract_article"]["median_ms"]
    lines = [f"  {'extractor':30} {'median':>8} {'max':>8} {'×ours':>6}   " +
             "  ".join(f"{f:>12}" for f in FIELDS) + "   content F1"]
    for name, r in results.items():
        if "skipped" in r:
            lines.append(f"  {name:30} {r['skipped']}")
            continue
        acc = "  ".join(f"{r['accuracy'][f] * 100:11.0f}%" if f in r["accuracy"] else f"{'—':>12}" for f in FIELDS)
        lines.append(f"  {name:30} {r['median_ms']:7.2f}ms {r['max_ms']:7.1f}ms {r['median_ms'] / ours_ms:6.1f}   {acc}"
                     + (f"   {r['content_f1']:.2f}" if r["content_f1"] is not None else "   —") + (f"  ({r['errors']} errors)" if r["errors"] else ""))
    return lines
