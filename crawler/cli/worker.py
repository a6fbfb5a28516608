"""``portalnews worker``: crawl portal jobs from Redis (any number, on any machines)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from crawler.cli import CommandError, RuntimeFailure
from crawler.crawl import parse_setting_overrides


def add_redis_option(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """``--redis URL`` (default ``$PORTALNEWS_REDIS_URL`` where it is optional)."""
    parser.add_argument("--redis", metavar="URL", required=required,
                        default=None if required else os.environ.get("PORTALNEWS_REDIS_URL"),
                        help="Redis server, e.g. redis://queue.example:6379/0"
                             + ("" if required else " (default $PORTALNEWS_REDIS_URL)"))


def require_redis(*, scheduler: bool = False) -> None:
    """A one-line error when the ``scale`` extra is not installed: the Redis client, and
    scrapy-redis for a worker (``scheduler``)."""
    try:
        import redis  # noqa: F401
        if scheduler:
            import scrapy_redis  # noqa: F401
    except ImportError as exc:
        raise CommandError(f"distributed crawling needs {exc.name}: pip install "
                           "'portal-news[scale]' (or pip install redis scrapy-redis)") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``worker`` command."""
    parser = subparsers.add_parser(
        "worker", help="distributed crawling: crawl portal jobs taken from Redis",
        description="Take portal jobs from Redis (enqueued by `portalnews run --redis`), hold a "
        "lease per portal, crawl with the usual spiders and stages and hand the items to the "
        "writer. Runs until SIGTERM/SIGINT (the crawls stop and go to other workers). "
        "See docs/scaling.md.")
    add_redis_option(parser, required=True)
    parser.add_argument("--slots", type=int, default=4, metavar="N",
                        help="portals crawled side by side by this worker (default 4)")
    parser.add_argument("--lease", type=float, default=60.0, metavar="SECONDS",
                        help="lease expiry, renewed every third of it (default 60); a killed "
                             "worker's portals go to others after this long")
    parser.add_argument("--exit-when-idle", type=float, default=None, metavar="SECONDS",
                        help="exit after this long without a job (default: run forever)")
    parser.add_argument("--log-file", type=Path, default=None, help="rotating log file")
    parser.add_argument("-s", "--set", dest="settings", action="append", metavar="NAME=VALUE",
                        help="override a Scrapy setting for every crawl (repeatable)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Work until stopped."""
    if args.slots < 1 or args.lease < 3:
        raise CommandError("--slots must be at least 1 and --lease at least 3 seconds")
    try:
        overrides = parse_setting_overrides(args.settings)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    require_redis(scheduler=True)
    from crawler.distributed.jobs import keys_from_env
    from crawler.distributed.worker import Worker

    if args.log_file:
        from crawler.scheduled import setup_log_file

        setup_log_file(args.log_file)
    try:
        worker = Worker(args.redis, keys_from_env(), slots=args.slots, lease_seconds=args.lease,
                        overrides=overrides, idle_exit=args.exit_when_idle)
    except ConnectionError as exc:
        raise RuntimeFailure(str(exc)) from exc
    worker.run()
    return 0
