"""``portalnews migrate``: bring a portal-news database to the current schema (the only reading
of an existing database that writes, besides crawls)."""

from __future__ import annotations

import argparse

from crawler.cli import CommandError
from crawler.cli.options import add_db_option, count, db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``migrate`` command."""
    help_text = "upgrade a portal-news database to this version's schema"
    parser = subparsers.add_parser(
        "migrate", help=help_text,
        description=f"{help_text.capitalize()}. Reading commands never change a database; after "
                    "an upgrade of portal-news they ask for this once. Crawls migrate by "
                    "themselves. Back the file up first if it matters: migrations add tables, "
                    "columns and indexes and never remove data.")
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Apply the pending migrations of an existing portal-news database."""
    from store.database import open_db
    from store.readonly import DatabaseProblem, open_readonly
    from store.schema import apply_migrations

    path = db_path(args)
    try:
        open_readonly(path).close()
    except DatabaseProblem as exc:
        if exc.kind != "outdated":
            raise CommandError(str(exc)) from None
    else:
        print(f"{path} is up to date; nothing to migrate")
        return 0
    applied = apply_migrations(open_db(path, migrate=False))
    print(f"{path}: applied {count(len(applied), 'migration')}: " + ", ".join(applied))
    return 0
