"""``portalnews export --format jsonl|csv``: stored articles for other tools (interfaces.md)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from crawler.cli.filter_options import add_filter_options, filters_from_args
from crawler.cli.options import add_db_option, open_readonly_db
from crawler.cli.options import count as count_of
from pipelines.export import export_records, write_csv, write_jsonl


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``export`` command."""
    parser = subparsers.add_parser(
        "export", help="export stored articles as JSON lines or CSV",
        description="One record per article: text, tags, images, publish/update dates, versions, "
                    "event dates and mentions of persons with their roles.")
    parser.add_argument("--format", choices=("jsonl", "csv"), default="jsonl",
                        help="jsonl (default): one JSON object per line; csv: nested fields as JSON")
    parser.add_argument("-o", "--output", type=Path, help="write to this file (default: stdout)")
    add_filter_options(parser)
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the records; report the count on stderr."""
    db = open_readonly_db(args)
    filters = filters_from_args(args)
    records = export_records(db, filters)
    write = write_jsonl if args.format == "jsonl" else write_csv
    if args.output is None:
        try:
            count = write(records, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    else:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            count = write(records, out)
    print(f"exported {count_of(count, 'article')}", file=sys.stderr)
    return 0 if count else 1
