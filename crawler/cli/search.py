"""``portalnews search QUERY``: full-text search of stored articles, with or without diacritics."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from crawler.cli import CommandError, NoResults
from crawler.cli.filter_options import add_filter_options, filters_from_args
from crawler.cli.options import add_db_option, open_readonly_db
from store.search import SearchSyntaxError, search

SYNTAX = ('words (all must appear), "a phrase", a OR b, a NOT b, prefix*, (parentheses); '
          "diacritics optional: 'dinh hoa' finds 'Định Hóa', accented matches rank first")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``search`` command."""
    parser = subparsers.add_parser("search", help="full-text search of stored articles",
                                   description=f"Search syntax: {SYNTAX}.")
    parser.add_argument("query", help='words to find, e.g. "Định Hóa" or "dinh hoa"')
    parser.add_argument("--limit", type=int, default=20, help="maximum results (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    add_filter_options(parser)
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print matching articles, accented matches first, then by relevance."""
    if args.limit < 1:
        raise CommandError(f"--limit must be 1 or more, got {args.limit}")
    db = open_readonly_db(args)
    filters = filters_from_args(args)
    try:
        hits = search(db, args.query, limit=args.limit, filters=filters)
    except SearchSyntaxError as exc:
        raise CommandError(f"bad search query {args.query!r}: {exc}. Syntax: {SYNTAX}") from None
    for hit in hits:
        if args.json:
            print(json.dumps(asdict(hit), ensure_ascii=False))
        else:
            date = (hit.published or "")[:16].replace("T", " ")
            print(f"{date:16}  {hit.title}\n                  {hit.snippet}\n                  {hit.url}")
    if not hits:
        raise NoResults(f"no articles match {args.query!r}")
    return 0
