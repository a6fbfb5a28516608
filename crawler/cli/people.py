"""``portalnews people``, ``person NAME`` and ``holders ROLE``: officials in the database."""

from __future__ import annotations

import argparse
import json
from typing import Any

from crawler.cli import CommandError
from crawler.cli.options import add_db_option, open_readonly_db


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the three commands."""
    p = subparsers.add_parser("people", help="persons mentioned in articles")
    p.add_argument("--portal", help="only mentions on this portal (id)")
    p.add_argument("--role", help="only persons seen in this role, e.g. 'Bí thư Huyện ủy'")
    _common(p, run_people)
    p = subparsers.add_parser("person", help="one person's positions, dates and articles")
    p.add_argument("name", help="the person's name (diacritics optional)")
    _common(p, run_person)
    p = subparsers.add_parser("holders", help="who held a post (on a date), with evidence")
    p.add_argument("role", help="the post, e.g. 'Chủ tịch UBND tỉnh'")
    p.add_argument("--locality", help="the post's locality, e.g. 'Định Hóa'")
    p.add_argument("--on", help="a date (ISO): who held the post that day")
    _common(p, run_holders)


def _common(parser: argparse.ArgumentParser, func: Any) -> None:
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="JSON output for scripts")
    parser.set_defaults(func=func)


def _open(args: argparse.Namespace) -> Any:
    return open_readonly_db(args)


def _emit(args: argparse.Namespace, data: Any, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(lines))


def _table(rows: list[list[Any]], header: list[str]) -> list[str]:
    cells = [header] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


def run_people(args: argparse.Namespace) -> int:
    """List persons."""
    from pipelines.people import people

    rows = people(_open(args), portal=args.portal, role=args.role)
    if not rows:
        raise CommandError("no person matches; check --portal/--role or crawl first")
    _emit(args, rows, _table(
        [[r["name"], r["province"], r["first_seen"], r["last_seen"], r["articles"],
          r["positions"]] for r in rows],
        ["name", "province", "first seen", "last seen", "articles", "positions"]))
    return 0


def run_person(args: argparse.Namespace) -> int:
    """Show one person (or each namesake)."""
    from pipelines.people import find_persons, person_positions

    db = _open(args)
    found = find_persons(db, args.name)
    if not found:
        raise CommandError(f"no person named {args.name!r}; try `portalnews people`")
    data, lines = [], []
    for person in found:
        positions = person_positions(db, person["id"])
        data.append({**person, "positions": positions})
        lines.append(f"{person['name']} (province: {person['province'] or '?'})")
        for pos in positions:
            lines.append(f"  {pos['label']}: {pos['tenure_from'] or '?'} .. {pos['tenure_to'] or '?'}"
                         f" [{pos['statuses']}; seen {pos['first_seen']} .. {pos['last_seen']}]")
            lines += [f"    {a['article_date']}  {a['title']}  {a['url']}" for a in pos["articles"]]
    _emit(args, data, lines)
    return 0


def run_holders(args: argparse.Namespace) -> int:
    """Who held a post."""
    from pipelines.people import holders

    rows = holders(_open(args), args.role, locality=args.locality, on=args.on)
    if not rows:
        when = f" on {args.on}" if args.on else ""
        raise CommandError(f"nobody found in {args.role!r}{when}")
    lines = []
    for r in rows:
        if r.get("held") == "former" and not any(x.startswith("Held before") for x in lines):
            lines.append(f"Held before {args.on} (only former/deceased mentions, not on the date):")
        held = f" [{r['held']}]" if "held" in r else ""
        tenure = f"{r['tenure_from'] or '?'} .. {r['tenure_to'] or '?'}"
        lines.append(f"{r['name']}: {r['position']} {tenure}{held}")
        lines += [f"    {e['article_date']} {e['status']}: {e['sentence']}  {e['url']}"
                  for e in r["evidence"]]
    _emit(args, rows, lines)
    return 0
