"""``portalnews writer``: the only process writing SQLite in a distributed crawl."""

from __future__ import annotations

import argparse
import signal

from crawler.cli import CommandError, RuntimeFailure
from crawler.cli.options import add_db_option, checked_write_path, db_path
from crawler.cli.worker import add_redis_option, require_redis


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``writer`` command."""
    parser = subparsers.add_parser(
        "writer", help="distributed crawling: store the workers' items in the database",
        description="Store the items, failures, ledger rows and runs handed over by workers in "
        "the SQLite database (batched transactions, acknowledged after commit) and publish to "
        "Redis what workers need for incremental crawls. Run exactly one. See docs/scaling.md.")
    add_redis_option(parser, required=True)
    parser.add_argument("--batch", type=int, default=500, metavar="N",
                        help="messages per transaction (default 500)")
    parser.add_argument("--exit-when-idle", type=float, default=None, metavar="SECONDS",
                        help="exit after this long without a message (default: run forever)")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Store until SIGTERM/SIGINT (the batch in hand is finished first)."""
    if args.batch < 1:
        raise CommandError("--batch must be at least 1")
    require_redis()
    from crawler.distributed.jobs import connect, keys_from_env
    from crawler.distributed.writer import Writer

    try:
        client = connect(args.redis)
    except ConnectionError as exc:
        raise RuntimeFailure(str(exc)) from exc
    writer = Writer(client, keys_from_env(), checked_write_path(db_path(args)), batch=args.batch)
    stopping: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: stopping.append(number))
    try:
        writer.run(stop=lambda: bool(stopping), idle_exit=args.exit_when_idle)
    finally:
        writer.close()
    return 0
