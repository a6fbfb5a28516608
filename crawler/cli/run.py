"""``portalnews run``: the cron entry point (every enabled portal, incremental, locked, bounded)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from crawler.cli import CommandError, RuntimeFailure
from crawler.cli.options import (
    add_db_option,
    add_incremental_options,
    checked_write_path,
    db_path,
    incremental_overrides,
)
from crawler.cli.portals import add_registry_option, registry_from
from crawler.crawl import parse_setting_overrides
from crawler.registry import RegistryError
from crawler.scheduled import RunOptions, run_scheduled
from crawler.targets import portal_target


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``run`` command."""
    parser = subparsers.add_parser(
        "run",
        help="cron entry point: crawl every enabled portal of the registry",
        description="Crawl every enabled portal (or --portal ID ...) incrementally in one process. "
        "Exit status: 0 all portals healthy, 1 partial success, 2 failure, 3 another run is "
        "in progress.",
    )
    parser.add_argument("--portal", action="append", metavar="ID",
                        help="limit the run to this portal (repeatable)")
    parser.add_argument("--max-time", type=float, default=6 * 3600, metavar="SECONDS",
                        help="stop the whole run after this long (default 6 h)")
    parser.add_argument("--portal-time", type=float, default=2 * 3600, metavar="SECONDS",
                        help="stop one portal's crawl after this long (default 2 h)")
    parser.add_argument("--memory", type=int, default=2048, metavar="MB",
                        help="memory cap of the run (default 2048 MB; 0: none)")
    parser.add_argument("--log-file", type=Path, default=Path("logs") / "portalnews.log",
                        help="rotating log file (default logs/portalnews.log)")
    parser.add_argument("--notify-command", default=os.environ.get("PORTALNEWS_NOTIFY_COMMAND"),
                        help="command run with the JSON report on stdin when the run is not healthy")
    parser.add_argument("--webhook", default=os.environ.get("PORTALNEWS_WEBHOOK"),
                        help="URL that receives the JSON report (POST) when the run is not healthy")
    parser.add_argument("-s", "--set", dest="settings", action="append", metavar="NAME=VALUE",
                        help="override a Scrapy setting for every portal (repeatable)")
    parser.add_argument("--redis", metavar="URL", default=None,
                        help="distributed: enqueue the portals for `portalnews worker`s at this "
                             "Redis and wait for the writer's results (docs/scaling.md)")
    add_incremental_options(parser)
    add_registry_option(parser)
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Resolve the portals, then run them."""
    registry = registry_from(args)
    try:
        portals = registry.resolve(args.portal) if args.portal else [p for p in registry if p.enabled]
        overrides = parse_setting_overrides(args.settings)
    except (RegistryError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if not portals:
        raise CommandError("no enabled portal in the registry; see `portalnews portals list`")
    options = RunOptions(
        db_path=checked_write_path(db_path(args)),
        targets=[portal_target(portal) for portal in portals],
        overrides={**incremental_overrides(args), **overrides},
        max_seconds=args.max_time or None,
        portal_seconds=args.portal_time or None,
        memory_mb=args.memory or None,
        log_file=args.log_file,
        notify_command=args.notify_command,
        webhook=args.webhook,
    )
    if args.redis:
        from crawler.cli.worker import require_redis

        require_redis()
        from crawler.distributed.coordinator import run_distributed
        from crawler.distributed.jobs import keys_from_env

        try:
            return run_distributed(options, args.redis, keys_from_env())
        except ConnectionError as exc:
            raise RuntimeFailure(str(exc)) from exc
    return run_scheduled(options)
