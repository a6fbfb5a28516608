"""``portalnews stats``: what the database holds, per portal, category and month."""

from __future__ import annotations

import argparse
import json
from typing import Any

from crawler.cli.options import add_db_option, count, open_readonly_db
from store.stats import collect_stats


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``stats`` command."""
    help_text = "counts of articles, versions, runs, failures, people"
    parser = subparsers.add_parser(
        "stats", help=help_text,
        description=f"{help_text.capitalize()}: totals, then per portal, category, month, crawl "
                    "run and failure stage.")
    parser.add_argument("--top", type=int, default=20, help="rows of categories and months (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    add_db_option(parser)
    parser.set_defaults(func=run)


def _table(rows: list[dict[str, Any]]) -> list[str]:
    if not rows:
        return ["  (none)"]
    header = list(rows[0])
    cells = [header] + [["" if v is None else str(v) for v in row.values()] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]


def run(args: argparse.Namespace) -> int:
    """Print the summary."""
    stats = collect_stats(open_readonly_db(args), top=args.top)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    t = stats["totals"]
    lines = [
        f"{count(t['articles'], 'article')} from {count(t['portals'], 'portal')} "
        f"({t['articles_undated']} without a date)",
        f"{count(t['article_versions'], 'version')}: {count(t['articles_changed'], 'article')} "
        "changed after first fetch",
        f"{count(t['event_dates'], 'event date')}, {count(t['images'], 'image')}",
        f"{count(t['persons'], 'person')}, {count(t['positions'], 'position')}, "
        f"{count(t['mentions'], 'mention')}",
        f"{count(t['crawl_runs'], 'crawl run')}, {count(t['failures'], 'failure')}",
    ]
    for title in ("portals", "categories", "months", "runs", "failures"):
        lines += ["", f"{title}:", *_table(stats[title])]
    print("\n".join(lines))
    return 0
