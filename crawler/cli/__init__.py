"""The ``portalnews`` command: one module per command group under ``crawler.cli``.

Each command module exposes ``register(subparsers)`` that adds its parser and sets
``func`` (called with the parsed arguments, returns the exit status).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "crawler.cli.demo",
    "crawler.cli.crawl",
    "crawler.cli.run",
    "crawler.cli.status",
    "crawler.cli.portals",
    "crawler.cli.search",
    "crawler.cli.export",
    "crawler.cli.stats",
    "crawler.cli.serve",
    "crawler.cli.normalise",
    "crawler.cli.people",
    "crawler.cli.chart",
)


class CommandError(Exception):
    """An error the user can act on: printed to stderr without a traceback, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every registered command."""
    parser = argparse.ArgumentParser(
        prog="portalnews",
        description="Collect news from Vietnamese provincial portals into SQLite and query it.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    subparsers.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"portalnews: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("portalnews: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
