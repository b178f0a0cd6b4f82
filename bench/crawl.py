"""Crawl throughput: the ``news`` spider with every pipeline vs a bare Scrapy spider, same site, same settings.

The site (bench/sitegen.py) is served by nginx (a non-daemon child with a generated config on a free
port). Each pair runs the bare spider and the news spider one after the other (order alternating) with
the same settings: no delay, no AutoThrottle, no robots.txt, 16 concurrent requests, view counters off
(the bare spider fetches none). Throughput is Scrapy's own ``response_received_count /
elapsed_time_seconds`` of each crawl, so process start-up is not counted; CPU per page (user+sys of the
``scrapy`` process, start-up included) is reported beside it, and the CPU of the whole process tree
(the crawl process and its extraction workers, ``TreeCpu``).

After the pairs, the news spider runs once more on the archive its first crawl wrote: the rerun's
request count vs the first crawl's is the incremental crawl's cost.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NGINX = os.environ.get("NGINX", shutil.which("nginx") or "/usr/sbin/nginx")

# Both spiders: the same downloader settings, nothing that slows one of them down on purpose.
SAME_SETTINGS = {
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "0",
    "ROBOTSTXT_OBEY": "0",
    "LOG_LEVEL": "INFO",
    "TELNETCONSOLE_ENABLED": "0",
}


def nginx_available() -> bool:
    return bool(NGINX) and os.access(NGINX, os.X_OK)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def nginx(root: Path):
    """nginx serving ``root`` on 127.0.0.1; yields the base URL. The process is ours and ends with the block."""
    prefix = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    port = free_port()
    temp = "".join(f"{name}_temp_path {prefix}/{name};\n" for name in
                   ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (prefix / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    types {{ text/html html; text/plain txt; application/json json; }}
    default_type application/octet-stream;
    sendfile on;
    keepalive_requests 100000;
    {temp}
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location /plus/ {{ return 200 "document.write('0');"; }}
    }}
}}
""")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"nginx did not start: {process.stderr.read().decode(errors='replace')[-500:]}")
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(prefix, ignore_errors=True)


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _settings_args(extra: dict | None = None) -> list[str]:
    args = []
    for name, value in {**SAME_SETTINGS, **(extra or {})}.items():
        args += ["-s", f"{name}={value}"]
    return args


class TreeCpu:
    """CPU seconds (user+sys) of a process and every process below it (the extraction workers), read from
    /proc every 0.2 s while it runs: a worker that ends unreaped never reaches RUSAGE_CHILDREN. Linux only;
    elsewhere ``seconds`` stays None."""

    def __init__(self, pid: int):
        self.pid = pid
        self.seen: dict[int, float] = {}
        self.seconds: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        if os.path.isdir("/proc"):
            self._thread.start()

    def _watch(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        while not self._stop.wait(0.2):
            parents: dict[int, int] = {}
            times: dict[int, float] = {}
            for entry in os.listdir("/proc"):
                if not entry.isdigit():
                    continue
                try:
                    fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                parents[int(entry)] = int(fields[1])
                times[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
            for pid, cpu in times.items():
                ancestor = pid
                while ancestor not in (0, 1, self.pid) and ancestor in parents:
                    ancestor = parents[ancestor]
                if ancestor == self.pid:
                    self.seen[pid] = max(self.seen.get(pid, 0.0), cpu)
            self.seconds = sum(self.seen.values())

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def _run(cmd: list[str], cwd: Path, stats_file: Path, log_file: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(log_file, "wb") as log:
        process = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=log, stderr=subprocess.STDOUT)
        tree = TreeCpu(process.pid)
        try:
            returncode = process.wait(timeout=1800)
        finally:
            tree.stop()
    done = subprocess.CompletedProcess(cmd, returncode)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or not stats_file.exists():
        tail = log_file.read_text("utf-8", "replace")[-2000:]
        raise RuntimeError(f"{' '.join(cmd[:4])} failed ({done.returncode}):\n{tail}")
    stats = json.loads(stats_file.read_text("utf-8"))
    pages = int(stats.get("response_received_count", 0))
    elapsed = float(stats.get("elapsed_time_seconds") or 0)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    tree_cpu = max(tree.seconds or 0.0, cpu)   # the last /proc reading can miss the final 0.2 s
    return {"pages": pages, "elapsed_s": elapsed, "pages_per_s": pages / elapsed if elapsed else 0.0,
            "cpu_ms_per_page": cpu * 1000 / pages if pages else 0.0,
            "tree_cpu_ms_per_page": tree_cpu * 1000 / pages if pages else 0.0,
            "requests": int(stats.get("downloader/request_count", 0)),
            "items": int(stats.get("item_scraped_count", 0))}


def bare_crawl(start_urls: list[str], work: Path) -> dict:
    run_dir = work / "bare"
    run_dir.mkdir(parents=True, exist_ok=True)
    stats_file = run_dir / "stats.json"
    stats_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "scrapy", "runspider", str(REPO / "bench" / "bare_spider.py"),
           "-a", f"start_urls={','.join(start_urls)}", "-a", f"stats_file={stats_file}", *_settings_args()]
    return _run(cmd, run_dir, stats_file, run_dir / "crawl.log")


def news_crawl(start_urls: list[str], work: Path, archive: Path, extra: dict | None = None) -> dict:
    """One ``scrapy crawl news`` into ``archive``, with its WARC files in ``<archive>-warc`` (beside it): each
    crawl its own, so every pair is a first crawl (a WARC folder shared with an earlier crawl would turn its
    responses into revisit records, which cost less to write)."""
    registry = work / "sites.toml"
    registry.write_text('[[site]]\nkey = "bench"\nname = "基准医院"\nstart_urls = [' +
                        ", ".join(json.dumps(u) for u in start_urls) + "]\n", "utf-8")
    stats_file = work / "news-stats.json"
    stats_file.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=bench", "-a", f"registry={registry}",
           *_settings_args({"ARCHIVE_DIR": archive, "WARC_DIR": warc_dir(archive), "RUNS_DIR": work / "runs",
                            "VIEWS_DIR": work / "views",
                            "STATS_FILE": stats_file, "VIEW_COUNTER_REQUESTS": "0", **(extra or {})})]
    return _run(cmd, REPO, stats_file, work / "news-crawl.log")


