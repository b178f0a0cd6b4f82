"""A hostile hospital site on 127.0.0.1: every way a page can fail, beside pages that work.

Threaded and bounded: at most ``MAX_CLIENTS`` requests are served at once, no response sleeps longer
than a few seconds, and the 50 MB body is generated in 64 KiB chunks (never held in memory) and
stops as soon as the client hangs up. ``hits`` records ``(path, Host header)`` of every request.
"""

from __future__ import annotations

import base64
import socket
import struct
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_CLIENTS = 16
HUGE_BYTES = 50 * 1024 * 1024
FLAKY_FAILURES = 2          # 503s before /a/flaky.html works
TIMEOUT_SLEEP = 4.0         # longer than the tests' DOWNLOAD_TIMEOUT (2 s)

GOOD = ["good-1", "good-2", "flaky", "slow", "truncated", "malformed"]          # archived in the end
BAD = ["reset", "timeout", "loop", "offsite", "huge", "binary", "empty", "hollow", "chrome", "dataloss", "missing", "error500",
       "forbidden"]

# Crawler traps (each its own site under a path prefix) and the off-host view counter site.
CALENDAR_DAYS_WITH_NEWS = 3     # /cal/?date=2026-01-0N has one article for N ≤ 3, nothing after, 下一页 for ever
SESSION_PAGES = 2               # /sess/list?page=N&sid=…: two real pages, then page 2 again, for ever
SELF_ARTICLES = 5               # /self/list.html: five articles and two links back to itself
COUNTER_ARTICLES = 5            # /counter/: articles whose view counter script is on another host


def article(slug: str, day: int = 1) -> str:
    return (f"<html><head><meta charset='utf-8'></head><body><div class='article'><h1>{slug}号新闻</h1>"
            f"<div class='info'>发布时间:2026-01-{day:02d} 08:00:00 来源: 宣传科 阅读次数:{day}</div>"
            f"<div class='content'><p>{slug}的正文。</p></div></div></body></html>")


def list_page() -> str:
    entries = "".join(f"<li><a href='/a/{slug}.html'>{slug}号新闻</a><span>2026-01-{i + 1:02d}</span></li>"
                      for i, slug in enumerate(GOOD + BAD))
    return f"<html><head><meta charset='utf-8'></head><body><ul class='news'>{entries}</ul></body></html>"


def _page(body: str) -> str:
    return f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def _entries(links: list[tuple[str, str, str]]) -> str:
    return "<ul class='news'>" + "".join(f"<li><a href='{href}'>{title}</a><span>{day}</span></li>"
                                         for href, title, day in links) + "</ul>"


def calendar_page(day: date) -> str:
    """A day's news; a day without any shows two earlier articles, a different pair each day (a rotating
    "推荐" box): nothing new, for ever. (A calendar listing nothing on such days ends at its first empty
    page, as any pager does: spiders/base.py.)"""
    if day.day <= CALENDAR_DAYS_WITH_NEWS and day.month == 1:
        shown = [day.day]
    else:
        left_out = day.toordinal() % CALENDAR_DAYS_WITH_NEWS + 1
        shown = [n for n in range(1, CALENDAR_DAYS_WITH_NEWS + 1) if n != left_out]
    links = [(f"/cal/a/{n}.html", f"日历{n}号新闻", f"2026-01-{n:02d}") for n in shown]
    return _page(_entries(links) + f"<div class='pages'><a href='/cal/?date={day + timedelta(days=1)}'>下一页</a></div>")


def endless_calendar_page(day: date) -> str:
    """A calendar with one new article every day, for ever: no walk bound can tell it from a real list,
    only a site bound (CLOSESPIDER_TIMEOUT / _PAGECOUNT) ends it."""
    links = [(f"/endless/a/{day.toordinal()}.html", f"每日{day.toordinal()}号新闻", day.isoformat())]
    return _page(_entries(links) + f"<div class='pages'><a href='/endless/?date={day + timedelta(days=1)}'>下一页</a></div>")


def session_page(page: int) -> str:
    shown = min(page, SESSION_PAGES)
    links = [(f"/sess/a/{shown}-{i}.html", f"会话{shown}-{i}号新闻", "2026-01-0%d" % i) for i in range(1, 4)]
    return _page(_entries(links) + f"<div class='pages'><a href='/sess/list?page={page + 1}&amp;sid={uuid.uuid4().hex}'>"
                 "下一页</a></div>")


def self_list_page() -> str:
    links = [(f"/self/a{i}.html", f"自链{i}号新闻", f"2026-01-0{i}") for i in range(1, SELF_ARTICLES + 1)]
    links += [(f"/self/list.html?sid={uuid.uuid4().hex}", "更多新闻", "2026-01-09"),
              ("/self/list.html?from=more", "全部新闻", "2026-01-09")]
    return _page(_entries(links))


