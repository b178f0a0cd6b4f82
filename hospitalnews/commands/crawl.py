"""``scrapy crawl`` as Scrapy's, plus: spider arguments checked first, and a short summary at the end.

* A bad ``-a NAME=VALUE`` (spiders/args.py), an unknown spider or an unreadable registry/papers
  file is one line on stderr, ``scrapy crawl: error: …``, and exit status 2, before any request or
  any write (so no junk site directory either).
* When the crawl ends, one line per site on stderr (stdout stays free for ``-O -``)::

      sd_cancer: finished; 9 new, 0 known, 0 failed, 0 invalid; archived in /srv/hn/data/archive/sd_cancer

  ("export only" instead of the archive with ``-s ARCHIVE_ENABLED=0``; "; N error(s) in the log" when
  more errors were logged than failures recorded, e.g. a pipeline that raised on every item). Exit status 1 when the crawl
  did not finish normally.
"""

from __future__ import annotations

import sys
from pathlib import Path

from scrapy.commands.crawl import Command as ScrapyCrawl

from ..registry import ConfigError
from ..spiders.args import SpiderArgumentError, accepted_arguments, check_arguments

EXIT_USAGE = 2


def crawl_summary(spider_name: str, site: str, stats: dict, settings) -> str:
    """One human line from a finished crawl's stats."""
    failures = [f for f in stats.get("hospitalnews/failures") or [] if f.get("kind") != "skipped"]
    invalid = sum(v for k, v in stats.items() if k.startswith("hospitalnews/dropped/") and not k.endswith("/duplicate"))
    known = stats.get("hospitalnews/articles_known", 0) + stats.get("archive/already_archived", 0)
    if settings.getbool("ARCHIVE_ENABLED", True):
        written = {k.rsplit("/", 1)[1] for k in stats if k.startswith("archive/written/")}
        root = Path(settings.get("ARCHIVE_DIR"))
        new = stats.get("archive/written", 0)
        where = ("archived in " if new else "nothing new for the archive in ") + \
            ", ".join(str(root / s) for s in sorted(written or {site}))
    else:
        where = "export only (ARCHIVE_ENABLED=0), archive untouched"
        new = stats.get("item_scraped_count", 0)
    errors = stats.get("log_count/ERROR", 0)   # e.g. a pipeline that raised on every item
    logged = f"; {errors} error(s) in the log" if errors > len(failures) else ""
    return (f"{site}: {stats.get('finish_reason', 'not started')}; {new} new, {known} known, "
            f"{len(failures)} failed, {invalid} invalid; {where}{logged}")


def handed_back(spider, reason) -> bool:
    """A distributed worker asked to stop (SIGTERM, Ctrl-C: finish reason ``shutdown``) put every request it
    held back in the shared queue (distributed/scheduler.py) and the other workers finish the crawl: a
    clean stop, exit 0. A single crawl stopped that way is incomplete, exit 1."""
    return reason == "shutdown" and getattr(spider, "cluster", None) is not None


class Command(ScrapyCrawl):
    def run(self, args, opts):
        if len(args) != 1:
            return super().run(args, opts)   # Scrapy's own usage errors
        name = args[0]
        loader = self.crawler_process.spider_loader
        if name not in loader.list():
            return self._refuse(f"no spider {name!r} (spiders: {', '.join(sorted(loader.list()))})")
        spidercls = loader.load(name)
        if "registry" in accepted_arguments(spidercls) and "registry" not in opts.spargs \
                and self.settings.get("SITES_REGISTRY"):
            opts.spargs["registry"] = self.settings.get("SITES_REGISTRY")   # -s SITES_REGISTRY reaches `news`
        try:
            check_arguments(spidercls, opts.spargs, self.settings)
        except (SpiderArgumentError, ConfigError) as error:
            return self._refuse(str(error))
        crawler = self._create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
        spider = getattr(crawler, "spider", None)
        site = getattr(spider, "site", None) or name
        print(crawl_summary(name, site, stats, crawler.settings), file=sys.stderr, flush=True)
        if stats.get("finish_reason") not in (None, "finished") and not self.exitcode \
                and not handed_back(spider, stats.get("finish_reason")):
            self.exitcode = 1

    def _refuse(self, message: str) -> None:
        print(f"scrapy crawl: error: {message}", file=sys.stderr, flush=True)
        self.exitcode = EXIT_USAGE
