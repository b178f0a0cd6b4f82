"""The e-paper registry: ``data/papers.toml`` (layouts, papers, topic words); see docs/epaper.md.

More files (``-s EPAPER_PAPERS=…``) are merged over it table by table, so a test or a user can
add papers and layouts without editing the bundled file. Without a path the file is
``<project root>/data/papers.toml``, else the copy bundled in the package (paths.py); a missing or
invalid file raises ``registry.ConfigError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .extract.institutions import DEFAULT_KEYWORDS, DEFAULT_PLACES, DEFAULT_SUFFIXES
from .sitekeys import check_site_key

from .registry import ConfigError, read_config

PAPERS_NAME = "papers.toml"


@dataclass(frozen=True)
class Layout:
    first_page: str
    page_link: str
    article_link: str
    title: str
    body: str
    page_name: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    figure: str | None = None
    figure_caption: str | None = None
    comment_body: str | None = None     # name of the <!--NAME-->…<!--/NAME--> body markers
    author: str | None = None           # CSS of a byline field (Founder's <founder-author>)
    print_text: bool = False            # the body is a printed page's text layer: repair it


@dataclass(frozen=True)
class Paper:
    key: str
    name: str
    root: str
    layout: Layout
    encoding: str | None = None         # for pages that declare no charset

    def first_page_url(self, day: date) -> str:
        return urljoin(self.root, self.layout.first_page.format(date=day))

    @property
    def domain(self) -> str:
        return urlsplit(self.root).hostname or ""


@dataclass(frozen=True)
class PaperConfig:
    papers: dict[str, Paper]
    keywords: tuple[str, ...] = DEFAULT_KEYWORDS
    institution_suffixes: tuple[str, ...] = DEFAULT_SUFFIXES
    places: tuple[str, ...] = DEFAULT_PLACES
    layouts: dict[str, Layout] = field(default_factory=dict)


def _merge(into: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
    return into


def load_papers(*paths: Path | str | None) -> PaperConfig:
    """The bundled papers (first path None: the default file) with each further file merged over them.

    Raises ConfigError for a missing or invalid file, an unknown layout or an unknown key.
    """
    raw: dict = {}
    for number, path in enumerate(paths or (None,)):
        if path or number == 0:
            _merge(raw, read_config(path, PAPERS_NAME))
    try:
        layouts = {name: Layout(**table) for name, table in raw.get("layouts", {}).items()}
        papers = {}
        for key, table in raw.get("papers", {}).items():
            table = dict(table)
            layout = layouts[table.pop("layout")]
            papers[key] = Paper(key=check_site_key(key, "[papers] key"), layout=layout, **table)  # the archive directory
    except (KeyError, TypeError) as error:
        raise ConfigError(f"papers configuration: {type(error).__name__} {error}") from None
    topic = raw.get("topic", {})
    return PaperConfig(
        papers=papers,
        keywords=tuple(topic.get("keywords", DEFAULT_KEYWORDS)),
        institution_suffixes=tuple(topic.get("institution_suffixes", DEFAULT_SUFFIXES)),
        places=tuple(topic.get("places", DEFAULT_PLACES)),
        layouts=layouts,
    )
