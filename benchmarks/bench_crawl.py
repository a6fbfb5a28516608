"""Crawl throughput on the synthetic portal next to ``scrapy bench``, then incremental re-runs.

    python3 benchmarks/bench_crawl.py [--articles 20000] [--bench-seconds 20] [--new 10]

Politeness off (no delay, no AutoThrottle, 8 concurrent requests to the one local portal);
robots.txt still obeyed. Three crawls of the same portal into one database: the full crawl, a
re-run with nothing new, and a re-run after ``--new`` articles were published. Prints Markdown
tables for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from fixtures.portal import FixturePortal

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "CONCURRENT_REQUESTS=8",
        "-s", "LOG_LEVEL=WARNING"]


CPU_SECONDS: list[float] = []  # CPU time (user + system) of each crawl subprocess


def crawl(base_url: str, db: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one ``portalnews crawl`` subprocess (its CPU time is
    appended to :data:`CPU_SECONDS`)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--url", base_url, "--db",
                    str(db), "--quiet", *FAST], check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU_SECONDS.append(after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime)
    return wall, max(after.ru_maxrss, usage.ru_maxrss)


def stored_count(db: Path) -> int:
    """Articles in the database."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def scrapy_bench(seconds: int) -> float:
    """Pages per minute reported by ``scrapy bench`` (its own local server and spider)."""
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}",
         "-s", "LOG_LEVEL=INFO"],
        capture_output=True, text=True, check=False, cwd=tempfile.gettempdir(),
    )
    rates = [int(m) for m in re.findall(r"Crawled \d+ pages \(at (\d+) pages/min\)", result.stderr)]
    rates = [r for r in rates if r > 0]
    return sum(rates) / len(rates) if rates else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--bench-seconds", type=int, default=20)
    parser.add_argument("--new", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with FixturePortal(synthetic=args.articles) as portal:
            wall, peak_kib = crawl(portal.base_url, db)
            requests = len(portal.requests)
            stored = stored_count(db)
            reruns = []
            for label, new in (("re-run, nothing new", 0), (f"re-run, {args.new} new", args.new)):
                newest = max(portal.corpus.published_articles(), key=lambda a: a.published)
                for i in range(new):
                    portal.add_article(dataclasses.replace(
                        newest, id=newest.id + 1000 + i, alias=f"bench-new-{i}",
                        title=f"{newest.title} ({i})", published=newest.published + timedelta(hours=i + 1)))
                portal.reset_log()
                rerun_wall, _ = crawl(portal.base_url, db)
                paths = [path for _m, path, _s in portal.requests]
                reruns.append((label, rerun_wall, len(paths), sum(p.endswith(".html") for p in paths)))
        size_mib = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*")) / 2**20
    bench_ppm = scrapy_bench(args.bench_seconds)
    pages_s = requests / wall
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print()
    print("| measure | portal-news crawl | scrapy bench |")
    print("|---|---|---|")
    print(f"| articles in the portal / stored | {args.articles} / {stored} | - |")
    print(f"| requests served | {requests} | - |")
    print(f"| wall time | {wall:.1f} s | {args.bench_seconds} s |")
    print(f"| pages/s | {pages_s:.1f} | {bench_ppm / 60:.1f} |")
    print(f"| articles/s | {stored / wall:.1f} | - |")
    print(f"| CPU time of the crawl process (user + system) | {CPU_SECONDS[0]:.1f} s ="
          f" {CPU_SECONDS[0] / max(stored, 1) * 1000:.1f} ms per article ="
          f" {stored / CPU_SECONDS[0]:.0f} articles per CPU-second | - |")
    print(f"| ratio to scrapy bench (pages/s) | {pages_s / (bench_ppm / 60):.2f} | 1.00 |")
    print(f"| peak RSS of the crawl process | {peak_kib / 1024:.0f} MiB | - |")
    print(f"| database size | {size_mib:.1f} MiB ({size_mib * 1024 / max(stored, 1):.1f} KiB/article) | - |")
    print()
    print("| crawl | wall time | requests | article pages fetched |")
    print("|---|---|---|---|")
    print(f"| full crawl (empty database) | {wall:.1f} s | {requests} | {stored} |")
    for label, rerun_wall, rerun_requests, articles in reruns:
        print(f"| {label} | {rerun_wall:.1f} s | {rerun_requests} | {articles} |")


if __name__ == "__main__":
    main()
