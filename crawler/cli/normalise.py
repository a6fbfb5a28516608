"""``portalnews normalise date|roles``: run a normaliser on text, or on JSON lines from stdin."""

from __future__ import annotations

import argparse
import importlib

NORMALISER_MODULES = ("crawler.cli.normalise_date", "crawler.cli.normalise_roles")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``normalise`` and its sub-commands (each module registers one)."""
    parser = subparsers.add_parser(
        "normalise", help="normalise dates or officials' roles in text",
        description="Run the normaliser the crawler uses on any text: `date` (publish lines, "
                    "ranges, relative forms) or `roles` (officials and their posts).")
    sub = parser.add_subparsers(dest="normaliser", metavar="KIND")
    sub.required = True
    for name in NORMALISER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
