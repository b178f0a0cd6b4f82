"""Print the archive fields of one saved detail page as one JSON object.

The bytes are decoded here (BOM, declared or detected charset), the page goes through
``extract_article`` and then through the same normalising pipelines a crawl applies, so the output
is what the archive would hold for that page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..extract.article import extract_article
from ..items import Article
from ..pipelines.normalise import PublishTimePipeline, SourcePipeline, TextCleanupPipeline, ViewCountPipeline
from ..urls import article_id

HELP = "print the archive fields of one saved detail page as JSON"
NORMALISERS = (TextCleanupPipeline, PublishTimePipeline, SourcePipeline, ViewCountPipeline)


def add_arguments(parser):
    parser.add_argument("file", type=Path, help="saved detail page (raw bytes)")
    parser.add_argument("--url", default=None, help="the page's URL (resolves links; default file://…)")
    parser.add_argument("--encoding", default=None, help="charset the server declared, if known")
    parser.add_argument("--listing-date", default=None, help="date the list page showed for this article")


def archive_fields(body: bytes, url: str, *, encoding=None, listing_date=None) -> dict:
    fields = extract_article(body, url, encoding=encoding, listing_date=listing_date)
    counter_url = fields.pop("counter_url")
    article = Article(id=article_id(url), url=url, **fields)
    for pipeline in NORMALISERS:
        article = pipeline().process_item(article)
    result = {name: getattr(article, name) for name in ("id", "url", *fields)}
    result["counter_url"] = counter_url
    return result


def run(args) -> int:
    url = args.url or args.file.resolve().as_uri()
    result = archive_fields(args.file.read_bytes(), url, encoding=args.encoding, listing_date=args.listing_date)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    return 0
