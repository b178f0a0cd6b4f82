"""Split a whole printed page (its text layer, as in seed 000) into articles and print them as JSON
lines in the archive schema; ``--archive DIR`` also appends them to DIR/<site>/.

    hospitalnews split-page page.txt --paper taianribao --date 2024-02-05 --category "A3 健康"

``--paper`` is a key of data/papers.toml (site = the key, site_name = source = the paper's name);
a paper that is not configured is named with ``--paper-name 泰山晚报`` instead (then site = ``print``).
An unknown key, a bad date, a missing ``--papers`` file, a missing/binary/directory FILE or an
``--archive`` that is not a directory is a one-line error (exit 2) before anything is written. Each story's URL, hence its archive id, is
``<page-url>?story=N`` (N from 1, page order); ``--page-url`` defaults to
``https://print.invalid/<site>/<date>/<file name>`` (``.invalid`` can never be a real host).
Articles go through the crawl's normalising pipelines and the schema check.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date as Date
from datetime import datetime, timezone
from pathlib import Path

from ..archive import SiteArchive
from ..extract.dates import CST
from ..extract.institutions import named_institutions
from ..extract.printlayout import split_page
from ..items import Article
from ..papers import load_papers
from ..pipelines import PublishTimePipeline, SourcePipeline, TextCleanupPipeline, ViewCountPipeline
from ..schema import article_validator
from ..urls import article_id
from .clean_text_cmd import read_text
from .inputs import UserError

HELP = "split a printed page's text into articles (JSON lines; --archive writes them)"
NORMALISERS = (TextCleanupPipeline(), PublishTimePipeline(), SourcePipeline(), ViewCountPipeline())


def add_arguments(parser):
    parser.add_argument("file", type=Path)
    paper = parser.add_mutually_exclusive_group(required=True)
    paper.add_argument("--paper", help="paper key of data/papers.toml")
    paper.add_argument("--paper-name", help="name of a paper that is not configured (site = print)")
    parser.add_argument("--date", required=True, type=iso_date, help="issue date YYYY-MM-DD")
    parser.add_argument("--category", help="the printed page, e.g. 'A3 健康'")
    parser.add_argument("--page-url", help="URL of the page (story URLs are URL?story=N)")
    parser.add_argument("--papers", type=Path, default=None, help="papers file (default <project root>/data/papers.toml)")
    parser.add_argument("--archive", type=Path, help="archive directory to append the articles to")


def iso_date(text: str) -> Date:
    return Date.fromisoformat(text)


iso_date.__name__ = "date (YYYY-MM-DD)"   # argparse names the type in its one-line error


def page_articles(text: str, *, site: str, paper_name: str, day: Date, page_url: str,
                  category: str | None = None, now: datetime | None = None,
                  suffixes=None, places=None) -> list[dict]:
    """The archive records of one printed page, normalised and schema-checked."""
    now = now or datetime.now(timezone.utc)
    records = []
    for n, story in enumerate(split_page(text, paper=paper_name, date=day.isoformat()), start=1):
        url = f"{page_url}?story={n}"
        article = Article(
            id=article_id(url), url=url, site=site, site_name=paper_name, category=category,
            title=story["title"], kicker=story["kicker"], subtitle=story["subtitle"],
            publish_time=datetime(day.year, day.month, day.day, tzinfo=CST).isoformat(),
            publish_time_raw=story["publish_time_raw"], source=story["source"],
            authors=story["authors"], content=story["content"],
            crawled_at=now.isoformat(timespec="seconds"),
        )
        text_of_story = "\n".join(filter(None, [article.title, article.subtitle, article.content]))
        kwargs = {k: v for k, v in (("suffixes", suffixes), ("places", places)) if v}
        article.institutions = named_institutions(text_of_story, **kwargs)
        for step in NORMALISERS:
            step.process_item(article)
        record = asdict(article)
        errors = list(article_validator().iter_errors(record))
        if errors:
            raise ValueError(f"story {n} ({url}) breaks the archive schema: {errors[0].message}")
        records.append(record)
    return records


def run(args) -> int:
    config = load_papers(args.papers)   # ConfigError (one line) when given and missing or invalid
    if args.paper:
        paper = config.papers.get(args.paper)
        if paper is None:
            raise UserError(f"unknown paper {args.paper!r}; configured: {', '.join(sorted(config.papers))} "
                            f"(--paper-name NAME for another paper)")
        site, name = paper.key, paper.name
    else:
        site, name = "print", args.paper_name
    if args.archive and args.archive.exists() and not args.archive.is_dir():
        raise UserError(f"{args.archive}: not a directory (--archive)")
    text = read_text(args.file)
    page_url = args.page_url or f"https://print.invalid/{site}/{args.date.isoformat()}/{args.file.name}"
    records = page_articles(
        text, site=site, paper_name=name, day=args.date, page_url=page_url,
        category=args.category,
        suffixes=config.institution_suffixes if config else None, places=config.places if config else None,
    )
    for record in records:
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if args.archive:
        archive = SiteArchive(args.archive, site)
        try:
            written = sum(archive.append(record) for record in records)
        finally:
            archive.close()
        print(f"{written} new article(s) archived in {args.archive / site} "
              f"({len(records) - written} already there)", file=sys.stderr)
    return 0
