"""Options shared by several commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from pipelines.database import default_db_path


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
