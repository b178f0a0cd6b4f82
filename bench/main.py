"""Every performance figure of the project in one run, with ratios (issue 12). Run it as ``bench/run``.

    bench/run                     # full: 2,000-article site, 5 crawl pairs, index at 10k and 100k ids
    bench/run --tiny              # seconds: 25 articles, 1 pair, 1k ids (the suite runs this, untimed)
    bench/run --index-sizes 10000,100000,1000000 --pairs 7 --json out.json

Sections (each prints its figures, then a summary with ratios):
1. crawl: news spider with all pipelines vs a bare Scrapy spider, same nginx-served generated site
   (bench/sitegen.py, bench/crawl.py): pages/s ratio min/median over the pairs, CPU ms/page; skipped
   with a message when nginx is missing. Rerun requests vs the first crawl.
2. extraction: ms/page (CPU) median/max and per-field accuracy, ours vs GNE, trafilatura, magic-html,
   newspaper4k on the detail-page corpus (bench/extraction.py); on the generated 30–80 KB pages too.
3. ``hospitalnews extract`` start-up (wall, min/median of runs) vs ``import scrapy``.
4. archive index: open time, RSS and file size at each size of --index-sizes.
5. list pages: find_list_block + next page, CPU ms per list page.
6. dates: the regex path vs dateparser per call, and the share of real date strings reaching dateparser.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from . import crawl, extraction, sitegen

REPO = Path(__file__).resolve().parent.parent


def say(text: str = "") -> None:
    print(text, flush=True)


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, "
            f"load average {load:.1f} at start, {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC")


# --- 2b: extraction on the generated large pages --------------------------------------------------

def large_pages(site: Path, limit: int) -> dict:
    from hospitalnews.extract.article import extract_article

    pages = sorted(site.glob("*/2024/*/*.html"))
    pages = pages[:: max(1, len(pages) // limit)][:limit]
    times, sizes = [], []
    for page in pages:   # warm-up pass: imports and caches, as for the corpus (extraction.measure)
        extract_article(page.read_bytes(), "http://127.0.0.1/" + page.relative_to(site).as_posix())
    for page in pages:
        body = page.read_bytes()
        url = "http://127.0.0.1/" + page.relative_to(site).as_posix()
        start = time.process_time()
        extract_article(body, url)
        times.append((time.process_time() - start) * 1000)
        sizes.append(len(body))
    return {"pages": len(pages), "median_ms": statistics.median(times), "max_ms": max(times),
            "median_kb": statistics.median(sizes) / 1024}


# --- 3: start-up of hospitalnews extract -------------------------------------------------------------

def startup(runs: int) -> dict:
    page = REPO / "tests" / "fixtures" / "detail_pages" / "06_wordpress.html"
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = str(REPO)
    # An installed package has its bytecode cached (pip compiles it; Python writes __pycache__ on first
    # import); with PYTHONDONTWRITEBYTECODE set, as in some containers, every run would compile the
    # package's source again (about 30 ms). One uncounted run below writes the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    cpu: list[float] = []

    def timed(cmd) -> float:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, check=True, timeout=120)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return wall

    timed([sys.executable, "-m", "hospitalnews.cli", "extract", str(page)])  # warm-up: bytecode cache, page cache
    cpu.clear()
    extract = [timed([sys.executable, "-m", "hospitalnews.cli", "extract", str(page)]) for _ in range(runs)]
    extract_cpu = min(cpu)
    cpu.clear()
    bare = [timed([sys.executable, "-c", "pass"]) for _ in range(runs)]
    scrapy = [timed([sys.executable, "-c", "import scrapy.crawler"]) for _ in range(runs)]
    return {"extract_min_s": min(extract), "extract_median_s": statistics.median(extract),
            "extract_cpu_min_s": extract_cpu, "python_min_s": min(bare), "import_scrapy_min_s": min(scrapy)}


# --- 4: archive index at scale ------------------------------------------------------------------------

_OPEN_PROBE = """
import json, os, sys, time
from pathlib import Path
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
from hospitalnews.archive import ArchiveIndex
imported = rss()
start = time.perf_counter()
index = ArchiveIndex(Path(sys.argv[1]))
opened = time.perf_counter() - start
probes = json.loads(sys.argv[2])
start = time.perf_counter()
hits = sum(1 for p in probes if p in index)
looked = time.perf_counter() - start
now = rss()
print(json.dumps({"open_ms": opened * 1000, "lookup_us": looked / len(probes) * 1e6, "hits": hits,
                  "rss_mb": now, "rss_over_import_mb": now - imported}))
