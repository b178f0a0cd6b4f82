"""Scrapy settings for hospitalnews. Anything here can be overridden per run with ``-s NAME=VALUE``."""

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
    "hospitalnews.extensions.StatsFile": 500,   # only when STATS_FILE is set
    "hospitalnews.distributed.RedisIdleKeepAlive": 510,  # only with scrapy-redis's SCHEDULER
    "hospitalnews.nightly.fillrates.FieldFillRates": 520,   # field fill rates + dropped URLs, for run reports
}

# Scrapy's offsite filter, plus a record (with URL) of each redirect to another domain it drops.
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "hospitalnews.nightly.offsite.RecordingOffsiteMiddleware": 50,
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
ARCHIVE_DIR = "data/archive"
ARCHIVE_COMMIT_ITEMS = 200        # publish a segment at least every this many articles …
ARCHIVE_COMMIT_SECONDS = 30.0     # … or this many seconds
VIEWS_DIR = "data/views"          # view-count history of -a refresh_views=DAYS (archive/views.py)

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Nightly runs (scrapy crawlall; see docs/nightly.md).
RUNS_DIR = "data/runs"                 # run reports and the .crawlall.lock
SITES_REGISTRY = "data/sites.toml"
CRAWLALL_MIN_FILL_RATE = 0.9           # below this share of items with title / publish_time, a site is broken

# JavaScript view counters (DedeCMS /plus/count.php, PHPCMS api.php?op=count, …) increment the
# site's count when called: the news spider calls each at most once per article per crawl, never
# for an archived article; 0 turns the follow-up requests off (view_count stays None).
VIEW_COUNTER_REQUESTS = True
