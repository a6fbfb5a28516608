"""``portalnews people``, ``person NAME`` and ``holders ROLE``: officials in the database."""

from __future__ import annotations

import argparse
import json
from typing import Any

from crawler.cli import CommandError, NoResults
from crawler.cli.options import add_db_option, day_option, open_readonly_db


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the three commands."""
    p = _parser(subparsers, "people", "persons mentioned in articles, with their positions",
                "Names and roles match with or without diacritics. Exit status 1 when nobody "
                "matches.")
    p.add_argument("--name", help="only persons whose name holds these words, e.g. 'Bảo' or "
                                  "'quoc bao'")
    p.add_argument("--portal", help="only mentions on this portal (id)")
    p.add_argument("--role", help="only persons seen in this role, e.g. 'Bí thư Huyện ủy' or "
                                  "'bi thu huyen uy'")
    p.add_argument("--limit", type=int, help="at most this many persons")
    _common(p, run_people)
    p = _parser(subparsers, "person", "one person's positions, dates and articles",
                "A full name, with or without diacritics; when none matches, the persons whose "
                "name holds the words are suggested (exit status 1).")
    p.add_argument("name", help="the person's name (diacritics optional)")
    _common(p, run_person)
    p = _parser(subparsers, "holders", "who held a post (on a date), with evidence",
                "The post is read like the roles in articles, with or without diacritics "
                "('Chủ tịch UBND tỉnh', 'chu tich ubnd tinh'). Exit status 1 when nobody is found.")
    p.add_argument("role", help="the post, e.g. 'Chủ tịch UBND tỉnh'")
    p.add_argument("--locality", help="the post's locality, e.g. 'Định Hóa' or 'dinh hoa'")
    p.add_argument("--on", metavar="YYYY-MM-DD", help="who held the post that day")
    _common(p, run_holders)


def _parser(subparsers: argparse._SubParsersAction, name: str, help_text: str,
            details: str) -> argparse.ArgumentParser:
    return subparsers.add_parser(name, help=help_text,
                                 description=f"{help_text[0].upper()}{help_text[1:]}. {details}")


def _common(parser: argparse.ArgumentParser, func: Any) -> None:
    add_db_option(parser)
    parser.add_argument("--json", action="store_true", help="JSON output for scripts")
    parser.set_defaults(func=func)


def _emit(args: argparse.Namespace, data: Any, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print("\n".join(lines))


def _nothing(args: argparse.Namespace, message: str) -> NoResults:
    """Exit status 1: ``[]`` on stdout for ``--json`` scripts, the message on stderr."""
    if args.json:
        print("[]")
    return NoResults(message)


def _table(rows: list[list[Any]], header: list[str]) -> list[str]:
    cells = [header] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


def run_people(args: argparse.Namespace) -> int:
    """List persons."""
    from store.people_queries import people

    if args.limit is not None and args.limit < 1:
        raise CommandError(f"--limit must be 1 or more, got {args.limit}")
    rows = people(open_readonly_db(args), portal=args.portal, role=args.role, name=args.name,
                  limit=args.limit)
    if not rows:
        raise _nothing(args, "no person matches; check --name/--portal/--role")
    _emit(args, rows, _table(
        [[r["name"], r["province"], r["first_seen"], r["last_seen"], r["articles"],
          "; ".join(r["positions"])] for r in rows],
        ["name", "province", "first seen", "last seen", "articles", "positions"]))
    return 0


def run_person(args: argparse.Namespace) -> int:
    """Show one person (or each namesake); suggest names holding the words when none matches."""
    from store.people_queries import find_persons, name_candidates, person_positions

    db = open_readonly_db(args)
    found = find_persons(db, args.name)
    if not found:
        candidates = name_candidates(db, args.name)
        if not candidates:
            raise _nothing(args, f"no person named {args.name!r}; try `portalnews people`")
        names = ", ".join(f"{c['name']} ({c['province'] or '?'})" for c in candidates)
        raise _nothing(args, f"no person named exactly {args.name!r}; candidates: {names}")
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
    from store.people_queries import holders

    on = day_option(args.on, "--on") if args.on is not None else None
    rows = holders(open_readonly_db(args), args.role, locality=args.locality, on=on)
    if not rows:
        when = f" on {on}" if on else ""
        raise _nothing(args, f"nobody found in {args.role!r}{when}")
    lines = []
    for r in rows:
        if r.get("held") == "former" and not any(x.startswith("Held before") for x in lines):
            lines.append(f"Held before {on} (only former/deceased mentions, not on the date):")
        held = f" [{r['held']}]" if "held" in r else ""
        tenure = f"{r['tenure_from'] or '?'} .. {r['tenure_to'] or '?'}"
        lines.append(f"{r['name']}: {r['position']} {tenure}{held}")
        lines += [f"    {e['article_date']} {e['status']}: {e['sentence']}  {e['url']}"
                  for e in r["evidence"]]
    _emit(args, rows, lines)
    return 0