def counter_list_page() -> str:
    items = "".join(f"<li><a href='/counter/a{i}.html'>{counter_title(i)}</a><span>2026-01-0{i}</span></li>"
                    for i in range(1, COUNTER_ARTICLES + 1))
    return _page(f"<div class='nav'><a href='/'>首页</a></div><ul class='list'>{items}</ul>")


def counter_title(n: int) -> str:
    return f"计数医院举行第{n}期健康科普讲座暨义诊活动"


def counter_article(n: int, port: int) -> str:
    return _page(f"<div class='article'><h1>{counter_title(n)}</h1><div class='info'>发布时间：2026-01-0{n} 08:00:00 "
                 f"点击：<script src='http://localhost:{port}/plus/count.php?aid={n}&amp;mid=1'></script></div>"
                 f"<div class='content'><p>计数医院第{n}期健康科普讲座在门诊大厅举行，专家为市民讲解了常见病的预防知识。</p>"
                 "<p>活动现场还开展了义诊，为群众测量血压、血糖，并发放了健康宣传资料。</p></div></div>")


FRESH_ARTICLES = 3              # /fresh/: articles published today (China time), for view refreshes


def fresh_article(n: int, views: int) -> str:
    today = datetime.now(timezone(timedelta(hours=8))).strftime("%Y-%m-%d 08:00:00")
    return _page(f"<div class='article'><h1>新鲜{n}号新闻</h1><div class='info'>发布时间:{today} 来源: 宣传科 "
                 f"阅读次数:{views}</div><div class='content'><p>新鲜{n}号新闻的正文。</p></div></div>")


# /heavy/: for the per-page CPU budget, three ordinary articles — one with a 100 KB base64 image inline, as
# editors paste screenshots (it once cost minutes: bounded since) — and two that cost seconds of CPU to
# extract: 60,000 paragraphs, a 60,000-row table
HEAVY = {"plain1": "", "plain2": "", "base64": "", "paragraphs": "", "table": ""}
HEAVY_OVER_BUDGET = ("paragraphs", "table")


def heavy_title(slug: str) -> str:
    return f"医院举行{slug}主题健康科普讲座暨义诊活动"


def heavy_article(slug: str) -> str:
    body = "<p>医院举行了健康讲座，专家讲解了常见病的预防知识。</p>"
    if slug == "base64":
        blob = base64.b64encode(bytes((i * 7919 + 13) % 256 for i in range(75_000))).decode()
        body += f"<p><img src='data:image/png;base64,{blob}'></p>"
    elif slug == "paragraphs":
        body += "".join(f"<p>第{i}段：医院举行了健康讲座，专家讲解了常见病的预防。</p>" for i in range(60_000))
    elif slug == "table":
        body += "<table>" + "".join(f"<tr><td>第{i}行</td><td>血压{i}</td></tr>" for i in range(60_000)) + "</table>"
    return _page(f"<div class='article'><h1>{heavy_title(slug)}</h1><div class='info'>发布时间：2026-01-02 08:00:00</div>"
                 f"<div class='content'>{body}</div></div>")


def heavy_list_page() -> str:
    items = "".join(f"<li><a href='/heavy/{slug}.html'>{heavy_title(slug)}</a><span>2026-01-02</span></li>" for slug in HEAVY)
    return _page(f"<ul class='list'>{items}</ul>")


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128   # the default 5 makes bursts of connects wait out a 1 s timeout

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _FaultHandler)
        self.hits: list[tuple[str, str]] = []
        self.moved = False   # /fresh/ articles now redirect to another host (localhost) that states other counts
        self.slots = threading.BoundedSemaphore(MAX_CLIENTS)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def count(self, path: str) -> int:
        return Counter(p for p, _ in self.hits)[path]


