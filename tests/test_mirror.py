"""The offline mirror proxy answers for mirrored hosts only, over HTTP and HTTPS, and forwards nothing."""

import ssl
import urllib.error
import urllib.request

import pytest


def fetch(proxy_url, url):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the mirror's certificate is a throwaway self-signed one
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy_url, "https": proxy_url}),
        urllib.request.HTTPSHandler(context=context),
    )
    with opener.open(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type"), response.read()


def test_serves_files_routes_and_aliases_over_http_and_https(mirror):
    status, ctype, body = fetch(mirror.url, "http://www.sd-cancer.com/news_hos")
    assert status == 200 and ctype == "text/html; charset=utf-8" and "医院新闻".encode() in body
    assert fetch(mirror.url, "http://www.sd-cancer.com/news_hos?page=2")[2] != body  # a _mirror.toml route
    assert fetch(mirror.url, "https://sd-cancer.com/news_hos")[2] == body            # alias, through TLS
    assert fetch(mirror.url, "http://www.sd-cancer.com/robots.txt")[1].startswith("text/plain")


@pytest.mark.parametrize("url", ["http://example.com/", "https://example.com/", "http://www.sd-cancer.com/../../etc/passwd"])
def test_unknown_hosts_and_escapes_are_refused_never_forwarded(mirror, url):
    with pytest.raises((urllib.error.HTTPError, urllib.error.URLError)) as failure:
        fetch(mirror.url, url)
    assert "404" in str(failure.value)
