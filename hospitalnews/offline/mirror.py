"""An HTTP proxy on 127.0.0.1 that answers for mirrored sites and for nothing else.

Scrapy is pointed at it with ``http_proxy``/``https_proxy=http://127.0.0.1:PORT``
(HttpProxyMiddleware reads the environment), so a spider crawls ``http://www.sd-cancer.com/news_hos``
exactly as online: allowed_domains, robots.txt, redirects and link following all see the real URLs.
HTTPS requests arrive as CONNECT tunnels; the proxy answers them itself behind a throwaway
self-signed certificate (Scrapy does not verify certificates by default). A request for a host that
is not mirrored gets a 404: the proxy never forwards anything anywhere.

A mirror is a directory ``<mirrors>/<host>/``. A request for ``/a/b`` is answered from the file
``a/b``, or ``a/b/index.html`` when ``a/b`` is a directory. An optional ``_mirror.toml`` beside
the files adds what plain files cannot say::

    aliases = ["sd-cancer.com"]          # other host names of the site
    charset = "utf-8"                    # charset sent in Content-Type; omit to send none

    [[routes]]                           # path+query → file or response (parameter order and
                                         # percent-encoding do not matter, as on a real server)
    url = "/news_hos?page=2"
    file = "news_hos/page-2.html"        # or body = "document.write('123')"
    status = 200                         # optional; with `location` for redirects
    content_type = "text/html; charset=gbk"

    [demo]                               # optional: what `hospitalnews demo` runs for this mirror
    spiders = ["epaper"]
    settings = { EPAPER_SINCE = "2024-02-05" }
"""

from __future__ import annotations

import mimetypes
import ssl
import sys
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_NAME = "_mirror.toml"
TEXT_TYPES = {".html": "text/html", ".htm": "text/html", ".shtml": "text/html", ".jsp": "text/html",
              ".aspx": "text/html", ".asp": "text/html", ".php": "text/html", ".txt": "text/plain",
              ".xml": "text/xml", ".js": "application/javascript", ".css": "text/css", ".json": "application/json"}


def _query_key(target: str) -> tuple:
    """``/a?x=1&y=%2F`` and ``/a?y=/&x=1`` are one resource: path plus the sorted, decoded parameters."""
    parts = urlsplit(target)
    return unquote(parts.path), tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


@dataclass
class MirrorSite:
    root: Path
    charset: str | None = None
    routes: dict[str, dict] = field(default_factory=dict)

    def _routes_by_query(self) -> dict[tuple, dict]:
        if not hasattr(self, "_by_query"):
            self._by_query = {_query_key(url): route for url, route in self.routes.items()}
        return self._by_query

    @classmethod
    def load(cls, root: Path) -> tuple[MirrorSite, list[str]]:
        config = {}
        if (root / CONFIG_NAME).exists():
            config = tomllib.loads((root / CONFIG_NAME).read_text("utf-8"))
        routes = {route["url"]: route for route in config.get("routes", [])}
        return cls(root, config.get("charset"), routes), config.get("aliases", [])

    def respond(self, target: str) -> tuple[int, dict[str, str], bytes]:
        route = self.routes.get(target) or self._routes_by_query().get(_query_key(target))
        if route:
            return self._respond_route(route)
        path = unquote(urlsplit(target).path)
        file = self._resolve(path)
        if file is None:
            return 404, {"Content-Type": "text/html"}, b"<html><body>404 Not Found</body></html>"
        return 200, {"Content-Type": self._content_type(file)}, file.read_bytes()

    def _respond_route(self, route: dict) -> tuple[int, dict[str, str], bytes]:
        headers = {}
        if "location" in route:
            headers["Location"] = route["location"]
        if "file" in route:
            file = self.root / route["file"]
            body = file.read_bytes()
            headers["Content-Type"] = route.get("content_type") or self._content_type(file)
        else:
            body = route.get("body", "").encode(route.get("encoding", "utf-8"))
            headers["Content-Type"] = route.get("content_type", "text/html")
        return route.get("status", 200), headers, body

    def _resolve(self, path: str) -> Path | None:
        candidate = (self.root / path.lstrip("/")).resolve()
        if self.root.resolve() not in candidate.parents and candidate != self.root.resolve():
            return None  # ../ escapes
        if candidate.is_dir():
            candidate = candidate / "index.html"
        if candidate.is_file() and candidate.name != CONFIG_NAME:
            return candidate
        return None

    def _content_type(self, file: Path) -> str:
        kind = TEXT_TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.name == "robots.txt":
            kind = "text/plain"
        if self.charset and kind.startswith(("text/", "application/javascript")):
            kind += f"; charset={self.charset}"
        return kind


