"""Print the archive fields of saved detail pages: one page as one JSON object, many as JSON lines.

The page's bytes are decoded here (BOM, --encoding as an HTTP charset header would say, <meta charset>,
GBK → GB18030, mislabelled pages), extracted by ``extract.article.extract_article`` and then passed
through the same normalising pipelines a crawl uses, so the output is what the archive would hold
(``crawled_at`` aside; ``site``/``site_name`` and the site's selector overrides
only with --site). ``counter_url`` is added: the JavaScript view counter the crawl would fetch.

    hospitalnews extract page.html --url http://www.example-hospital.cn/news/2024/0318/123.html

A missing, empty, binary or directory file, an unknown --site or a missing --registry is a
one-line error (exit 2).

Batch (an analyst's tool): several files and/or directories (their .html/.htm/… pages, recursively, in
name order) print one JSON line per page, each page's URL being its ``file://`` URI:

    hospitalnews extract pages/*.html > out.jsonl
    hospitalnews extract saved_site/ > out.jsonl

A page that cannot be read or extracted is one line on stderr (with its path) and the batch goes on;
the exit status is 1 when any page failed or has no title, else 0. On a terminal, batches of 20 pages
or more show ``done/total pages, pages/s`` on stderr. Scrapy is never imported on this path (start-up
about 0.1 s, see bench/).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ..extract.article import extract_article
from ..items import Article
from ..pipelines.normalise import PublishTimePipeline, SourcePipeline, TextCleanupPipeline, ViewCountPipeline
from ..urls import article_id
from .inputs import UserError, read_input

HELP = "print the archive fields of saved detail pages as JSON (several pages: JSON lines)"

# The normalisers of settings.ITEM_PIPELINES, in their order (validation, dedupe, archive are crawl-only).
NORMALISERS = (TextCleanupPipeline, PublishTimePipeline, SourcePipeline, ViewCountPipeline)


def add_arguments(parser):
    parser.add_argument("files", metavar="file", type=Path, nargs="+",
                        help="saved detail page(s) (raw bytes, any encoding) or directories of them; - reads stdin")
    parser.add_argument("--url", help="the page's URL (resolves relative links, gives the id; default file://FILE); "
                                      "one page only")
    parser.add_argument("--jsonl", action="store_true", help="one JSON line per page even for a single page "
                                                             "(the default for several pages or a directory)")
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


# What a directory contributes: saved pages by their usual suffixes, in name order, recursively.
PAGE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".asp", ".aspx", ".php", ".jsp")
PROGRESS_MIN_PAGES = 20   # a shorter batch ends before a progress line would help


def batch_pages(paths: list[Path]) -> list[Path]:
    """The pages of ``paths``: files as given, directories expanded; a missing path is a UserError."""
    pages: list[Path] = []
    for path in paths:
        if str(path) == "-":
            raise UserError("stdin (-) reads one page: give files or directories for a batch")
        if path.is_dir():
            pages += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
        elif path.exists():
            pages.append(path)
        else:
            raise UserError(f"{path}: no such file")
    return pages


class Progress:
    """``done/total pages, pages/s`` rewritten in place on stderr, only when stderr is a terminal."""

    def __init__(self, total: int, stream=None):
        self.stream = stream or sys.stderr
        self.total = total
        self.on = total >= PROGRESS_MIN_PAGES and self.stream.isatty()
        self.start = self.last = time.monotonic()

    def step(self, done: int) -> None:
        now = time.monotonic()
        if self.on and (now - self.last >= 0.2 or done == self.total):
            self.last = now
            rate = done / (now - self.start) if now > self.start else 0.0
            self.stream.write(f"\rhospitalnews extract: {done}/{self.total} pages, {rate:.0f} pages/s")
            self.stream.flush()

    def close(self) -> None:
        if self.on:
            self.stream.write("\n")
            self.stream.flush()


def run_batch(args, pages: list[Path], registered) -> int:
    """One JSON line per page on stdout; an unreadable page or one that fails is one line on stderr and
    counted; exit 1 when any page failed or has no title (a crawl would drop it), else 0."""
    failed = untitled = 0
    progress = Progress(len(pages))
    out = sys.stdout
    for done, page in enumerate(pages, 1):
        try:
            body = read_input(page, what="saved page", allow_stdin=False)
            record = page_record(body, page.resolve().as_uri(), encoding=args.encoding,
                                 listing_date=args.listing_date, site=args.site,
                                 site_name=registered.name if registered else None,
                                 overrides=registered.overrides if registered else None)
        except UserError as error:
            failed += 1
            print(f"hospitalnews extract: {error}; skipped", file=sys.stderr)
        except Exception as error:  # one broken page must not end the batch
            failed += 1
            print(f"hospitalnews extract: {page}: extraction failed ({type(error).__name__}: {error}); skipped",
                  file=sys.stderr)
        else:
            untitled += not record.get("title")
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        progress.step(done)
    progress.close()
    out.flush()
    if failed or untitled:
        print(f"hospitalnews extract: {len(pages)} pages, {failed} failed, {untitled} without a title "
              f"(a crawl would drop those)", file=sys.stderr)
        return 1
    return 0


def run(args) -> int:
    files = args.files
    single = len(files) == 1 and not files[0].is_dir()
    if not single and args.url:
        raise UserError("--url names one page: a batch takes each page's URL from its file name")
    if args.site:
        from ..registry import site_by_key   # only with --site: tomllib and the config paths cost ~20 ms of start-up
    registered = site_by_key(args.site, args.registry) if args.site else None
    if args.site and registered is None:
        raise UserError(f"no site {args.site!r} in the registry")
    if not single:
        pages = batch_pages(files)
        if not pages:
            raise UserError(f"no saved pages ({', '.join(PAGE_SUFFIXES)}) in {', '.join(map(str, files))}")
        return run_batch(args, pages, registered)
    args.file = files[0]
    from_stdin = str(args.file) == "-"
    if from_stdin and not args.url:
        raise UserError("reading stdin needs --url")
    body = read_input(args.file, what="saved page")
    url = args.url or args.file.resolve().as_uri()
    record = page_record(body, url, encoding=args.encoding, listing_date=args.listing_date, site=args.site,
                         site_name=registered.name if registered else None,
                         overrides=registered.overrides if registered else None)
    print(json.dumps(record, ensure_ascii=False, indent=None if args.jsonl else 2))
    if not record.get("title"):  # ValidationPipeline would drop it (stdout stays one JSON object)
        print(f"hospitalnews extract: {args.file}: no title; a crawl would drop this page", file=sys.stderr)
        return 1
    return 0