def warc_dir(archive: Path) -> Path:
    return archive.with_name(archive.name + "-warc")


def run(site_root: Path, base_url: str, columns: list[str], pairs: int, work: Path, log=print,
        compare_in_process: bool = True) -> dict:
    """``pairs`` bare/news crawl pairs (with ``compare_in_process``, a third crawl per pair: news with
    extraction in the crawl process, EXTRACT_PROCESSES=0), then one news rerun on the first crawl's archive."""
    start_urls = [base_url + path for path in columns]
    results = {"pairs": [], "ratios": [], "ratios_in_process": []}
    first_archive = None
    for i in range(pairs):
        archive = work / f"archive-{i}"
        order = ["bare", "news"] if i % 2 == 0 else ["news", "bare"]
        if compare_in_process:
            order.insert(i % 3, "in_process")
        pair = {}
        for which in order:
            if which == "bare":
                pair["bare"] = bare_crawl(start_urls, work)
            elif which == "news":
                pair["news"] = news_crawl(start_urls, work, archive)
            else:
                pair["in_process"] = news_crawl(start_urls, work, work / f"archive-in-process-{i}",
                                                {"EXTRACT_PROCESSES": "0"})
                shutil.rmtree(work / f"archive-in-process-{i}", ignore_errors=True)
                shutil.rmtree(warc_dir(work / f"archive-in-process-{i}"), ignore_errors=True)
        bare = pair["bare"]["pages_per_s"]
        ratio = pair["news"]["pages_per_s"] / bare if bare else 0.0
        results["pairs"].append(pair)
        results["ratios"].append(ratio)
        line = (f"  pair {i + 1}/{pairs}: bare {bare:5.0f} pages/s ({pair['bare']['cpu_ms_per_page']:.1f} ms CPU/page)"
                f"   news {pair['news']['pages_per_s']:5.0f} pages/s ({pair['news']['cpu_ms_per_page']:.1f} ms CPU/page, "
                f"{pair['news']['tree_cpu_ms_per_page']:.1f} with its workers, "
                f"{pair['news']['items']} items) ratio {ratio:.2f}")
        if compare_in_process:
            inner = pair["in_process"]["pages_per_s"] / bare if bare else 0.0
            results["ratios_in_process"].append(inner)
            line += f"   news without the pool {pair['in_process']['pages_per_s']:5.0f} pages/s ratio {inner:.2f}"
        log(line)
        if first_archive is None:
            first_archive = archive
        else:
            shutil.rmtree(archive, ignore_errors=True)
            shutil.rmtree(warc_dir(archive), ignore_errors=True)
    rerun = news_crawl(start_urls, work, first_archive)
    results["first_crawl_requests"] = results["pairs"][0]["news"]["requests"]
    results["rerun_requests"] = rerun["requests"]
    results["rerun_items"] = rerun["items"]
    return results
