"""Scrapy settings for hospitalnews. Anything here can be overridden per run with ``-s NAME=VALUE``.

Default paths never depend on the working directory (hospitalnews/paths.py): they are under
``DATA_DIR`` = ``$HOSPITALNEWS_DATA_DIR``, else ``<project root>/data`` (where scrapy.cfg is), else
``~/.local/share/hospitalnews`` (an egg under scrapyd). A relative path given with ``-s`` is taken
as the shell gives it (relative to the current directory).
"""

from hospitalnews.paths import data_dir as _data_dir

DATA_DIR = str(_data_dir())

BOT_NAME = "hospitalnews"
SPIDER_MODULES = ["hospitalnews.spiders"]
NEWSPIDER_MODULE = "hospitalnews.spiders"
COMMANDS_MODULE = "hospitalnews.commands"

# Identify ourselves and be polite: these are hospitals' servers.
USER_AGENT = "hospitalnews/0.1 (+https://github.com/hospitalnews/hospitalnews; news archive crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024     # a news page is never this big; cap runaway bodies
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 3
REDIRECT_MAX_TIMES = 5

# No local control servers: the telnet console and 2.19's RemoteControl both execute code.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    "hospitalnews.nightly.fillrates.FieldFillRates": 490,   # field fill rates + dropped URLs, for run reports
    "hospitalnews.extensions.StatsFile": 500,   # only when STATS_FILE is set (after FieldFillRates: its final counts)
}

# With REDIS_URL set, the crawl is one worker of a distributed crawl (hospitalnews/distributed/addon.py).
ADDONS = {"hospitalnews.distributed.addon.Distributed": 0}

# Scrapy's offsite filter, plus a record (with URL) of each redirect to another domain it drops.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "hospitalnews.nightly.offsite.RecordingOffsiteMiddleware": 50,
    "hospitalnews.warc.capture.WarcCaptureMiddleware": 950,   # keeps every fetched page (WARC_ENABLED)
    "hospitalnews.warc.replay.WarcReplayMiddleware": 960,     # answers from WARC, only with WARC_REPLAY_DIR
}

# Requests a spider builds without an errback still get their failures recorded with the URL.
SPIDER_MIDDLEWARES = {
    "hospitalnews.nightly.errbacks.RecordFailuresMiddleware": 600,
    "hospitalnews.nightly.storage.StorageFailureMiddleware": 610,   # a full disk breaks the crawl loudly
    "hospitalnews.crawlbounds.WalkBounds": 620,                      # list walks end on their own (traps)
    "hospitalnews.nightly.budget.PageBudget": 950,                   # wraps the callback itself: CPU budget per page
}
PAGE_CPU_BUDGET = 20.0   # seconds of CPU one response's callback may spend before it is abandoned (0: off)

# Bounds on every crawl (crawlbounds.py): list pages per walk; list pages in a row that bring no
# article URL not seen before; and per site, Scrapy's CloseSpider limits on responses and wall time,
# so a trapped site cannot hold crawlall's lock for ever (0 turns a bound off).
WALK_MAX_PAGES = 1000
WALK_MAX_BARREN_PAGES = 3
CLOSESPIDER_PAGECOUNT = 50000
CLOSESPIDER_TIMEOUT = 4 * 3600

# Outputs of one callback processed at once. Scrapy 2.19 starts this many asyncio tasks for every
# response whose output is asynchronous (ours are: async callbacks, async middlewares), whatever it
# yields; a detail page yields one item and a list page ~20 requests, all handled by synchronous
# pipelines and the scheduler, so more buys nothing. The default 100 cost a fifth of the crawl's
# CPU (bench/run, issue 12).
CONCURRENT_ITEMS = 4

ITEM_PIPELINES = {
    "hospitalnews.pipelines.TextCleanupPipeline": 100,
    "hospitalnews.pipelines.PublishTimePipeline": 200,
    "hospitalnews.pipelines.SourcePipeline": 300,
    "hospitalnews.pipelines.ViewCountPipeline": 400,
    "hospitalnews.pipelines.ValidationPipeline": 500,
    "hospitalnews.pipelines.DeduplicationPipeline": 600,
    "hospitalnews.pipelines.ArchivePipeline": 700,
}

# The archive (see hospitalnews/archive/store.py and the README's schema section).
ARCHIVE_ENABLED = True
ARCHIVE_DIR = f"{DATA_DIR}/archive"
ARCHIVE_COMMIT_ITEMS = 200        # publish a segment at least every this many articles …
ARCHIVE_COMMIT_SECONDS = 30.0     # … or this many seconds
VIEWS_DIR = f"{DATA_DIR}/views"         # view-count history of -a refresh_views=DAYS (archive/views.py)

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Nightly runs (scrapy crawlall; see docs/nightly.md).
RUNS_DIR = f"{DATA_DIR}/runs"          # run reports and the .crawlall.lock
SITES_REGISTRY = None                  # a file; None: <project root>/data/sites.toml, else the bundled copy
EPAPER_CONFIG = None                   # a file; None: <project root>/data/papers.toml, else the bundled copy
HEALTH_PAGE_ENABLED = True             # crawlall writes RUNS_DIR/health.html (sites × nights) after each run
CRAWLALL_STALE_NIGHTS = 7              # a site with no new article for this many runs in a row is flagged stale (0: off)
EPAPER_CATCH_UP_DAYS = 7               # nightly e-paper runs also fetch issues of this many past days they missed
EPAPER_TODAY = None                    # YYYY-MM-DD a run takes as today (backfills); None: today, China time
CRAWLALL_MIN_FILL_RATE = 0.9           # below this share of items with title / publish_time, a site is broken

# JavaScript view counters (DedeCMS /plus/count.php, PHPCMS api.php?op=count, …) increment the
# site's count when called: the news spider calls each at most once per article per crawl, never
# for an archived article; 0 turns the follow-up requests off (view_count stays None).
VIEW_COUNTER_REQUESTS = True

# WARC capture of every fetched response (hospitalnews/warc/; README "Keeping the pages").
WARC_ENABLED = True
WARC_DIR = None                   # default: "warc" beside ARCHIVE_DIR, i.e. data/warc/<site>/
WARC_MAX_BYTES = 100 * 1024 * 1024   # publish a WARC file at this size …
WARC_COMMIT_SECONDS = 60.0        # … or this age, and at the end of the crawl
WARC_GZIP_LEVEL = 2               # ISA-L deflate level (0-3) per record: zlib-6-sized files at 1/4 of zlib-1's CPU
WARC_REPLAY_DIR = None            # reextract: answer every request from these WARC files, never the network
# Detail-page extraction in worker processes (extract_pool.py): the crawl process only downloads, reads
# list pages and runs the pipelines. 0 = extract in the crawl process. In a worker, a page that uses more
# than PAGE_CPU_BUDGET seconds of CPU (default 20; 0 = none) is abandoned and recorded with its URL
# (failure kind "budget", stat hospitalnews/over_budget).
EXTRACT_PROCESSES = 2
EXTRACT_NICENESS = 0    # > 0: the workers run that much below the crawl's priority (see extract_pool.py)
