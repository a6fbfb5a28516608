"""How long drawing each chart takes on the 100,000-article synthetic database (docs/benchmarks.md).

    python3 benchmarks/bench_charts.py --articles 100000 --db /tmp/bench_charts.db

Builds the database with ``benchmarks/synthetic_storage.py`` unless it exists (``--reuse``), adds
a year of synthetic daily runs per portal to ``crawl_runs`` (the storage benchmark writes
articles only), then for each chart times building the specification from the database and
drawing it as SVG (in process, after one warm-up, median of ``--repeat``), and once the whole
``portalnews chart ... -o FILE.svg`` command in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_storage import PORTALS, build

from crawler.charts.activity import activity_chart, portal_chart
from crawler.charts.base import open_readonly
from crawler.charts.health import health_chart
from crawler.charts.holders import holders_chart
from crawler.charts.person import person_chart
from crawler.charts.provinces import provinces_chart
from crawler.charts.render import render
from store.database import open_db


def add_runs(path: Path, days: int = 365) -> int:
    """One run per portal per day for ``days`` days (a few warnings and failures), once."""
    db = open_db(path)
    if db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0]:
        return 0
    rng = random.Random(15)
    start = date(2025, 1, 1)
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        for portal, _ in PORTALS:
            warning = rng.random() < 0.05
            rows.append({
                "portal": portal, "spider": "nukeviet",
                "started_at": f"{day.isoformat()}T02:{rng.randint(0, 59):02d}:00+07:00",
                "finished_at": f"{day.isoformat()}T03:00:00+07:00", "finish_reason": "finished",
                "articles_new": rng.randint(0, 30), "articles_updated": rng.randint(0, 5),
                "articles_unchanged": rng.randint(0, 50), "failures": rng.randint(0, 3),
                "stats": json.dumps({"downloader/request_count": rng.randint(50, 400)}),
                "health": "warning" if warning else "ok",
                "problems": json.dumps(["early stop"] if warning else []),
            })
    db["crawl_runs"].insert_all(rows)
    db.close()
    return len(rows)


def busiest(path: Path) -> tuple[str, str]:
    """The name with most mentions and the label of the most mentioned position."""
    db = open_readonly(path)
    name = db.execute("SELECT pe.name FROM mentions m JOIN persons pe ON pe.id = m.person_id"
                      " GROUP BY pe.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    label = db.execute("SELECT p.label FROM mentions m JOIN positions p ON p.id = m.position_id"
                       " GROUP BY p.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    return name, label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_charts.db"))
    parser.add_argument("--reuse", action="store_true", help="use the database at --db as it is")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not (args.reuse and args.db.exists()):
        started = time.perf_counter()
        build(args.db, args.articles)
        print(f"built {args.db} in {time.perf_counter() - started:.0f} s")
    print(f"added {add_runs(args.db)} runs")
    name, label = busiest(args.db)
    charts = {
        "person": (lambda db: person_chart(db, name), ["person", name]),
        "holders": (lambda db: holders_chart(db, label), ["holders", label]),
        "activity": (activity_chart, ["activity"]),
        "activity --portal": (lambda db: portal_chart(db, "portal0"),
                              ["activity", "--portal", "portal0"]),
        "health --days 0": (lambda db: health_chart(db, days=0), ["health", "--days", "0"]),
        "provinces": (provinces_chart, ["provinces"]),
    }
    render({"mark": "point", "data": {"values": []}}, ".svg")  # start the JavaScript engine
    print("| chart | marks | spec (s) | spec + SVG (s) | `portalnews chart` process (s) |")
    for title, (make, argv) in charts.items():
        db = open_readonly(args.db)
        make(db)
        specs, totals = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            spec = make(db)
            t1 = time.perf_counter()
            render(spec, ".svg")
            t2 = time.perf_counter()
            specs.append(t1 - t0)
            totals.append(t2 - t0)
        values = sum(len(v.get("data", {}).get("values", []))
                     for v in [spec, *spec.get("layer", []), *spec.get("vconcat", [])])
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "crawler.cli", "chart", *argv, "--db", str(args.db),
                        "-o", "/tmp/bench_chart.svg"], check=True, capture_output=True)
        cli = time.perf_counter() - t0
        print(f"| {title} | {values:,} | {statistics.median(specs):.2f} |"
              f" {statistics.median(totals):.2f} | {cli:.2f} |", flush=True)


if __name__ == "__main__":
    main()
