"""Checks of spider arguments (``-a NAME=VALUE``): a one-line ``SpiderArgumentError`` for each mistake.

``scrapy crawl`` and ``scrapy crawlall`` (commands/) call ``check_arguments`` before anything is
crawled or written, and the base spider calls ``check_values`` / ``check_start_urls`` on its own
arguments, so every way of starting a spider refuses the same mistakes:

* an argument no spider of that class takes (``-a max_page=2``): names come from the ``__init__``
  signatures of its classes and its ``selector_arguments`` (a dedicated site spider's declared
  selectors, ``-a body_css=.content``, which ``hospitalnews reextract`` uses to repair an archive);
  names starting with ``_`` are let through (scrapyd passes ``_job``);
* a selector argument: CSS that parses (``-a body_css=div[``: error);
* ``max_pages``: a whole number ≥ 1; ``incremental_overlap``: ≥ 0; ``refresh_views``: days > 0;
  ``full``: 1/0, true/false, yes/no, on/off;
* ``start_url``: an absolute http(s) URL with a host;
* ``site``: a registered key, or (with ``start_url``) a new key of ``a-z0-9_``;
* ``paper``: configured keys (comma-separated, or ``all``); ``date``/``since``/``until``: YYYY-MM-DD,
  ``since`` ≤ ``until``; ``topic``: ``health`` or ``all``.
"""

from __future__ import annotations

import inspect
import re
from datetime import date
from urllib.parse import urlsplit

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
SITE_KEY = re.compile(r"[a-z0-9_]{1,64}")


class SpiderArgumentError(ValueError):
    """A bad ``-a NAME=VALUE``; the message is one line naming the argument."""


def accepted_arguments(spidercls) -> set[str]:
    names: set[str] = set()
    for cls in spidercls.__mro__:
        init = cls.__dict__.get("__init__")
        if init is None:
            continue
        for parameter in inspect.signature(init).parameters.values():
            if parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD) and parameter.name != "self":
                names.add(parameter.name)
    names.update(getattr(spidercls, "selector_arguments", ()))
    return names


def css_selector(name: str, value) -> str:
    from cssselect import SelectorError
    from parsel.csstranslator import HTMLTranslator

    text = str(value).strip()
    try:
        HTMLTranslator().css_to_xpath(text)
    except SelectorError:
        text = ""
    if not text:
        raise SpiderArgumentError(f"-a {name}={value}: give a CSS selector (e.g. .article .content)")
    return text


def whole_number(name: str, value, minimum: int) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", text) or int(text) < minimum:
        raise SpiderArgumentError(f"-a {name}={value}: give a whole number ≥ {minimum}")
    return int(text)


def positive_number(name: str, value) -> float:
    try:
        number = float(str(value).strip())
    except ValueError:
        number = -1.0
    if not number > 0 or number == float("inf"):
        raise SpiderArgumentError(f"-a {name}={value}: give a number of days > 0")
    return number


def flag(name: str, value) -> bool:
    word = str(value).strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise SpiderArgumentError(f"-a {name}={value}: give 1 or 0 (true/false, yes/no, on/off)")
    return word in TRUE_WORDS


def http_url(name: str, value) -> str:
    text = str(value).strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise SpiderArgumentError(f"-a {name}={value}: give an absolute http:// or https:// URL")
    return text


def iso_date(name: str, value) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise SpiderArgumentError(f"-a {name}={value}: give a date as YYYY-MM-DD") from None


def check_values(args: dict) -> None:
    """The arguments every hospital spider takes (spiders/base.py)."""
    if args.get("max_pages") not in (None, ""):
        whole_number("max_pages", args["max_pages"], 1)
    if args.get("incremental_overlap") is not None:
        whole_number("incremental_overlap", args["incremental_overlap"], 0)
    if args.get("refresh_views") not in (None, ""):
        positive_number("refresh_views", args["refresh_views"])
    if args.get("full") is not None:
        flag("full", args["full"])


def check_start_urls(urls) -> None:
    for url in urls:
        http_url("start_url", url)


def check_arguments(spidercls, args: dict, settings=None) -> None:
    """Every check above for a run of ``spidercls`` with ``args``; raises SpiderArgumentError (ConfigError for a
    bad registry or project setting)."""
    accepted = accepted_arguments(spidercls)
    unknown = sorted(n for n in args if n not in accepted and not n.startswith("_"))
    if unknown:
        raise SpiderArgumentError(f"spider {spidercls.name!r} takes no argument {unknown[0]!r} "
                                  f"(it takes: {', '.join(sorted(accepted - {'name'}))})")
    check_values(args)
    for name in getattr(spidercls, "selector_arguments", ()):
        if name in args:
            css_selector(name, args[name])
    if "start_url" in args:
        http_url("start_url", args["start_url"])
    if "site" in accepted and args.get("site") is not None:
        _check_site(args, settings)
    if "paper" in accepted:
        _check_epaper(args, settings)
    if settings is not None:
        check_settings(settings)


def check_settings(settings) -> None:
    """Project settings a crawl would otherwise fail on deep inside Scrapy's start-up; raises ConfigError."""
    from ..warc.files import GZIP_LEVEL, gzip_level

    if settings.getbool("WARC_ENABLED", True):   # without WARC capture its level is never used
        gzip_level(settings.get("WARC_GZIP_LEVEL", GZIP_LEVEL))


def _check_site(args: dict, settings) -> None:
    from ..registry import load_sites

    key = str(args["site"])
    sites = load_sites(args.get("registry") or (settings.get("SITES_REGISTRY") if settings else None))
    if any(site.key == key for site in sites):
        return
    if not args.get("start_url"):
        raise SpiderArgumentError(f"-a site={key}: no such site in the registry "
                                  f"(registered: {', '.join(s.key for s in sites) or 'none'}); "
                                  f"a new site needs -a start_url=URL too")
    if not SITE_KEY.fullmatch(key):
        raise SpiderArgumentError(f"-a site={key}: a site key is a-z, 0-9 and _ only")


def _check_epaper(args: dict, settings) -> None:
    from ..papers import load_papers

    days = {name: iso_date(name, args[name]) for name in ("date", "since", "until") if args.get(name)}
    if "since" in days and "until" in days and days["since"] > days["until"]:
        raise SpiderArgumentError(f"-a since={args['since']} is after -a until={args['until']}")
    if "until" in days and "since" not in days and not (settings and settings.get("EPAPER_SINCE")):
        raise SpiderArgumentError("-a until needs -a since (or -s EPAPER_SINCE)")
    topic = args.get("topic", "health")
    if topic not in ("health", "all"):
        raise SpiderArgumentError(f"-a topic={topic}: give health or all")
    paper = args.get("paper")
    if paper and paper != "all":
        config = load_papers(settings.get("EPAPER_CONFIG") if settings else None,
                             (settings.get("EPAPER_PAPERS") or settings.get("EPAPER_EXTRA_CONFIG")) if settings else None)
        unknown = [k.strip() for k in str(paper).split(",") if k.strip() not in config.papers]
        if unknown:
            raise SpiderArgumentError(f"-a paper={paper}: unknown paper {unknown[0]!r} "
                                      f"(configured: {', '.join(sorted(config.papers))})")
