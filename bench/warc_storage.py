"""Disk cost of the WARC capture: bytes per article on the first night, and per night on reruns of an
unchanged site, for the bundled offline mirrors (real page sizes), crawled with the real `scrapy crawl`
through the mirror proxy.

    python -m bench.warc_storage

Per site: night 1 (everything new), night 2 (the nightly incremental rerun: robots.txt and the first
list pages, all unchanged → revisit records), and a `-a full=1` re-crawl (every page fetched again,
all revisits). Baselines from the same crawl: the bytes of the pages as received (uncompressed
payloads) and of the article archive (JSONL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from hospitalnews.offline import serve_mirrors

REPO = Path(__file__).resolve().parents[1]
SITES = {  # site key → scrapy arguments
    "sd_cancer": ["crawl", "sd_cancer"],
    "tazhongyi": ["crawl", "news", "-a", "site=tazhongyi"],
    "taianribao": ["crawl", "epaper", "-a", "paper=taianribao", "-a", "since=2024-02-01", "-a", "until=2024-02-29"],
}
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "LOG_LEVEL": "WARNING"}


def crawl(proxy_url: str, args: list[str], tmp: Path, n: int) -> dict:
    stats = tmp / f"stats-{n}.json"
    cmd = [sys.executable, "-m", "scrapy.cmdline", *args]
    for name, value in {**FAST, "ARCHIVE_DIR": tmp / "archive", "STATS_FILE": stats}.items():
        cmd += ["-s", f"{name}={value}"]
    env = {**os.environ, "http_proxy": proxy_url, "https_proxy": proxy_url, "no_proxy": ""}
    subprocess.run(cmd, cwd=REPO, env=env, check=True, capture_output=True)
    return json.loads(stats.read_text("utf-8"))


def warc_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.glob("*.warc.gz"))


def main() -> None:
    rows = []
    with serve_mirrors([REPO / "data" / "mirrors"]) as proxy, tempfile.TemporaryDirectory() as tmp_name:
        for site, args in SITES.items():
            tmp = Path(tmp_name) / site
            warc_dir, archive_dir = tmp / "warc" / site, tmp / "archive" / site
            first = crawl(proxy.url, args, tmp, 1)
            night1 = warc_bytes(warc_dir)
            articles = first.get("archive/written", 0)
            second = crawl(proxy.url, args, tmp, 2)
            night2 = warc_bytes(warc_dir) - night1
            third = crawl(proxy.url, args + ["-a", "full=1"], tmp, 3)
            full = warc_bytes(warc_dir) - night1 - night2
            archive = sum(p.stat().st_size for p in archive_dir.glob("*.jsonl"))
            rows.append({
                "site": site, "articles": articles, "pages": first.get("downloader/response_count", 0),
                "received_bytes": first.get("downloader/response_bytes", 0), "warc_night1": night1,
                "archive_bytes": archive, "rerun_pages": second.get("downloader/response_count", 0),
                "rerun_revisits": second.get("warc/records/revisit", 0), "rerun_responses": second.get("warc/records/response", 0),
                "warc_rerun": night2, "full_pages": third.get("downloader/response_count", 0),
                "full_revisits": third.get("warc/records/revisit", 0), "warc_full": full,
            })
    print(f"{'site':<11} {'articles':>8} {'pages':>5} {'received':>9} {'WARC n1':>8} {'WARC/art':>8} "
          f"{'JSONL/art':>9} {'rerun: pages':>12} {'revisit':>7} {'WARC':>6} {'full: pages':>11} {'WARC/page':>9}")
    for r in rows:
        print(f"{r['site']:<11} {r['articles']:>8} {r['pages']:>5} {r['received_bytes']:>9} {r['warc_night1']:>8} "
              f"{r['warc_night1'] / max(r['articles'], 1):>8.0f} {r['archive_bytes'] / max(r['articles'], 1):>9.0f} "
              f"{r['rerun_pages']:>12} {r['rerun_revisits']:>7} {r['warc_rerun']:>6} {r['full_pages']:>11} "
              f"{r['warc_full'] / max(r['full_pages'], 1):>9.0f}")
    print("WARC/art: night-1 WARC bytes per archived article (list pages, robots.txt and requests included); "
          "received: HTTP bytes as downloaded; rerun: the nightly incremental rerun of the unchanged site "
          "(every response a revisit record); full: a -a full=1 re-crawl, all revisits.")


if __name__ == "__main__":
    main()
