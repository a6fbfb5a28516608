"""``portalnews status``: the last scheduled runs and the health of every portal, with the crawl
ledger of its latest run (candidates per state; ``portalnews coverage`` lists them)."""

from __future__ import annotations

import argparse
import json
import os
from typing import Any

from crawler.cli.coverage import counts_line
from crawler.cli.options import add_db_option, open_readonly_db
from store.coverage import has_ledger, state_counts

PORTALS_SQL = """
SELECT r.id, r.portal, r.health, r.problems, r.finish_reason, r.started_at, r.articles_new,
       r.articles_updated, r.failures, r.stats,
       (SELECT max(started_at) FROM crawl_runs ok WHERE ok.portal = r.portal AND ok.health = 'ok')
         AS last_ok
FROM crawl_runs r
WHERE r.id = (SELECT max(id) FROM crawl_runs x WHERE x.portal = r.portal)
ORDER BY r.health = 'ok', r.portal
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``status`` command."""
    parser = subparsers.add_parser("status", help="health of the last runs and of every portal")
    parser.add_argument("--runs", type=int, default=5, help="how many scheduled runs to list")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--redis", metavar="URL", default=os.environ.get("PORTALNEWS_REDIS_URL"),
                        help="also show distributed crawling: workers, queues, leases, writer "
                             "(default $PORTALNEWS_REDIS_URL)")
    add_db_option(parser)
    parser.set_defaults(func=run)


def collect(db: Any, runs: int) -> dict[str, Any]:
    """Recent batches and each portal's latest run with its verdict and field coverage."""
    batches = [dict(zip(("id", "started_at", "finished_at", "status", "exit_code", "portals",
                         "portals_ok", "portals_warning", "portals_failed", "articles_new",
                         "articles_updated", "failures"), row, strict=True))
               for row in db.execute(
                   "SELECT id, started_at, finished_at, status, exit_code, portals, portals_ok,"
                   " portals_warning, portals_failed, articles_new, articles_updated, failures"
                   " FROM run_batches ORDER BY id DESC LIMIT ?", [runs])]
    portals = []
    ledger = has_ledger(db)
    for row in db.execute(PORTALS_SQL).fetchall():
        (run_id, portal, health, problems, reason, started, new, updated, failures, stats,
         last_ok) = row
        stats = json.loads(stats or "{}")
        total = stats.get("portalnews/fields_total", 0)
        coverage = {name: round(stats.get(f"portalnews/fields/{name}", 0) / total, 2)
                    for name in ("title", "body_text", "published", "author")} if total else {}
        portals.append({"portal": portal, "health": health or "unfinished",
                        "problems": json.loads(problems or "[]"), "finish_reason": reason,
                        "started_at": started, "articles_new": new, "articles_updated": updated,
                        "failures": failures, "coverage": coverage, "last_ok": last_ok,
                        "run_id": run_id, "ledger": _ledger(db, run_id) if ledger else None})
    return {"runs": batches, "portals": portals}


def _ledger(db: Any, run_id: int) -> dict[str, Any]:
    """The run's candidates per state (crawl ledger); open states of a killed run count as
    unaccounted."""
    states = state_counts(db, run_id)
    return {"candidates": sum(states.values()), "states": states,
            "unaccounted": states["unaccounted"]}


def run(args: argparse.Namespace) -> int:
    """Print the status; exit 1 when the latest verdict of some portal is not ok."""
    report = collect(open_readonly_db(args), args.runs)
    if getattr(args, "redis", None):
        report["distributed"] = distributed(args.redis)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print("Scheduled runs:" if report["runs"] else "No scheduled run yet.")
        for b in report["runs"]:
            print(f"  #{b['id']} {b['started_at']}  {b['status'] or 'running':8} portals ok "
                  f"{b['portals_ok'] or 0}/{b['portals']}, {b['articles_new'] or 0} new, "
                  f"{b['articles_updated'] or 0} updated, {b['failures'] or 0} failures")
        print("Portals (latest run):")
        for p in report["portals"]:
            cover = ", ".join(f"{k} {v:.0%}" for k, v in p["coverage"].items())
            print(f"  {p['health']:10} {p['portal']}  last run {p['started_at']}, "
                  f"last ok {p['last_ok'] or 'never'}; {p['articles_new'] or 0} new, "
                  f"{p['failures'] or 0} failures" + (f"; coverage: {cover}" if cover else ""))
            if p["ledger"] is not None:
                print(f"             candidates {p['ledger']['candidates']} (run #{p['run_id']}): "
                      f"{counts_line(p['ledger']['states'])}")
            for problem in p["problems"]:
                print(f"             - {problem}")
        if "distributed" in report:
            print_distributed(report["distributed"])
    healthy = all(p["health"] == "ok" and not (p["ledger"] or {}).get("unaccounted")
                  for p in report["portals"])
    return 0 if healthy else 1


def distributed(url: str) -> dict[str, Any]:
    """The Redis side of distributed crawling (:func:`crawler.distributed.jobs.overview`)."""
    from crawler.cli import RuntimeFailure
    from crawler.cli.worker import require_redis

    require_redis()
    from crawler.distributed.jobs import connect, keys_from_env, overview

    try:
        return overview(connect(url), keys_from_env())
    except ConnectionError as exc:
        raise RuntimeFailure(str(exc)) from exc


def print_distributed(info: dict[str, Any]) -> None:
    """Workers, queue lengths, leases and the writer as text."""
    q = info["queues"]
    print(f"Distributed: jobs {q['jobs_waiting']} waiting, {q['jobs_pending']} running; items "
          f"{q['items_waiting']} waiting for the writer, {q['items_pending']} in its batch")
    writer = info["writer"]
    print(f"  writer: {'last seen ' + writer['at'] if writer else 'not seen in the last minute'}")
    for w in info["workers"]:
        print(f"  worker {w['worker']}: heartbeat {w['seconds_since_heartbeat']} s ago, "
              f"crawling {', '.join(w['crawling']) or 'nothing'} ({w['crawled']} done)")
    for lease in info["leases"]:
        print(f"  lease {lease['portal']}: {lease['worker']}, {lease['ms_left'] / 1000:.1f} s left, "
              f"{lease.get('frontier', 0)} requests in its frontier")
