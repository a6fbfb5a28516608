"""Options shared by several commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from sqlite_utils import Database

from store.database import default_db_path


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """``--db PATH`` (default ``$PORTALNEWS_DB`` or ``data/portalnews.db``)."""
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help=f"SQLite database (default: $PORTALNEWS_DB or {default_db_path()})",
    )


def db_path(args: argparse.Namespace) -> Path:
    """The database path chosen by ``--db`` or the default."""
    return args.db if args.db is not None else default_db_path()


def add_incremental_options(parser: argparse.ArgumentParser) -> None:
    """``--full`` and ``--since DATE`` (crawls are incremental by default)."""
    parser.add_argument("--full", action="store_true",
                        help="refetch every article, not only new or changed ones")
    parser.add_argument("--since", metavar="DATE",
                        help="backfill through listings down to DATE (YYYY-MM-DD)")


def incremental_overrides(args: argparse.Namespace) -> dict[str, object]:
    """Scrapy settings for ``--full``/``--since``; raise CommandError on a bad date."""
    overrides: dict[str, object] = {}
    if getattr(args, "full", False):
        overrides["INCREMENTAL_FULL"] = True
    since = getattr(args, "since", None)
    if since:
        overrides["INCREMENTAL_SINCE"] = day_option(since, "--since")
    return overrides


def day_option(value: str, option: str) -> str:
    """A ``YYYY-MM-DD`` option's value checked by the one date reader
    (:func:`store.filters.parse_day`); a bad date is a one-line CommandError."""
    from crawler.cli import CommandError
    from store.filters import FilterError, parse_day

    try:
        return parse_day(value, option)
    except FilterError as exc:
        raise CommandError(str(exc)) from None


def checked_write_path(path: Path) -> Path:
    """``path`` if a crawl may write it (absent, empty or a portal-news database), else a
    CommandError: a crawl never adds its tables to another application's file."""
    from crawler.cli import CommandError
    from store.readonly import DatabaseProblem, check_write_target

    try:
        check_write_target(path)
    except DatabaseProblem as exc:
        raise CommandError(str(exc)) from None
    return path


def open_readonly_db(args: argparse.Namespace) -> Database:
    """Open the chosen portal-news database read-only (``store.readonly``); any problem
    (missing, a directory, empty, foreign, damaged, locked, older schema) is a CommandError."""
    from crawler.cli import CommandError
    from store.readonly import DatabaseProblem, open_readonly

    try:
        return open_readonly(db_path(args))
    except DatabaseProblem as exc:
        raise CommandError(str(exc)) from None


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 portal``, ``2 portals``, ``0 articles`` (``plural`` when not ``noun + "s"``)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
