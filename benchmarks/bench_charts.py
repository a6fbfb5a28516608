"""How long drawing each chart takes on the 100,000-article synthetic database (docs/benchmarks.md).

    python3 benchmarks/bench_charts.py --articles 100000 --db /tmp/bench_charts.db [--reuse]

Builds the database with ``benchmarks/synthetic_storage.py`` unless it exists (``--reuse``), adds
a year of synthetic daily runs per portal to ``crawl_runs`` (the storage benchmark writes
articles only), then for each chart times building the specification from the database and
drawing it as SVG in this process (after one warm-up: the Datasette pages' case, minus the
browser), and the whole ``portalnews chart ... -o FILE`` command as a new process, ``--runs``
times per format: median and max. ``--code DIR`` runs another checkout of the project (its
``crawler``, ``pipelines`` and ``store``), e.g. ``git archive`` of an older commit, for before/after
figures from the same database and the same minutes of the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def add_runs(path: Path, days: int = 365) -> int:
    """One run per portal per day for ``days`` days (a few warnings and failures), once."""
    import sqlite3

    from synthetic_storage import PORTALS

    db = sqlite3.connect(path)
    if db.execute("SELECT count(*) FROM crawl_runs").fetchone()[0]:
        return 0
    rng = random.Random(15)
    start = date(2025, 1, 1)
    rows = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        for portal, _ in PORTALS:
            warning = rng.random() < 0.05
            rows.append((
                portal, "nukeviet", f"{day.isoformat()}T02:{rng.randint(0, 59):02d}:00+07:00",
                f"{day.isoformat()}T03:00:00+07:00", "finished", rng.randint(0, 30),
                rng.randint(0, 5), rng.randint(0, 50), rng.randint(0, 3),
                json.dumps({"downloader/request_count": rng.randint(50, 400)}),
                "warning" if warning else "ok", json.dumps(["early stop"] if warning else [])))
    db.executemany(
        "INSERT INTO crawl_runs (portal, spider, started_at, finished_at, finish_reason,"
        " articles_new, articles_updated, articles_unchanged, failures, stats, health, problems)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.commit()
    db.close()
    return len(rows)


def busiest(path: Path) -> tuple[str, str]:
    """The name with most mentions and the label of the most mentioned position."""
    import sqlite3

    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    name = db.execute("SELECT pe.name FROM mentions m JOIN persons pe ON pe.id = m.person_id"
                      " GROUP BY pe.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    label = db.execute("SELECT p.label FROM mentions m JOIN positions p ON p.id = m.position_id"
                       " GROUP BY p.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    db.close()
    return name, label


def in_process(db_path: Path, charts: dict[str, list[str]], repeat: int) -> dict[str, dict]:
    """Spec and spec + SVG in this process (the code on ``sys.path``), per chart."""
    from crawler.charts.activity import activity_chart, portal_chart
    from crawler.charts.base import open_readonly
    from crawler.charts.health import health_chart
    from crawler.charts.holders import holders_chart
    from crawler.charts.person import person_chart
    from crawler.charts.provinces import provinces_chart
    from crawler.charts.render import render

    makers = {
        "person": lambda db, a: person_chart(db, a[1]),
        "holders": lambda db, a: holders_chart(db, a[1]),
        "activity": lambda db, a: activity_chart(db),
        "activity --portal": lambda db, a: portal_chart(db, a[2]),
        "health --days 0": lambda db, a: health_chart(db, days=0),
        "provinces": lambda db, a: provinces_chart(db),
    }
    render({"mark": "point", "data": {"values": []}}, ".svg")  # start the JavaScript engine
    out = {}
    for title, argv in charts.items():
        db = open_readonly(db_path)
        makers[title](db, argv)
        specs, totals = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            spec = makers[title](db, argv)
            t1 = time.perf_counter()
            render(spec, ".svg")
            specs.append(t1 - t0)
            totals.append(time.perf_counter() - t0)
        rows = sum(len(v.get("data", {}).get("values", []))
                   for v in [spec, *spec.get("layer", []), *spec.get("vconcat", [])])
        out[title] = {"rows": rows, "spec": specs, "svg": totals}
    return out


def processes(code: Path, db_path: Path, argv: list[str], fmt: str,
              runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU time (user + system, of the child: on a shared machine the CPU time is the
    steadier figure) of ``portalnews chart ARGV --db DB -o FILE.fmt`` in new processes."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    walls, cpus = [], []
    for _ in range(runs):
        before = _children_cpu()
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "crawler.cli", "chart", *argv, "--db", str(db_path),
                        "-o", f"/tmp/bench_chart.{fmt}"], check=True, capture_output=True, env=env,
                       cwd=code)  # `python -m` puts the working directory first on sys.path
        walls.append(time.perf_counter() - t0)
        cpus.append(_children_cpu() - before)
    return walls, cpus


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return "/".join(f"{v:.1f}" for v in os.getloadavg())


def _fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} / {max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_charts.db"))
    parser.add_argument("--reuse", action="store_true", help="use the database at --db as it is")
    parser.add_argument("--repeat", type=int, default=3,
                        help="in-process repeats (median; 0: command runs only)")
    parser.add_argument("--runs", type=int, default=5, help="command runs per format")
    parser.add_argument("--formats", default="svg,png", help="formats of the command runs")
    parser.add_argument("--only", help="charts to time, comma-separated (e.g. holders,person)")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the checkout whose code draws (default: this one)")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code))
    if not (args.reuse and args.db.exists()):
        from synthetic_storage import build

        started = time.perf_counter()
        build(args.db, args.articles)
        print(f"built {args.db} in {time.perf_counter() - started:.0f} s")
    print(f"added {add_runs(args.db)} runs")
    name, label = busiest(args.db)
    charts = {"person": ["person", name], "holders": ["holders", label],
              "activity": ["activity"], "activity --portal": ["activity", "--portal", "portal0"],
              "health --days 0": ["health", "--days", "0"], "provinces": ["provinces"]}
    if args.only:
        charts = {k: v for k, v in charts.items() if k.split()[0] in args.only.split(",")}
    formats = [f for f in args.formats.split(",") if f]
    print(f"code {args.code}; load average (1/5/15 min) {_load()}; {time.strftime('%H:%M')}")
    print("| chart | data rows | spec (s) | spec + SVG in process (s, median / max) |"
          + "".join(f" `portalnews chart` {f.upper()}: wall, CPU (s, median / max) |"
                    for f in formats) + " load |")
    timed = in_process(args.db, charts, args.repeat) if args.repeat else {}
    for title, argv in charts.items():
        cells = []
        for fmt in formats:
            walls, cpus = processes(args.code, args.db, argv, fmt, args.runs)
            cells.append(f"{_fmt(walls)}, {_fmt(cpus)}")
        t = timed.get(title, {"rows": 0, "spec": [0.0], "svg": [0.0]})
        print(f"| {title} | {t['rows']:,} | {statistics.median(t['spec']):.2f} |"
              f" {_fmt(t['svg'])} |" + "".join(f" {c} |" for c in cells)
              + f" {os.getloadavg()[0]:.1f} |", flush=True)
    print(f"load average (1/5/15 min) {_load()}; {time.strftime('%H:%M')}")


if __name__ == "__main__":
    main()
