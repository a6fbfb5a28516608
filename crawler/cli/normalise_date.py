"""``portalnews normalise date TEXT [--reference ISO] [--order dmy|mdy] [--tz ZONE] [--jsonl]``.

Prints the date result of interfaces.md as JSON. Exit status 0 when a date was found, 1 when
the text holds none (the JSON, with its ``error``, is still printed), 2 for bad options.
``--jsonl`` reads objects (``text``, ``reference``, ``order``, ``tz``) from stdin, one per line,
and prints one result per line; a bad line gives ``{"error": ...}`` and processing goes on.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any, TextIO

from pipelines.datenorm import ORDERS, get_zone, normalise_date
from pipelines.timezones import VN_TZ_NAME


class OptionError(ValueError):
    """A bad option value (reported to stderr, exit status 2)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``date`` to the ``normalise`` group."""
    parser = subparsers.add_parser(
        "date",
        help="normalise one date string to the JSON date result",
        description="Normalise a Vietnamese date string (publish line, label, range, relative "
        "form...) to the JSON date result. Exit status: 0 found, 1 no date, 2 bad options.",
    )
    parser.add_argument("text", nargs="?", help="the date text (omit with --jsonl)")
    parser.add_argument("--reference", help="ISO date-time for missing years and relative "
                        "forms (default: now)")
    parser.add_argument("--order", choices=ORDERS, default="dmy",
                        help="numeric day/month order (default: dmy)")
    parser.add_argument("--tz", default=VN_TZ_NAME,
                        help=f"zone of clock times without offset (default: {VN_TZ_NAME})")
    parser.add_argument("--jsonl", action="store_true",
                        help="read JSON objects (text, reference, order, tz) from stdin, one "
                        "per line; write one result per line")
    parser.add_argument("--pretty", action="store_true", help="indent the JSON (one TEXT only)")
    parser.set_defaults(func=run)


def parse_reference(value: Any) -> datetime | None:
    """An ISO date or date-time (naive values are read in Vietnam time later)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise OptionError("reference must be an ISO 8601 string")
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise OptionError(
            f"reference {value!r} is not ISO 8601 (e.g. 2024-03-15T10:00+07:00)"
        ) from None


def _result(text: Any, reference: Any, order: Any, tz: Any) -> dict[str, Any]:
    if order not in ORDERS:
        raise OptionError(f"order {order!r} must be {' or '.join(ORDERS)}")
    if not isinstance(tz, str) or get_zone(tz) is None:
        raise OptionError(f"unknown time zone {tz!r} (e.g. Asia/Ho_Chi_Minh, UTC, +07:00)")
    source = "default" if tz == VN_TZ_NAME else "portal"
    return normalise_date(text, reference=parse_reference(reference), order=order, tz=tz,
                          tz_source=source).to_dict()


def _dump(obj: dict[str, Any], out: TextIO, *, pretty: bool = False) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None) + "\n")


def run_jsonl(args: argparse.Namespace, stdin: TextIO, out: TextIO) -> int:
    """One result per input line, in order; bad lines give ``{"error": ...}``."""
    for line in stdin:
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            if not isinstance(obj, dict):
                raise OptionError("each line must be a JSON object with a 'text' field")
            if not isinstance(obj.get("text"), str):
                raise OptionError("'text' must be a string")
            result = _result(obj["text"], obj.get("reference", args.reference),
                             obj.get("order", args.order), obj.get("tz", args.tz))
        except (OptionError, json.JSONDecodeError) as exc:
            result = {"error": f"bad line: {exc}"}
        _dump(result, out)
    out.flush()
    return 0


def run(args: argparse.Namespace) -> int:
    """Entry point of ``portalnews normalise date``."""
    if args.jsonl:
        return run_jsonl(args, sys.stdin, sys.stdout)
    if args.text is None:
        print("portalnews normalise date: error: give TEXT, or --jsonl to read stdin",
              file=sys.stderr)
        return 2
    try:
        result = _result(args.text, args.reference, args.order, args.tz)
    except OptionError as exc:
        print(f"portalnews normalise date: error: {exc}", file=sys.stderr)
        return 2
    _dump(result, sys.stdout, pretty=args.pretty)
    return 0 if result["value"] is not None else 1
