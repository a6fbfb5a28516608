"""A person's timeline at scale: Datasette's canned ``person_timeline`` query (not a test).

    python3 benchmarks/bench_timeline.py --db benchmarks/out/scale.db [--persons 50] [--repeat 3]

Times the canned query (crawler/datasette/metadata.json, with the plugin's functions) for the
first ``--persons`` persons, each ``--repeat`` times, page cache warm after the first run, and
prints the median, p95 and maximum in milliseconds, the rows per timeline and the query plan.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import canned_sql

from crawler.datasette.plugin import register_functions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--persons", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    register_functions(conn)
    sql = canned_sql("person_timeline")
    names = [r[0] for r in conn.execute("SELECT name FROM persons ORDER BY id LIMIT ?",
                                        [args.persons])]
    ms, rows = [], []
    for name in names:
        rows.append(len(conn.execute(sql, {"name": name}).fetchall()))  # warm
        for _ in range(args.repeat):
            start = time.perf_counter()
            conn.execute(sql, {"name": name}).fetchall()
            ms.append((time.perf_counter() - start) * 1000)
    ms.sort()
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"person timeline, {len(names)} persons x {args.repeat}: median"
          f" {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms;"
          f" rows per timeline: median {statistics.median(rows):.0f}, max {max(rows)};"
          f" load average {os.getloadavg()[0]:.1f}")
    for row in conn.execute("EXPLAIN QUERY PLAN " + sql, {"name": names[0]}):
        print("  plan:", row[-1])


if __name__ == "__main__":
    main()
