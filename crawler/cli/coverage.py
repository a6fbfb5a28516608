"""``portalnews coverage``: what became of every candidate article of a run (the crawl ledger).

``--run ID`` shows one run; without it, the latest run of every portal (or of ``--portal ID``).
Text by default, ``--json`` for scripts (every candidate with its state and reason). Exit status
1 when a shown run has a candidate that is unaccounted for or has not finished (running, or
killed: its candidates are not all accounted for), 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from sqlite_utils import Database

from crawler.cli import CommandError
from crawler.cli.options import add_db_option, open_readonly_db
from store.coverage import LEDGER_STATES, has_ledger, latest_runs, run_summary

LISTED_STATES = ("unaccounted", "pending", "waiting", "deferred", "failed", "rejected")
"""States whose URLs the text report lists (the others are counted)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``coverage`` command."""
    parser = subparsers.add_parser(
        "coverage", help="every candidate article of a run and what became of it",
        description="The crawl ledger of a run: every URL offered as an article (sitemap, feed, "
        "listing, API, links) and its state: stored, unchanged, known (skipped), failed, "
        "rejected (not an article), deferred (left for the next run) or unaccounted. Exit "
        "status 1 when a candidate is unaccounted for or the run has not finished.")
    parser.add_argument("--run", type=int, metavar="ID", help="this run (default: the latest "
                        "run of every portal, or of --portal)")
    parser.add_argument("--portal", metavar="ID", help="the latest run of this portal")
    parser.add_argument("--limit", type=int, default=50, metavar="N",
                        help="URLs listed per state in the text report (default 50)")
    parser.add_argument("--json", action="store_true",
                        help="machine-readable output with every candidate")
    add_db_option(parser)
    parser.set_defaults(func=run)


def collect(db: Database, run_id: int | None, portal: str | None) -> list[dict[str, Any]]:
    """The ledgers asked for; CommandError when there is none."""
    if not has_ledger(db):
        raise CommandError("this database has no crawl ledger yet (it is created by the next "
                           "crawl or `portalnews run`)")
    if run_id is not None:
        ids = [run_id]
    else:
        ids = latest_runs(db, portal)
        if not ids:
            raise CommandError(f"no crawl of portal {portal!r} in this database" if portal
                               else "no crawl in this database yet")
    runs = []
    for one in ids:
        summary = run_summary(db, one, with_entries=True)
        if summary is None:
            raise CommandError(f"no run #{one} in this database; `portalnews status` lists runs")
        if portal and summary["portal"] != portal:
            raise CommandError(f"run #{one} is a crawl of {summary['portal']!r}, not {portal!r}")
        runs.append(summary)
    return runs


def counts_line(states: dict[str, int], stored_new: int | None = None) -> str:
    """``stored 3 (new 2), known 55, ...``: the non-zero states, unaccounted always."""
    parts = []
    for state in LEDGER_STATES:
        count = states.get(state, 0)
        if count or state == "unaccounted":
            extra = f" (new {stored_new})" if state == "stored" and stored_new is not None else ""
            parts.append(f"{state} {count}{extra}")
    return ", ".join(parts)


def text_report(runs: list[dict[str, Any]], limit: int) -> list[str]:
    """The human-readable report, one block per run."""
    lines: list[str] = []
    for r in runs:
        end = r["finish_reason"] or "did not finish (killed?)"
        lines.append(f"Run #{r['run_id']}  {r['portal']}  {r['started_at']}  {end}, "
                     f"health {r['health'] or 'unfinished'}")
        lines.append(f"  candidates {r['candidates']}: {counts_line(r['states'], r['stored_new'])}")
        for reason in r["reasons"]:
            lines.append(f"  {reason['state']:11} {reason['count']:>6}  {reason['reason']}")
        for state in LISTED_STATES:
            urls = [e for e in r["entries"] if e["state"] == state]
            if not urls:
                continue
            lines.append(f"  {state}:")
            for entry in urls[:limit]:
                lines.append(f"    {entry['url']}  {entry['reason'] or ''}".rstrip())
            if len(urls) > limit:
                lines.append(f"    ... and {len(urls) - limit} more (--limit, --json)")
        lines.append("")
    return lines


def run(args: argparse.Namespace) -> int:
    """Print the ledgers; exit 1 when a candidate is unaccounted for."""
    db = open_readonly_db(args)
    try:
        runs = collect(db, args.run, args.portal)
    finally:
        db.close()
    if args.json:
        print(json.dumps({"runs": runs}, ensure_ascii=False, indent=2))
    else:
        print("\n".join(text_report(runs, args.limit)).rstrip())
    return 1 if any(r["unaccounted"] or not r["finish_reason"] for r in runs) else 0
