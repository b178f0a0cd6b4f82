"""WARC records for one Scrapy exchange, and the Scrapy request that can be rebuilt from them.

An exchange is written as (WARC 1.1, built with warcio):

* ``request``  — the HTTP request as sent (method, path, headers; ``Proxy-Authorization`` never kept);
* ``response`` — status line, headers and body as received (still ``Content-Encoding``-compressed;
  ``Transfer-Encoding`` is dropped because Scrapy has already de-chunked the body), or a ``revisit``
  (headers only, ``WARC-Refers-To`` the earlier response) when the payload digest is unchanged;
* ``metadata`` — ``application/json``: how the spider asked for the page (callback name, JSON-able
  ``cb_kwargs`` and ``meta``), so ``hospitalnews reextract`` can hand the page to the same callback
  again. Dataclass arguments (the list entry of a detail page) are tagged with their class. A revisit
  asked for exactly as its original was has none (the original's applies).

Every record of the exchange carries ``WARC-Concurrent-To`` the response record.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import importlib
import io
import json
from http import HTTPStatus
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders

WARC_VERSION = "WARC/1.1"
_BUILDER = RecordBuilder(warc_version=WARC_VERSION)
_DROPPED_RESPONSE_HEADERS = {"transfer-encoding"}
_DROPPED_REQUEST_HEADERS = {"proxy-authorization"}
# Request.meta keys Scrapy and its middlewares set for themselves: not the spider's, not replayed.
SCRAPY_META_KEYS = frozenset({
    "download_slot", "download_latency", "download_timeout", "download_maxsize", "download_warnsize",
    "download_fail_on_dataloss", "depth", "redirect_urls", "redirect_times", "redirect_ttl", "redirect_reasons",
    "retry_times", "max_retry_times", "proxy", "bindaddress", "cookiejar", "dont_merge_cookies", "dont_redirect",
    "dont_retry", "dont_cache", "dont_obey_robotstxt", "handle_httpstatus_list", "handle_httpstatus_all",
    "referrer_policy", "is_start_request", "allow_offsite", "ftp_user", "ftp_password", "ftp_local_filename",
    "warc_record_id",
})


def payload_digest(body: bytes) -> str:
    """``WARC-Payload-Digest`` of ``body``: ``sha1:`` + base32 of its SHA-1 (what warcio and Heritrix write)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _header_list(headers, dropped: set[str]) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        if key.lower() in dropped:
            continue
        for value in values:
            pairs.append((key, value.decode("latin-1") if isinstance(value, bytes) else str(value)))
    return pairs


def response_headers(response) -> StatusAndHeaders:
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = "Unknown"
    protocol = getattr(response, "protocol", None) or "HTTP/1.1"
    if not protocol.upper().startswith("HTTP/"):
        protocol = "HTTP/1.1"
    return StatusAndHeaders(f"{response.status} {reason}", _header_list(response.headers, _DROPPED_RESPONSE_HEADERS),
                            protocol=protocol)


def request_headers(request) -> StatusAndHeaders:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = _header_list(request.headers, _DROPPED_REQUEST_HEADERS)
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    # warcio keeps a request line as protocol=method, statusline="target HTTP/1.1"
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)


def exchange_records(request, response, *, digest: str, revisit_of=None, replay_info: dict | None = None) -> list:
    """The records of one exchange: [request, response-or-revisit, metadata?]. ``revisit_of`` is a
    ``digests.StoredPayload`` with the same digest, or None for a full response record."""
    url = response.url
    # Each payload's length is given, and the response's payload digest (computed once by the caller): without
    # them warcio copies every payload into a temporary file and hashes it three more times.
    if revisit_of is None:
        main = _BUILDER.create_warc_record(url, "response", payload=io.BytesIO(response.body), length=len(response.body),
                                           http_headers=response_headers(response),
                                           warc_headers_dict={"WARC-Payload-Digest": digest})
    else:
        main = _BUILDER.create_revisit_record(url, digest, url, revisit_of.date, http_headers=response_headers(response))
        main.rec_headers.add_header("WARC-Refers-To", revisit_of.record_id)
    main_id = main.rec_headers.get_header("WARC-Record-ID")
    linked = {"WARC-Concurrent-To": main_id}
    body = request.body or b""
    records = [_BUILDER.create_warc_record(request.url, "request", payload=io.BytesIO(body), length=len(body),
                                           http_headers=request_headers(request), warc_headers_dict=dict(linked)),
               main]
    if replay_info:
        metadata = json.dumps(replay_info, ensure_ascii=False).encode("utf-8")
        records.append(_BUILDER.create_warc_record(
            url, "metadata", payload=io.BytesIO(metadata), length=len(metadata),
            warc_content_type="application/json", warc_headers_dict=dict(linked)))
    return records


# -- the Scrapy side of a request, as JSON --------------------------------------------------------

def _tag(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        cls = type(value)
        return {"__dataclass__": f"{cls.__module__}:{cls.__qualname__}",
                "fields": {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, dt.datetime):
        return {"__datetime__": value.isoformat()}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    raise TypeError(type(value).__name__)


def _jsonable(value) -> bool:
    try:
        json.dumps(value, default=_tag)
    except (TypeError, ValueError):
        return False
    return True


def replay_info(request) -> dict | None:
    """What reextract needs to hand the page to its callback again; None unless the callback is a
    spider method (robots.txt has none). Arguments that cannot be written as JSON are left out (the callback must then
    cope without them, as it would without a list entry)."""
    if getattr(request.callback, "__self__", None) is None:   # no spider method: robots.txt, NO_CALLBACK
        return None
    callback = request.callback.__name__
    info = {"callback": callback, "errback": getattr(request.errback, "__name__", None),
            "cb_kwargs": {k: v for k, v in request.cb_kwargs.items() if _jsonable(v)},
            "meta": {k: v for k, v in request.meta.items()
                     if k not in SCRAPY_META_KEYS and not k.startswith("_") and _jsonable(v)}}
    return json.loads(json.dumps(info, default=_tag))


def _untag(obj):
    if "__dataclass__" in obj:
        module, _, name = obj["__dataclass__"].partition(":")
        if module.split(".")[0] != "hospitalnews":   # only this project's own argument types
            raise ValueError(f"not a hospitalnews type: {obj['__dataclass__']}")
        return getattr(importlib.import_module(module), name)(**obj["fields"])
    if "__datetime__" in obj:
        return dt.datetime.fromisoformat(obj["__datetime__"])
    if "__date__" in obj:
        return dt.date.fromisoformat(obj["__date__"])
    return obj


def load_replay_info(payload: bytes) -> dict:
    """The inverse of ``replay_info`` (raises ValueError on anything it did not write)."""
    info = json.loads(payload, object_hook=_untag)
    if not isinstance(info, dict) or not isinstance(info.get("callback"), str):
        raise ValueError("not a hospitalnews replay record")
    return info
