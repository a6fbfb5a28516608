"""Scrapy settings of portal-news (module ``crawler.settings``; scrapy.cfg names it).

Every crawl started from code loads this module (``crawler.crawl.project_settings``), so a
crawl works from any directory and from an installed wheel. The ``settings.py`` at the root of
the repository only re-exports it, for tools that expect a top-level ``settings`` module.

Politeness is part of correctness: robots.txt obeyed, one request at a time per portal, a delay
of two seconds (NukeViet answers HTTP 429 above about 40 requests a minute), AutoThrottle on.
Override any of these per run with ``portalnews crawl ... -s NAME=VALUE``.
"""

import os

BOT_NAME = "portalnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Identity: an honest User-Agent with a contact URL. Set yours with the environment variable
# PORTALNEWS_CONTACT_URL or `-s PORTALNEWS_CONTACT_URL=...` (the User-Agent follows it).
USER_AGENT_TEMPLATE = "portal-news/0.1 (+{contact}; research crawler)"
PORTALNEWS_CONTACT_URL = os.environ.get("PORTALNEWS_CONTACT_URL",
                                        "https://github.com/portal-news/portal-news")
USER_AGENT = USER_AGENT_TEMPLATE.format(contact=PORTALNEWS_CONTACT_URL)

# Politeness.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50% around the delay
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 60
# Verify TLS certificates; portals with broken chains opt out in the registry (verify_tls = false).
DOWNLOAD_VERIFY_CERTIFICATES = True
# Items and requests of one response are handled one at a time: the pipeline stages are
# synchronous, so Scrapy's default of 100 parallel workers per response only adds ~100 asyncio
# tasks per page (about a fifth of a crawl's CPU time: docs/benchmarks.md, "Scale").
CONCURRENT_ITEMS = 1
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no control server on a crawler host
REDIRECT_MAX_TIMES = 10

# Retry-After of 429/503 honoured by pausing the portal (before RetryMiddleware at 550).
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.RetryAfterMiddleware": 560,
    "crawler.middlewares.CharsetRepairMiddleware": 580,
}
RETRY_AFTER_MAX = 600

# Incremental crawling: only new or changed articles (``--full`` / ``--since`` set these).
SPIDER_MIDDLEWARES = {
    "crawler.incremental.IncrementalMiddleware": 850,
    # The crawl ledger records every candidate article; outside the incremental middleware.
    "crawler.ledger_middleware.LedgerMiddleware": 950,
}
INCREMENTAL_ENABLED = True
INCREMENTAL_FULL = False
INCREMENTAL_SINCE = None
RETRY_AFTER_TIMES = 3

# Item pipelines, one module per stage (order matters: text first, storage last).
ITEM_PIPELINES = {
    "pipelines.text.TextPipeline": 100,
    "pipelines.validation.ValidationPipeline": 200,
    "pipelines.dates.DatesPipeline": 300,
    "pipelines.roles.RolesPipeline": 400,
    "pipelines.storage.StoragePipeline": 900,
}

EXTENSIONS = {
    "crawler.progress.ProgressReporter": 500,
    "crawler.monitoring.FieldCoverage": 510,
    "crawler.politeness.DelayFloor": 520,
}
MONITORING_ENABLED = True
# The delay as a floor counted from the previous response, the jitter above it
# (crawler/politeness.py): with Scrapy's ± jitter alone two requests may reach a portal half the
# delay apart, and NukeViet answers 429 above ~40 requests a minute.
DELAY_FLOOR_ENABLED = True

# Bounds of a crawl (``portalnews run`` sets them from its options).
CLOSESPIDER_TIMEOUT = 0  # per-portal time limit in seconds (0: none)
MEMUSAGE_ENABLED = True
MEMUSAGE_LIMIT_MB = 0  # memory cap of the crawl process (0: none)

# Storage: database path (``portalnews crawl --db`` sets it; default data/portalnews.db or
# $PORTALNEWS_DB).
STORAGE_DB_PATH = None
# The portal's registry name and kind, stored in the portals table (set per portal by the CLI).
PORTAL_NAME = None
PORTAL_KIND = None

# Progress lines on stderr while crawling.
PROGRESS_ENABLED = False
PROGRESS_INTERVAL = 5.0

LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.QuietDropLogFormatter"
FEED_EXPORT_ENCODING = "utf-8"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