class MirrorProxy(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, mirror_dirs: list[Path | str], port: int = 0):
        self.sites: dict[str, MirrorSite] = {}
        for mirrors in mirror_dirs:
            for root in sorted(Path(mirrors).iterdir()):
                if root.is_dir():
                    site, aliases = MirrorSite.load(root)
                    for host in [root.name, *aliases]:
                        self.sites[host.lower()] = site
        self.requests: list[str] = []  # every URL asked for, for tests that count requests
        super().__init__(("127.0.0.1", port), _ProxyHandler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def tls_context(self) -> ssl.SSLContext:
        if not hasattr(self, "_tls"):
            self._tls = _self_signed_context(sorted(self.sites))
        return self._tls


def _self_signed_context(hosts: list[str]) -> ssl.SSLContext:
    from datetime import datetime, timedelta, timezone

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hospitalnews offline mirror")])
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts]), critical=False)
        .sign(key, hashes.SHA256())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    with tempfile.NamedTemporaryFile("wb", suffix=".pem") as pem:
        pem.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()))
        pem.write(cert.public_bytes(serialization.Encoding.PEM))
        pem.flush()
        context.load_cert_chain(pem.name)
    return context


class _ProxyHandler(BaseHTTPRequestHandler):
    server: MirrorProxy
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        self._answer(send_body=True)

    def do_HEAD(self):
        self._answer(send_body=False)

    def do_CONNECT(self):
        host = self.path.rsplit(":", 1)[0]
        if host.lower() not in self.server.sites:
            self.send_error(404, f"{host} is not mirrored")
            return
        self.send_response(200, "Connection established")
        self.end_headers()
        try:
            tunnel = self.server.tls_context().wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        _TunnelHandler(tunnel, self.client_address, self.server)  # serves the tunnel's requests
        self.close_connection = True

    scheme = "http"

    def _answer(self, send_body: bool):
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            host, target = parts.hostname or "", parts.path + (f"?{parts.query}" if parts.query else "")
            full = self.path
        else:
            host, target = (self.headers.get("Host") or "").split(":")[0], self.path
            full = f"{self.scheme}://{host}{target}"
        self.server.requests.append(full)
        site = self.server.sites.get(host.lower())
        if site is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, f"{host} is not mirrored".encode()
        else:
            status, headers, body = site.respond(target or "/")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: Scrapy logs every request already
        pass


class _TunnelHandler(_ProxyHandler):
    """Requests inside a CONNECT tunnel: origin-form paths, the host from the Host header."""

    scheme = "https"


def demo_tables(mirror_dirs: list[Path | str]) -> list[dict]:
    """The ``[demo]`` tables of the mirrors' ``_mirror.toml`` files: what `hospitalnews demo` must run
    (``spiders``) and set (``settings``) to crawl a mirror that no registry entry covers."""
    tables = []
    for mirrors in mirror_dirs:
        for config in sorted(Path(mirrors).glob(f"*/{CONFIG_NAME}")):
            table = tomllib.loads(config.read_text("utf-8")).get("demo")
            if table:
                tables.append(table)
    return tables


@contextmanager
def serve_mirrors(mirror_dirs: list[Path | str], port: int = 0):
    """Run a MirrorProxy in a background thread for the duration of the block."""
    proxy = MirrorProxy(mirror_dirs, port)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.shutdown()
        proxy.server_close()
