"""Distributed crawling on loopback: 1, 2 and 4 workers and one writer around a real Redis.

    python3 benchmarks/bench_scaleout.py [--json] [--portals 20] [--articles 500] [--delay 0.05]
                                         [--slots 2] [--writer-articles 5000] [--writer-only]

Synthetic fixture portals (one HTTP server each on 127.0.0.1), registered with ``--delay``
(jitter and AutoThrottle off); for each worker count a fresh Redis and database, one writer,
``portalnews run --redis`` as the coordinator. Reports articles stored and per second, the
speed-up over one worker, ``lost`` (articles served but not stored), ``duplicates`` (stored more
than once: extra rows or extra versions), ``politeness_violations`` (two requests to one portal
closer than its delay less 2 ms of clock granularity; the same count for a single-machine
``portalnews run`` of the same portals is given beside it), and the writer alone: article messages
stored per second in batched transactions (copies of one real crawl's items, new source ids).
Needs ``redis-server`` and the ``redis`` client (``pip install -e .[scale]``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from crawler.crawl import CrawlTarget
from crawler.distributed import jobs
from crawler.distributed.jobs import Keys
from crawler.distributed.local_redis import LocalRedis
from crawler.distributed.worker import target_to_job
from crawler.distributed.writer import Writer
from crawler.spiders.portal import PortalSpider
from fixtures.loopback import TimedPortal, too_close, write_registry


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", *args]


def one_run(portals: dict[str, TimedPortal], workers: int, args: argparse.Namespace,
            tmp: Path) -> dict[str, Any]:
    """A fresh Redis and database; ``workers`` workers, one writer, one coordinated run."""
    db = tmp / f"news-{workers}.db"
    registry = write_registry(tmp / "portals.toml", {k: p.base_url for k, p in portals.items()},
                              delay=args.delay)
    polite = ["-s", "DOWNLOAD_DELAY_JITTER=0", "-s", "AUTOTHROTTLE_ENABLED=False",
              "-s", "LOG_LEVEL=WARNING"]
    marks = {k: len(p.arrivals) for k, p in portals.items()}
    log = (tmp / f"processes-{workers}.log").open("ab")
    with LocalRedis(tmp / f"redis-{workers}") as url:
        writer = subprocess.Popen(cli("writer", "--redis", url, "--db", str(db)),
                                  stdout=log, stderr=log)
        crew = [subprocess.Popen(cli("worker", "--redis", url, "--slots", str(args.slots),
                                     *polite), stdout=log, stderr=log)
                for _ in range(workers)]
        time.sleep(3)  # let the workers import Scrapy before the clock starts
        start = time.perf_counter()
        run = subprocess.run(cli("run", "--redis", url, "--registry", str(registry), "--db",
                                 str(db), "--max-time", "3600", *polite),
                             capture_output=True, text=True, check=False)
        wall = time.perf_counter() - start
        for process in (*crew, writer):
            process.terminate()
        for process in (*crew, writer):
            process.wait()
    conn = sqlite3.connect(db)
    rows, distinct = conn.execute("SELECT count(*), count(DISTINCT portal || ' ' || source_id)"
                                  " FROM articles").fetchone()
    versions = conn.execute("SELECT count(*) FROM article_versions").fetchone()[0]
    most_runs = conn.execute("SELECT max(n) FROM (SELECT count(*) AS n FROM crawl_runs"
                             " GROUP BY portal)").fetchone()[0]
    conn.close()
    served = sum(len(p.corpus.published_articles()) for p in portals.values())
    close = [gap for k, p in portals.items()
             for gap in too_close(p.arrivals[marks[k]:], args.delay)]
    violations = len(close)
    return {"workers": workers, "exit": run.returncode, "articles": distinct,
            "seconds": round(wall, 1), "articles_per_s": round(distinct / wall, 1),
            "lost": served - distinct, "duplicates": (rows - distinct) + (versions - rows),
            "politeness_violations": violations,
            "closest_interval_s": min((gap[0] for gap in close), default=None),
            "most_runs_per_portal": most_runs}


def single_machine(portals: dict[str, TimedPortal], args: argparse.Namespace, tmp: Path
                   ) -> dict[str, Any]:
    """The same portals crawled by ``portalnews run`` without Redis: the baseline, and the
    politeness the event loop keeps on this machine without any distribution."""
    registry = write_registry(tmp / "portals-single.toml",
                              {k: p.base_url for k, p in portals.items()}, delay=args.delay)
    marks = {k: len(p.arrivals) for k, p in portals.items()}
    start = time.perf_counter()
    subprocess.run(cli("run", "--registry", str(registry), "--db", str(tmp / "single.db"),
                       "--log-file", str(tmp / "single.log"), "-s", "DOWNLOAD_DELAY_JITTER=0",
                       "-s", "AUTOTHROTTLE_ENABLED=False"), capture_output=True, check=False)
    wall = time.perf_counter() - start
    conn = sqlite3.connect(tmp / "single.db")
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    close = [gap for k, p in portals.items()
             for gap in too_close(p.arrivals[marks[k]:], args.delay)]
    return {"articles": stored, "seconds": round(wall, 1),
            "articles_per_s": round(stored / wall, 1), "politeness_violations": len(close)}


def writer_alone(args: argparse.Namespace, tmp: Path) -> tuple[float, float]:
    """Article messages stored per second by one writer (batches of 500): per second of wall
    clock and per second of the writer's CPU (the machine's other load left out)."""
    tmp.mkdir(parents=True, exist_ok=True)
    with LocalRedis(tmp / "redis-writer") as url, TimedPortal(synthetic=100) as portal:
        client = jobs.connect(url)
        keys = Keys()
        target = CrawlTarget(url=portal.base_url, portal="mau", spider=PortalSpider)
        jobs.enqueue(client, keys, target_to_job(target, batch=None, overrides={}))
        subprocess.run(cli("worker", "--redis", url, "--exit-when-idle", "2", "-s",
                           "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s",
                           "LOG_LEVEL=WARNING"), capture_output=True, check=True)
        messages = [json.loads(f["m"]) for _id, f in client.xrange(keys.items)]
        client.delete(keys.items)
        start_msg = next(m for m in messages if m["type"] == "start")
        samples = [m for m in messages if m["type"] == "article"]
        jobs.ensure_group(client, keys.items, jobs.ITEMS_GROUP)
        pipe = client.pipeline(transaction=False)
        pipe.xadd(keys.items, {"m": json.dumps(start_msg)})
        for n in range(args.writer_articles):
            message = json.loads(json.dumps(samples[n % len(samples)]))
            message["item"]["source_id"] = f"{message['item']['source_id']}-{n}"
            message["item"]["url"] = f"{message['item']['url']}?copy={n}"
            message["candidate"] = message["item"]["url"]
            pipe.xadd(keys.items, {"m": json.dumps(message, ensure_ascii=False)})
        pipe.execute()
        writer = Writer(client, keys, tmp / "writer.db", batch=500, block_ms=1)
        start, cpu = time.perf_counter(), time.process_time()
        while entries := writer._read(">"):
            writer.store_batch(entries)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        writer.close()
    return round(args.writer_articles / wall, 1), round(args.writer_articles / cpu, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--portals", type=int, default=20)
    parser.add_argument("--articles", type=int, default=500, help="articles per portal")
    parser.add_argument("--delay", type=float, default=0.05, help="each portal's delay (s)")
    parser.add_argument("--slots", type=int, default=2, help="portals per worker at once")
    parser.add_argument("--counts", default="1,2,4", help="worker counts")
    parser.add_argument("--writer-articles", type=int, default=5000)
    parser.add_argument("--writer-only", action="store_true",
                        help="only the writer alone (articles/s, wall clock and CPU)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-scaleout-") as name:
        tmp = Path(name)
        if args.writer_only:
            rates = [writer_alone(args, tmp / f"w{n}") for n in range(3)]
            print(json.dumps({"writer_articles_per_s": [r[0] for r in rates],
                              "writer_articles_per_cpu_s": [r[1] for r in rates],
                              "articles": args.writer_articles,
                              "load_1min": round(os.getloadavg()[0], 2)}))
            return 0
        results = []
        for count in (int(c) for c in args.counts.split(",")):
            portals = {f"p{i:02d}": TimedPortal(synthetic=args.articles)
                       for i in range(args.portals)}
            for portal in portals.values():
                portal.start()
            try:
                results.append(one_run(portals, count, args, tmp))
                if count == 1:
                    baseline = single_machine(portals, args, tmp)
            finally:
                for portal in portals.values():
                    portal.stop()
        writer_rate, writer_cpu_rate = writer_alone(args, tmp / "writer")
    base = results[0]["articles_per_s"] or 1
    report = {
        "portals": args.portals, "articles_per_portal": args.articles, "delay": args.delay,
        "slots_per_worker": args.slots,
        "workers": {str(r["workers"]): {"articles": r["articles"], "seconds": r["seconds"],
                                        "articles_per_s": r["articles_per_s"],
                                        "speedup": round(r["articles_per_s"] / base, 2),
                                        "politeness_violations": r["politeness_violations"],
                                        "exit": r["exit"]} for r in results},
        "writer_articles_per_s": writer_rate,
        "writer_articles_per_cpu_s": writer_cpu_rate,
        "lost": sum(r["lost"] for r in results),
        "duplicates": sum(r["duplicates"] for r in results),
        "politeness_violations": sum(r["politeness_violations"] for r in results),
        "closest_interval_s": min((r["closest_interval_s"] for r in results
                                   if r["closest_interval_s"] is not None), default=None),
        "most_runs_per_portal": max(r["most_runs_per_portal"] for r in results),
        "single_machine": baseline,
        "machine": {"cpus": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2),
                    "python": platform.python_version(), "platform": platform.platform()},
    }
    if args.json:
        print(json.dumps(report))
    else:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
