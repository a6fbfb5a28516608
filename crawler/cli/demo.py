"""``portalnews demo``: offline, serve the bundled fixture portal, crawl it, show what is stored."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from crawler.cli.crawl import report
from crawler.cli.options import checked_write_path, count
from crawler.crawl import run_crawl
from store.database import open_db

DEMO_DB = Path("data") / "demo.db"
FAST_LOCAL = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "PROGRESS_ENABLED": True,
    "PROGRESS_INTERVAL": 1.0,
    "LOG_LEVEL": "WARNING",
    "ROLES_PROVINCE": "Thái Nguyên",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` command."""
    parser = subparsers.add_parser(
        "demo",
        help="offline demo: crawl the bundled fixture portal and show example queries",
        description="Start the bundled fixture portal (a NukeViet 4 site) on 127.0.0.1, crawl it "
        f"with the real crawler into {DEMO_DB} (or --db), print what was stored and run three "
        "example queries on it. No network. Running it again updates the same database.",
    )
    parser.add_argument("--db", type=Path, default=None,
                        help=f"database to create or update (default {DEMO_DB}; $PORTALNEWS_DB is "
                             "not used, so the demo never writes into your own database)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve, crawl, summarise."""
    from fixtures.portal import FixturePortal

    path = checked_write_path(args.db if args.db is not None else DEMO_DB)
    with FixturePortal() as portal:
        print(f"Fixture portal serving at {portal.base_url} (offline, 127.0.0.1)")
        print(f"Crawling it into {path} ...", flush=True)
        stats = run_crawl(portal.base_url, db_path=path, overrides=FAST_LOCAL,
                          spider_args={"portal": "demo-thainguyen"})
    status = report(stats, path)
    summarise(path)
    return status


def summarise(path: Path) -> None:
    """Counts per module and category, the latest articles, and example queries with output."""
    db = open_db(path)
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"\n{count(total, 'article')} stored in {path}:")
    for category, n in db.execute(
        "SELECT category, count(*) FROM articles GROUP BY category ORDER BY count(*) DESC"
    ):
        print(f"  {n:3}  {category}")
    failures = db.execute("SELECT count(*) FROM failures").fetchone()[0]
    print(f"{count(failures, 'failure')} recorded (table failures)")
    examples = [
        ["portalnews", "search", "dinh hoa", "--db", str(path), "--limit", "3"],
        ["portalnews", "holders", "Bí thư Tỉnh ủy", "--db", str(path)],
        ["sqlite-utils", str(path),
         "SELECT substr(published, 1, 16) AS published, category, title FROM articles"
         " ORDER BY published DESC LIMIT 5", "--table"],
    ]
    print("\nExample queries (run them yourself):")
    for command in examples:
        print(f"\n$ {shlex.join(command)}")
        module = "crawler.cli" if command[0] == "portalnews" else "sqlite_utils"
        executable = [sys.executable, "-m", module, *command[1:]]
        result = subprocess.run(executable, capture_output=True, text=True, check=False)
        print(result.stdout.rstrip() or result.stderr.rstrip())
    db_option = shlex.join(["--db", str(path)])
    print(f"\nEvery query command reads this database with {db_option} (or "
          f"PORTALNEWS_DB={shlex.quote(str(path))}): people, person NAME, holders ROLE, search, "
          f"export, stats, and serve for Datasette.")
