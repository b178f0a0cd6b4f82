"""The site registry: ``data/sites.toml`` lists every configured site.

Each ``[[site]]`` table::

    key = "tazhongyi"                      # archive key (a-z, 0-9, _)
    name = "泰安市中医医院"
    start_urls = ["http://tazhongyi.com/list-….htm"]
    spider = "sd_cancer"                   # optional: a dedicated spider crawls it; else `news` does
    layout = "confirmed"                   # or "assumed": was the layout seen in public material?
    [site.overrides]                       # optional, for the `news` spider
    list_css = "…"                         # CSS of the list entries, when the repeated-block finder errs
    article_url_pattern = "…"              # regex every article URL matches (filters the list's links)
    category = "医院新闻"                   # when detail pages have no breadcrumb
    encoding = "gbk"                       # when the server and the page both lie about it
    # passed to extract_article as they are: title_css, body_css, meta_css, counter_url = "…{id}…"
    notes = "…"                            # what the layout claim rests on

``scrapy crawl news -a site=KEY`` crawls an entry; ``-a start_url=URL`` on a registered host uses
that entry's key, name and overrides.

Without a path, the registry is ``<project root>/data/sites.toml``, else the copy bundled in the
package (paths.py): never a file of the working directory. A path given but missing, or a file
that is not valid TOML, raises ``ConfigError`` (a ValueError with a one-line message).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .errors import ConfigError  # noqa: F401  (raised here; importable from here as before)
from .sitekeys import check_site_key
from .paths import config_text

REGISTRY_NAME = "sites.toml"


def read_config(path: Path | str | None, name: str) -> dict:
    """The TOML table of ``path``, or of the default ``name`` (paths.config_text) when no path is given."""
    try:
        text = Path(path).read_text("utf-8") if path else config_text(name)
    except FileNotFoundError:
        raise ConfigError(f"{path or name}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a {name} file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path or name}: cannot read it ({error})") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path or name}: not valid TOML ({error})") from None


@dataclass(frozen=True)
class Site:
    key: str
    name: str
    start_urls: tuple[str, ...]
    spider: str | None = None
    layout: str = "assumed"
    overrides: dict = field(default_factory=dict)
    notes: str | None = None


def load_sites(path: Path | str | None = None) -> list[Site]:
    """The registered sites of ``path`` (default: see the module docstring). Raises ConfigError."""
    data = read_config(path, REGISTRY_NAME)
    return [
        Site(
            key=check_site_key(entry.get("key"), f"{path}: [[site]] key"), name=entry["name"], start_urls=tuple(entry["start_urls"]), spider=entry.get("spider"),
            layout=entry.get("layout", "assumed"), overrides=dict(entry.get("overrides", {})), notes=entry.get("notes"),
        )
        for entry in data.get("site", [])
    ]


def site_by_key(key: str, path: Path | str | None = None) -> Site | None:
    return next((site for site in load_sites(path) if site.key == key), None)


def _bare_host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def site_for_url(url: str, path: Path | str | None = None) -> Site | None:
    """The registered site whose start URLs are on ``url``'s host (www. or not), if any."""
    host = _bare_host(url)
    return next((site for site in load_sites(path) if any(_bare_host(u) == host for u in site.start_urls)), None)