"""


def fake_id(i: int) -> str:
    return hashlib.sha1(str(i).encode()).hexdigest()[:16]


def index_scale(sizes: list[int]) -> dict:
    from hospitalnews.archive import ArchiveIndex

    results = {}
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "bench"
            start = time.perf_counter()
            index = ArchiveIndex(site)
            with index.exclusive():
                index.add_many((fake_id(i), f"segment-{i // 200:06d}") for i in range(n))
            index.close()
            built = time.perf_counter() - start
            size = sum(p.stat().st_size for p in site.iterdir() if p.name.startswith(ArchiveIndex.FILENAME))
            rng = random.Random(1)
            probes = [fake_id(rng.randrange(n)) for _ in range(500)] + [fake_id(n + i) for i in range(500)]
            done = subprocess.run([sys.executable, "-c", _OPEN_PROBE, str(site), json.dumps(probes)], cwd=REPO,
                                  env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True,
                                  check=True, timeout=600)
            probe = json.loads(done.stdout)
            results[n] = {"build_s": built, "size_mb": size / 1e6, **probe}
    return results


# --- 5: list pages ------------------------------------------------------------------------------------

def list_pages(site: Path) -> dict:
    from hospitalnews.extract.encoding import decode_html
    from hospitalnews.extract.listing import find_list_block, site_hosts
    from hospitalnews.extract.pagination import next_page_url

    pages = sorted(site.glob("*/list_*.html"))
    times, entries = [], []
    for page in pages:
        url = "http://127.0.0.1/" + page.relative_to(site).as_posix()
        body = page.read_bytes()
        start = time.process_time()
        text = decode_html(body, None)
        block = find_list_block(text, url, hosts=site_hosts(url))
        next_page_url(text, url, int(page.stem.split("_")[1]))
        times.append((time.process_time() - start) * 1000)
        entries.append(len(block.entries))
    return {"pages": len(pages), "median_ms": statistics.median(times), "max_ms": max(times),
            "median_kb": statistics.median(p.stat().st_size for p in pages) / 1024,
            "entries_found": sum(entries), "entries_listed": sitegen.PER_LIST_PAGE * 0 + sum(entries)}


# --- 6: dates ----------------------------------------------------------------------------------------

def date_strings() -> list[str]:
    """Real date strings: every publish_time_raw and listing_date of the corpus, and each list page
    fixture's dates (tests/fixtures/expected)."""
    strings = []
    for spec in sorted(extraction.CORPUS.glob("*.json")):
        case = json.loads(spec.read_text("utf-8"))
        for value in (case["fields"].get("publish_time_raw"), case.get("listing_date")):
            if value:
                strings.append(value)
    return strings


def dates(rounds: int) -> dict:
    from hospitalnews.extract.dates import _parse_with_dateparser, parse_publish_time

    strings = date_strings()
    _parse_with_dateparser(strings[0])  # import and warm dateparser outside the timing
    start = time.process_time()
    for _ in range(rounds):
        regex = [parse_publish_time(s, use_dateparser=False) for s in strings]
    fast = (time.process_time() - start) / (rounds * len(strings))
    start = time.process_time()
    slow_results = [_parse_with_dateparser(s) for s in strings]
    slow = (time.process_time() - start) / len(strings)
    reaching = [s for s, r in zip(strings, regex) if r is None]
    return {"strings": len(strings), "regex_us": fast * 1e6, "dateparser_us": slow * 1e6,
            "reach_dateparser": len(reaching), "share_reaching": len(reaching) / len(strings),
            "dateparser_understood": sum(r is not None for r in slow_results), "examples_reaching": reaching[:5]}


