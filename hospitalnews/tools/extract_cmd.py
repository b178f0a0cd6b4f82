"""Print the archive fields of one saved detail page as one JSON object.

The page's bytes are decoded here (BOM, --encoding as an HTTP charset header would say, <meta charset>,
GBK → GB18030, mislabelled pages), extracted by ``extract.article.extract_article`` and then passed
through the same normalising pipelines a crawl uses, so the output is what the archive would hold
(``crawled_at`` aside; ``site``/``site_name`` and the site's selector overrides
only with --site). ``counter_url`` is added: the JavaScript view counter the crawl would fetch.

    hospitalnews extract page.html --url http://www.example-hospital.cn/news/2024/0318/123.html

A missing, empty, binary or directory file, an unknown --site or a missing --registry is a
one-line error (exit 2).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..extract.article import extract_article
from ..items import Article
from ..registry import site_by_key
from ..pipelines.normalise import PublishTimePipeline, SourcePipeline, TextCleanupPipeline, ViewCountPipeline
from ..urls import article_id
from .inputs import UserError, read_input

HELP = "print the archive fields of one saved detail page as JSON"

# The normalisers of settings.ITEM_PIPELINES, in their order (validation, dedupe, archive are crawl-only).
NORMALISERS = (TextCleanupPipeline, PublishTimePipeline, SourcePipeline, ViewCountPipeline)


def add_arguments(parser):
    parser.add_argument("file", type=Path, help="the saved detail page (raw bytes, any encoding); - reads stdin")
    parser.add_argument("--url", help="the page's URL (resolves relative links, gives the id; default file://FILE)")
    parser.add_argument("--encoding", help="charset the server declared (as an HTTP Content-Type header would)")
    parser.add_argument("--listing-date", help="the date the list page showed for this article")
    parser.add_argument("--site", help="registry site key: records site/site_name and applies its [site.overrides]")
    parser.add_argument("--registry", type=Path, default=None, help="site registry file (default data/sites.toml)")


def page_record(body: bytes, url: str, *, encoding: str | None = None, listing_date: str | None = None,
                site: str | None = None, site_name: str | None = None, overrides: dict | None = None) -> dict:
    """What the archive would hold for this page, plus ``counter_url``; no ``crawled_at``."""
    fields = extract_article(body, url, encoding=encoding, listing_date=listing_date, overrides=overrides)
    counter_url = fields.pop("counter_url", None)
    article = Article(id=article_id(url), url=url, site=site, site_name=site_name,
                      **{k: v for k, v in fields.items() if k in Article.__dataclass_fields__})
    for pipeline in NORMALISERS:
        article = pipeline().process_item(article)
    record = {k: v for k, v in vars(article).items() if k != "crawled_at"}
    record["counter_url"] = counter_url
    return record


def run(args) -> int:
    from_stdin = str(args.file) == "-"
    if from_stdin and not args.url:
        raise UserError("reading stdin needs --url")
    registered = site_by_key(args.site, args.registry) if args.site else None
    if args.site and registered is None:
        raise UserError(f"no site {args.site!r} in the registry")
    body = read_input(args.file, what="saved page")
    url = args.url or args.file.resolve().as_uri()
    record = page_record(body, url, encoding=args.encoding, listing_date=args.listing_date, site=args.site,
                         site_name=registered.name if registered else None,
                         overrides=registered.overrides if registered else None)
    print(json.dumps(record, ensure_ascii=False, indent=2))
    if not record.get("title"):  # ValidationPipeline would drop it (stdout stays one JSON object)
        print(f"hospitalnews extract: {args.file}: no title; a crawl would drop this page", file=sys.stderr)
        return 1
    return 0