class _FaultHandler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.0"   # one request per connection; bodies may end at close

    def do_GET(self):
        with self.server.slots:
            self.server.hits.append((self.path, self.headers.get("Host", "")))
            handler = getattr(self, "page_" + self.path.strip("/").removeprefix("a/").removesuffix(".html")
                              .replace("-", "_").replace(".", "_"), None)
            if self.path == "/":
                self._send(200, list_page())
            elif self._trap():
                pass
            elif handler is None:
                self._send(404, "<html><body>404</body></html>")
            else:
                handler()

    def log_message(self, format, *args):
        pass

    def _send(self, status: int, body: str | bytes, content_type: str = "text/html; charset=utf-8", **headers):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(data)

    def _trap(self) -> bool:
        """The trap and counter sites; False for any other path."""
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        path = parts.path
        if path == "/cal/":
            self._send(200, calendar_page(date.fromisoformat(query.get("date", ["2026-01-01"])[0])))
        elif path == "/endless/":
            self._send(200, endless_calendar_page(date.fromisoformat(query.get("date", ["2026-01-01"])[0])))
        elif path == "/sess/list":
            self._send(200, session_page(int(query.get("page", ["1"])[0])))
        elif path == "/self/list.html":
            self._send(200, self_list_page())
        elif path == "/counter/":
            self._send(200, counter_list_page())
        elif path.startswith(("/cal/a/", "/sess/a/", "/self/a", "/endless/a/")):
            slug = path.rsplit("/", 1)[1].removesuffix(".html")
            self._send(200, article(path.split("/")[1] + slug, 1))
        elif path.startswith("/counter/a"):
            self._send(200, counter_article(int(path.removeprefix("/counter/a").removesuffix(".html")),
                                            self.server.server_address[1]))
        elif path == "/fresh/":
            today = datetime.now(timezone(timedelta(hours=8))).date().isoformat()
            self._send(200, _page(_entries([(f"/fresh/a{i}.html", f"新鲜{i}号新闻", today)
                                            for i in range(1, FRESH_ARTICLES + 1)])))
        elif path.startswith("/fresh/a"):
            n = int(path.removeprefix("/fresh/a").removesuffix(".html"))
            if self.headers.get("Host", "").startswith("localhost"):
                self._send(200, fresh_article(n, 9999))
            elif self.server.moved:
                self._send(302, "", Location=f"http://localhost:{self.server.server_address[1]}{path}")
            else:
                self._send(200, fresh_article(n, 10 + n))
        elif path == "/heavy/":
            self._send(200, heavy_list_page())
        elif path.startswith("/heavy/") and path.removeprefix("/heavy/").removesuffix(".html") in HEAVY:
            self._send(200, heavy_article(path.removeprefix("/heavy/").removesuffix(".html")))
        elif path == "/plus/count.php":
            self._send(200, "document.write('999');", "application/javascript")
        else:
            return False
        return True

    # -- pages ---------------------------------------------------------------------------------
    def page_robots_txt(self):
        self._send(200, "User-agent: *\nDisallow: /a/forbidden.html\n", "text/plain")

    def page_good_1(self):
        self._send(200, article("good-1", 1))

    def page_good_2(self):
        self._send(200, article("good-2", 2))

    def page_forbidden(self):
        self._send(200, article("forbidden", 3))

    def page_flaky(self):
        if self.server.count("/a/flaky.html") <= FLAKY_FAILURES:
            self._send(503, "<html><body>busy</body></html>")
        else:
            self._send(200, article("flaky", 4))

    def page_slow(self):
        """Slow but inside the timeout: the page arrives in pieces over ~0.6 s."""
        data = article("slow", 5).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        for start in range(0, len(data), len(data) // 6 + 1):
            self.wfile.write(data[start:start + len(data) // 6 + 1])
            self.wfile.flush()
            time.sleep(0.1)

    def page_truncated(self):
        # cut inside the closing tags (no </div></body></html>); a page cut before its body text is not an
        # article (no body: dropped, fetched again next run)
        self._send(200, article("truncated", 6)[:-25])

    def page_malformed(self):
        self._send(200, "<html><body><div class='article'><h1>malformed号新闻</h1><div class='info'>发布时间:2026-01-07 "
                        "08:00:00 来源: 宣传科</span></p><div class='content'><p>正文<b>粗<i>斜</b></i><p>未闭合"
                        "<table><td>格</div></body>")

    def page_reset(self):
        # SO_LINGER 0 + close = RST instead of FIN: the client sees "connection reset by peer"
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def page_timeout(self):
        time.sleep(TIMEOUT_SLEEP)
        try:
            self._send(200, article("timeout", 8))
        except OSError:
            pass

    def page_loop(self):
        self._send(302, "", Location="/a/loop-b.html")

    def page_loop_b(self):
        self._send(302, "", Location="/a/loop.html")

    def page_offsite(self):
        # localhost is another domain to the spider (allowed_domains = 127.0.0.1) but still this server,
        # so a followed redirect would show up in hits without ever leaving the machine
        self._send(302, "", Location=f"http://localhost:{self.server.server_address[1]}/a/good-1.html")

    def page_huge(self):
        """50 MB of HTML-ish bytes with no Content-Length, streamed until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        try:
            while sent < HUGE_BYTES:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            pass

    def page_binary(self):
        blob = bytes((i * 7919 + 13) % 256 for i in range(20000))
        self._send(200, blob, "text/html")

    def page_empty(self):
        self._send(200, b"")

    def page_hollow(self):
        self._send(200, "<html></html>")

    def page_chrome(self):
        """The site's frame with no article in it (a template whose body never loaded)."""
        self._send(200, "<html><head><title>医院</title></head><body><div class='nav'><a href='/'>首页</a> "
                        "<a href='/about'>医院概况</a></div><div class='article'></div><div class='footer'>版权所有</div>"
                        "</body></html>")

    def page_dataloss(self):
        data = article("dataloss", 9).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data) + 5000))   # promises more than it sends
        self.end_headers()
        self.wfile.write(data)

    def page_error500(self):
        self._send(500, "<html><body>error</body></html>")


@contextmanager
def fault_server():
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
