"""``portalnews export --format jsonl|csv``: stored articles for other tools (interfaces.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from crawler.cli import CommandError
from crawler.cli.filter_options import add_filter_options, filters_from_args
from crawler.cli.options import add_db_option, open_readonly_db
from crawler.cli.options import count as count_of
from store.export import export_records, write_csv, write_jsonl


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export", help="export stored articles as JSON lines or CSV",
        description="One record per article: text, tags, images, publish/update dates, versions, "
                    "event dates and mentions of persons with their roles.")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                        help="jsonl (default): one JSON object per line; csv: published/updated "
                             "as ISO value, precision and JSON result, other nested fields as JSON")
    parser.add_argument("--bom", action="store_true",
                        help="csv: start with a UTF-8 byte-order mark, for Excel")
    parser.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    add_filter_options(parser)
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the records; report the count on stderr (exit status 1 when none passed)."""
    if args.bom and args.format != "csv":
        raise CommandError("--bom is for --format csv")
    db = open_readonly_db(args)
    records = export_records(db, filters_from_args(args))
    if args.output is None:  # a broken pipe (`| head`) is handled quietly by main()
        count = _write(args, records, sys.stdout)
    else:
        try:
            with open(args.output, "w", encoding="utf-8", newline="") as out:
                count = _write(args, records, out)
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"exported {count_of(count, 'article')}", file=sys.stderr)
    return 0 if count else 1


def _write(args: argparse.Namespace, records: Iterable[dict[str, Any]], out: TextIO) -> int:
    if args.format == "jsonl":
        return write_jsonl(records, out)
    return write_csv(records, out, bom=args.bom)
