"""Names vulture (tests/test_dead_code.py) cannot see used: called by a framework or a library by
name, read through ``dataclasses.asdict``/``vars``, or used only by the tests and benchmarks
(fixtures). Reviewed one by one; each entry says who uses it. Not imported by anything: vulture
reads it as source, where ``_.name`` marks ``name`` as used.
"""
# ruff: noqa: B018, F821

# -- Scrapy calls these by name ---------------------------------------------------------------------
_.process_item  # item pipeline stages (pipelines/*.py, crawler/distributed/handoff.py)
_.open_spider  # item pipelines: called when the spider opens (pipelines/storage.py, handoff)
_.process_response  # downloader middlewares (crawler/middlewares.py)
_.process_spider_output  # spider middlewares (crawler/incremental.py, crawler/ledger_middleware.py)
_.process_spider_output_async  # the same, for async callbacks (Scrapy >= 2.13)
_.dropped  # LogFormatter hook (crawler/logformatter.py)
_.lastseen  # Scrapy's downloader slot reads it for the next delay (crawler/middlewares.py)
_.QuietDropLogFormatter  # named by LOG_FORMATTER in crawler/settings.py
_.RedisIncrementalMiddleware  # named by the worker's SPIDER_MIDDLEWARES (crawler/distributed/worker.py)
# Fallbacks named by a request's meta["on_fail"] (a method name keeps meta picklable for
# scrapy-redis); PortalSpiderBase.on_error calls them by name.
_._index_missing  # crawler/spiders/nukeviet.py
_._api_failed  # crawler/spiders/wordpress.py
_._no_feed  # crawler/spiders/wordpress.py

# crawler/settings.py: Scrapy reads the module's upper-case names as settings.
_.BOT_NAME
_.SPIDER_MODULES
_.NEWSPIDER_MODULE
_.ROBOTSTXT_OBEY
_.CONCURRENT_REQUESTS
_.CONCURRENT_REQUESTS_PER_DOMAIN
_.DOWNLOAD_DELAY
_.DOWNLOAD_DELAY_JITTER
_.AUTOTHROTTLE_ENABLED
_.AUTOTHROTTLE_START_DELAY
_.AUTOTHROTTLE_MAX_DELAY
_.AUTOTHROTTLE_TARGET_CONCURRENCY
_.RETRY_ENABLED
_.RETRY_TIMES
_.RETRY_HTTP_CODES
_.DOWNLOAD_TIMEOUT
_.DOWNLOAD_VERIFY_CERTIFICATES
_.CONCURRENT_ITEMS
_.DOWNLOAD_MAXSIZE
_.DOWNLOAD_WARNSIZE
_.COOKIES_ENABLED
_.TELNETCONSOLE_ENABLED
_.REMOTE_CONTROL_ENABLED
_.REDIRECT_MAX_TIMES
_.DOWNLOADER_MIDDLEWARES
_.RETRY_AFTER_MAX
_.SPIDER_MIDDLEWARES
_.INCREMENTAL_ENABLED
_.INCREMENTAL_FULL
_.INCREMENTAL_SINCE
_.RETRY_AFTER_TIMES
_.ITEM_PIPELINES
_.EXTENSIONS
_.MONITORING_ENABLED
_.DELAY_FLOOR_ENABLED
_.CLOSESPIDER_TIMEOUT
_.MEMUSAGE_ENABLED
_.MEMUSAGE_LIMIT_MB
_.STORAGE_DB_PATH
_.PORTAL_NAME
_.PORTAL_KIND
_.PROGRESS_ENABLED
_.PROGRESS_INTERVAL
_.LOG_LEVEL
_.LOG_FORMATTER
_.FEED_EXPORT_ENCODING
_.REQUEST_FINGERPRINTER_IMPLEMENTATION

# -- Datasette calls these plugin hooks by name (crawler/datasette/) --------------------------------
_.prepare_connection
_.canned_queries
_.register_routes
_.menu_links
_.render_cell

# -- the standard library calls these by name ---------------------------------------------------------
_.do_GET  # http.server handlers of the fixture portal and sites
_.do_HEAD
_.log_message
_.daemon_threads  # socketserver.ThreadingMixIn
_.protocol_version  # BaseHTTPRequestHandler
_.server_version
_.sys_version
exc_type  # __exit__(self, exc_type, exc, tb): the context manager protocol (crawler/lock.py, fixtures)
tb

# -- read as data, not by name --------------------------------------------------------------------
# store/schema.py: migrations, registered by decorator and run in order by apply_migrations
_.foundation
_.article_dates
_.query_indexes
_.portal_checks
_.scheduled_runs
_.date_results
_.search_indexes
_.crawl_ledger
_.scale_indexes
_.chart_indexes
# crawler/distributed/writer.py: message handlers, found as getattr(self, f"_on_{kind}")
_._on_batch_start
_._on_batch_finish
_._on_start
_._on_article
_._on_failure
_._on_ledger
_._on_finish
# dataclass fields written to the database or JSON through asdict()/vars()/ItemAdapter
_.checked_at  # crawler/health.py CheckResult -> portal_checks rows, `portals check --json`
_.platform_evidence
_.elapsed_ms
_.published_raw  # crawler/items.py ArticleItem and crawler/platforms/article.py ArticleFields
_.updated_raw  # (the spider copies every ArticleFields field into the item: vars(fields))
_.time_meta
_.fetched_at
_.event_dates

# -- used only by the tests and the benchmarks (fixtures/ and test support) --------------------------
_.TimedPortal  # fixtures/loopback.py: tests/distributed, tests/operations, benchmarks/bench_scaleout.py
_.article_hits
_.too_close
_.write_registry
_.reset_log  # fixtures/portal/server.py: tests/operations/test_scheduled_run.py, benchmarks/bench_crawl.py
_.add_article
_.SELECTORS  # fixtures/sites/liferay.py: tests/platforms/test_liferay.py (a theme's selectors)
_.LocalRedis  # crawler/distributed/local_redis.py: tests/distributed/conftest.py, bench_scaleout.py
_.restart
