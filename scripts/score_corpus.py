#!/usr/bin/env python3
"""Field-by-field score of `hospitalnews extract` on saved detail pages (the blind figure of a new batch).

usage: score_corpus.py [GLOB ...]   (default: every tests/fixtures/detail_pages/*.json)
Prints each page's wrong fields and the totals: pages fully right, fields right (of 13 per page).
"""
import json
import pathlib
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

REPO = pathlib.Path(__file__).resolve().parent.parent
PAGES = REPO / "tests" / "fixtures" / "detail_pages"
FIELDS = ("title", "category", "publish_time", "publish_time_raw", "source", "authors", "view_count",
          "view_count_raw", "summary", "content", "images", "attachments", "counter_url")


def run(case_file: pathlib.Path) -> tuple[pathlib.Path, dict | None]:
    case = json.loads(case_file.read_text("utf-8"))
    cmd = [sys.executable, "-m", "hospitalnews.cli", "extract", str(case_file.with_suffix(".html")), "--url", case["url"]]
    if case.get("encoding"):
        cmd += ["--encoding", case["encoding"]]
    if case.get("listing_date"):
        cmd += ["--listing-date", case["listing_date"]]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=120)
    try:
        return case_file, json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        return case_file, None


def main(globs: list[str]) -> None:
    files = sorted({p for g in (globs or ["*.json"]) for p in PAGES.glob(g if g.endswith(".json") else g + ".json")})
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, files))
    pages_right = fields_right = 0
    for case_file, record in results:
        want = json.loads(case_file.read_text("utf-8"))["fields"]
        wrong = [f for f in FIELDS if record is None or record.get(f) != want[f]]
        fields_right += len(FIELDS) - len(wrong)
        pages_right += not wrong
        if wrong:
            print(f"{case_file.stem}: " + ("no JSON" if record is None else ", ".join(wrong)))
            for f in wrong if record is not None else []:
                print(f"    {f}: want {json.dumps(want[f], ensure_ascii=False)[:150]}")
                print(f"    {' ' * len(f)}  got  {json.dumps(record.get(f), ensure_ascii=False)[:150]}")
    total = len(FIELDS) * len(results)
    print(f"pages fully right: {pages_right}/{len(results)}; fields right: {fields_right}/{total}"
          f" ({100 * fields_right / max(total, 1):.1f} %)")


if __name__ == "__main__":
    main(sys.argv[1:])