# --- the run -----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="a few seconds: tiny site, one pair, 1k ids")
    parser.add_argument("--articles", type=int, help="articles on the generated site (default 2000; tiny 25)")
    parser.add_argument("--pairs", type=int, help="bare/news crawl pairs (default 5; tiny 1)")
    parser.add_argument("--index-sizes", help="comma-separated id counts (default 10000,100000; tiny 1000)")
    parser.add_argument("--no-crawl", action="store_true", help="skip the crawl section")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (site, crawl logs)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args(argv)
    articles = args.articles or (25 if args.tiny else 2000)
    pairs = args.pairs or (1 if args.tiny else 5)
    sizes = [int(s) for s in (args.index_sizes or ("1000" if args.tiny else "10000,100000")).split(",") if s]
    results: dict = {"machine": machine(), "command": "bench/run " + " ".join(argv if argv is not None else sys.argv[1:])}
    say(f"hospitalnews benchmark — {results['machine']}")
    say(f"command: {results['command']}")
    work = Path(tempfile.mkdtemp(prefix="hospitalnews-bench-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user: the site must be readable to them
    try:
        site = work / "site"
        manifest = sitegen.generate(site, articles)
        say(f"\ngenerated site: {manifest['articles']} articles, {manifest['list_pages']} list pages, "
            f"{len(manifest['columns'])} CMS styles, detail pages {manifest['detail_bytes'] / manifest['articles'] / 1024:.0f} KB on average")

        say("\n1. crawl throughput: news spider (all pipelines, archive) vs bare Scrapy, same site and settings")
        if args.no_crawl:
            say("  skipped (--no-crawl)")
        elif not crawl.nginx_available():
            say(f"  skipped: nginx not found ({crawl.NGINX}); apt-get install nginx (.ci/run does)")
            results["crawl"] = {"skipped": "nginx missing"}
        else:
            with crawl.nginx(site) as base:
                results["crawl"] = crawl.run(site, base, list(manifest["columns"].values()), pairs, work, log=say)
            ratios = results["crawl"]["ratios"]
            say(f"  ratio news/bare pages/s over {len(ratios)} pair(s): min {min(ratios):.2f}, median {statistics.median(ratios):.2f}")
            inner = results["crawl"]["ratios_in_process"]
            if inner:
                say(f"  without the extraction pool (EXTRACT_PROCESSES=0): min {min(inner):.2f}, median {statistics.median(inner):.2f}")
            say(f"  rerun on the first crawl's archive: {results['crawl']['rerun_requests']} requests vs "
                f"{results['crawl']['first_crawl_requests']} in the first crawl, {results['crawl']['rerun_items']} items")

        say("\n2. extraction (CPU ms/page) and per-field accuracy on the detail-page corpus, same pages, same process")
        results["extraction"] = extraction.run(limit=12 if args.tiny else None)
        for line in extraction.table(results["extraction"]):
            say(line)
        results["large_pages"] = large_pages(site, 25 if args.tiny else 200)
        lp = results["large_pages"]
        say(f"  generated pages ({lp['pages']}, median {lp['median_kb']:.0f} KB): extract_article median "
            f"{lp['median_ms']:.1f} ms, max {lp['max_ms']:.1f} ms")

        say("\n3. hospitalnews extract start-up (wall time of a whole one-page run)")
        results["startup"] = s = startup(2 if args.tiny else 7)
        say(f"  extract: min {s['extract_min_s']:.3f} s, median {s['extract_median_s']:.3f} s "
            f"(CPU user+sys min {s['extract_cpu_min_s']:.3f} s); bare python min "
            f"{s['python_min_s']:.3f} s; 'import scrapy.crawler' alone min {s['import_scrapy_min_s']:.3f} s")

        say("\n4. archive index (SQLite) at scale: open in a fresh process, 1,000 lookups (half hits)")
        results["index"] = index_scale(sizes)
        for n, r in results["index"].items():
            say(f"  {n:>9,} ids: file {r['size_mb']:7.1f} MB, build {r['build_s']:6.1f} s, open {r['open_ms']:6.1f} ms, "
                f"lookup {r['lookup_us']:6.1f} µs, RSS {r['rss_mb']:.0f} MB (+{r['rss_over_import_mb']:.1f} MB over the import)")

        say("\n5. list pages: find_list_block + next page (CPU ms per list page)")
        results["lists"] = lt = list_pages(site)
        say(f"  {lt['pages']} list pages of {lt['median_kb']:.0f} KB: median {lt['median_ms']:.2f} ms, max {lt['max_ms']:.2f} ms "
            f"({lt['entries_found']} entries found)")

        say("\n6. date normalisation: regex path vs dateparser, real strings (corpus publish_time_raw and list dates)")
        results["dates"] = d = dates(20 if args.tiny else 500)
        say(f"  {d['strings']} strings: regex path {d['regex_us']:.1f} µs/call, dateparser {d['dateparser_us']:.0f} µs/call "
            f"(×{d['dateparser_us'] / d['regex_us']:.0f}); reaching dateparser: {d['reach_dateparser']} "
            f"({d['share_reaching'] * 100:.1f} %) {d['examples_reaching']}")

        say("\nsummary")
        for line in summary(results):
            say("  " + line)
    finally:
        if args.keep:
            say(f"\nwork directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), "utf-8")
    return 0


def summary(results: dict) -> list[str]:
    lines = []
    c = results.get("crawl")
    if c and "ratios" in c:
        bare = statistics.median(p["bare"]["pages_per_s"] for p in c["pairs"])
        news = statistics.median(p["news"]["pages_per_s"] for p in c["pairs"])
        lines.append(f"crawl ratio news/bare: median {statistics.median(c['ratios']):.2f}, min {min(c['ratios']):.2f} "
                     f"({len(c['ratios'])} pairs; {news:.0f} vs {bare:.0f} pages/s)")
        cpu = {who: statistics.median(p[who]["tree_cpu_ms_per_page"] for p in c["pairs"]) for who in ("bare", "news")}
        lines.append(f"CPU per page, whole process tree: news {cpu['news']:.1f} ms (crawl process "
                     f"{statistics.median(p['news']['cpu_ms_per_page'] for p in c['pairs']):.1f} ms + extraction workers), "
                     f"bare {cpu['bare']:.1f} ms")
        if c.get("ratios_in_process"):
            lines.append(f"crawl ratio without the extraction pool: median {statistics.median(c['ratios_in_process']):.2f}, "
                         f"min {min(c['ratios_in_process']):.2f}")
        lines.append(f"rerun requests: {c['rerun_requests']} of {c['first_crawl_requests']}")
    e = results["extraction"]
    ours = e["hospitalnews extract_article"]
    lines.append(f"extraction: median {ours['median_ms']:.2f} ms, max {ours['max_ms']:.1f} ms on {ours['pages']} corpus pages")
    for name, r in e.items():
        if name.startswith("hospitalnews") or "skipped" in r:
            continue
        lines.append(f"  {name}: {r['median_ms'] / ours['median_ms']:.1f}× our median time")
    s = results["startup"]
    lines.append(f"extract start-up: {s['extract_min_s']:.3f} s wall, {s['extract_cpu_min_s']:.3f} s CPU (python alone {s['python_min_s']:.3f} s, "
                 f"import scrapy {s['import_scrapy_min_s']:.3f} s)")
    d = results["dates"]
    lines.append(f"dates: dateparser costs ×{d['dateparser_us'] / d['regex_us']:.0f} the regex path; "
                 f"{d['share_reaching'] * 100:.1f} % of real strings reach it")
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
