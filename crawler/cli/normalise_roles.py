"""``portalnews normalise roles TEXT [--date ISO] [--locality TEXT] [--province TEXT] [--jsonl]``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from crawler.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``roles`` normaliser."""
    parser = subparsers.add_parser(
        "roles", help="persons and their roles in a text, as JSON",
        description="Print the persons and roles in TEXT (a list: one entry per person with "
                    "its name, span and roles) as one JSON line (--pretty: indented). Exit "
                    "status: 0 persons found, 1 none, 2 bad options.")
    parser.add_argument("text", nargs="?", help="text to read (omit with --jsonl)")
    parser.add_argument("--date", help="the article's date (YYYY-MM-DD), chooses the gazetteer "
                        "version")
    parser.add_argument("--locality", help="the place the text reports on, e.g. 'huyện Định Hóa'")
    parser.add_argument("--province", help="the portal's province, e.g. 'Thái Nguyên'")
    parser.add_argument("--jsonl", action="store_true",
                        help="read JSON objects (text, date, locality, province) from stdin, one "
                             "per line; write one JSON result per line")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON (one TEXT only)")
    parser.set_defaults(func=run)


def _one(obj: dict[str, Any]) -> list[dict[str, Any]]:
    from pipelines.rolenorm.extractor import extract_roles
    from store.filters import parse_day

    if obj.get("date") is not None:
        if not isinstance(obj["date"], str):
            raise ValueError("'date' must be a string YYYY-MM-DD")
        parse_day(obj["date"], "date")
    return extract_roles(obj["text"], date=obj.get("date"), locality=obj.get("locality"),
                         province=obj.get("province"))


def run(args: argparse.Namespace) -> int:
    """Print the roles result of one text, or of each JSON line on stdin."""
    if not args.jsonl:
        if args.text is None:
            raise CommandError("give TEXT, or --jsonl to read JSON lines from stdin")
        try:
            result = _one({"text": args.text, "date": args.date, "locality": args.locality,
                           "province": args.province})
        except ValueError as exc:
            raise CommandError(str(exc).replace("date:", "--date:", 1)) from None
        print(json.dumps(result, ensure_ascii=False, indent=2 if args.pretty else None))
        return 0 if result else 1
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError("expected an object with a string field 'text'")
            for key, default in (("date", args.date), ("locality", args.locality),
                                 ("province", args.province)):
                obj.setdefault(key, default)
            out: Any = _one(obj)
        except (ValueError, TypeError) as exc:
            out = {"error": str(exc)}
        print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0
