"""Workers and one writer around a real Redis: every article stored once, each portal's frontier
in Redis under its own keys while it is crawled (scrapy-redis's scheduler), politeness across
workers, and an incremental re-run through workers that fetches no article page."""

from __future__ import annotations

import subprocess
import time

from crawler.distributed import jobs
from crawler.distributed.jobs import Keys
from fixtures.loopback import TimedPortal, too_close, write_registry
from tests.distributed.conftest import DELAY, POLITE, cli, logs, query, spawn, stop

SIZES = (20, 30, 40)


def test_three_portals_two_workers_one_writer(tmp_path, redis_server):
    db = tmp_path / "news.db"
    url = redis_server.url
    portals = [TimedPortal(synthetic=n) for n in SIZES]
    for portal in portals:
        portal.start()
    ids = {f"p{i}": portal for i, portal in enumerate(portals)}
    registry = write_registry(tmp_path / "portals.toml", {k: p.base_url for k, p in ids.items()})
    writer = spawn(cli("writer", "--redis", url, "--db", str(db)), tmp_path / "writer.log")
    workers = [spawn(cli("worker", "--redis", url, "--slots", "2", *POLITE),
                     tmp_path / f"worker{i}.log") for i in range(2)]
    try:
        run = subprocess.Popen(cli("run", "--redis", url, "--registry", str(registry), "--db",
                                   str(db), "--max-time", "240", *POLITE),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        frontier = watch_frontiers(jobs.connect(url), list(ids), run)
        output, _ = run.communicate(timeout=300)
        assert run.returncode == 0, output + logs(tmp_path)
        # Each portal's requests waited in Redis under its own keys (scrapy-redis's priority
        # queue of serialised requests, its duplicate filter), removed when the crawl closed.
        keys = Keys()
        for portal_id in ids:
            assert frontier[keys.frontier(portal_id)] > 0, frontier
            assert frontier[keys.seen(portal_id)] > 0, frontier
        assert not jobs.connect(url).keys("portalnews:p*"), "a frontier was left behind"
        for portal_id, portal in ids.items():
            published = len(portal.corpus.published_articles())
            assert f"ok       {portal_id}: {published} new" in output, output
        status = subprocess.run(cli("status", "--db", str(db), "--redis", url),
                                capture_output=True, text=True, timeout=60, check=False)
        assert "Distributed: jobs 0 waiting, 0 running" in status.stdout, status.stdout
        assert status.stdout.count("  worker ") == 2

        # Every article once; one run per portal, finished and healthy; the batch recorded.
        for portal_id, portal in ids.items():
            stored = query(db, "SELECT count(*), count(DISTINCT source_id) FROM articles"
                               " WHERE portal = ?", portal_id)
            assert stored == [(len(portal.corpus.published_articles()),) * 2]
        assert query(db, "SELECT count(*) FROM article_versions") == \
            query(db, "SELECT count(*) FROM articles")
        assert query(db, "SELECT portal, finish_reason, health FROM crawl_runs ORDER BY portal") \
            == [(k, "finished", "ok") for k in sorted(ids)]
        assert query(db, "SELECT status, portals, portals_ok FROM run_batches") == \
            [("success", 3, 3)]
        assert query(db, "SELECT count(*) FROM crawl_ledger WHERE state IN ('pending',"
                         " 'waiting') OR (state = 'stored' AND article_id IS NULL)") == [(0,)]
        assert query(db, "PRAGMA integrity_check") == [("ok",)]
        # Politeness: one crawl per portal, no two requests closer than the delay.
        for portal in ids.values():
            assert too_close(portal.arrivals, DELAY) == []

        # An incremental re-run through the workers fetches no article page.
        before = {k: p.article_hits() for k, p in ids.items()}
        again = subprocess.run(cli("run", "--redis", url, "--registry", str(registry), "--db",
                                   str(db), "--max-time", "240", *POLITE),
                               capture_output=True, text=True, timeout=300, check=False)
        assert again.returncode == 0, again.stdout + again.stderr + logs(tmp_path)
        assert {k: p.article_hits() for k, p in ids.items()} == before
        assert query(db, "SELECT count(*) FROM crawl_runs WHERE health = 'ok'") == [(6,)]
        known = query(db, "SELECT count(*) FROM crawl_ledger l JOIN crawl_runs r"
                          " ON r.id = l.run_id WHERE r.id > 3 AND l.state = 'known'")
        assert known == [(sum(SIZES),)]
        for portal in ids.values():  # the delay held across both runs (and the hand-overs)
            assert too_close(portal.arrivals, DELAY) == []
    finally:
        stop(*workers, writer)
        for portal in portals:
            portal.stop()


def watch_frontiers(client, portals: list[str], run: subprocess.Popen[str]) -> dict[str, int]:
    """While ``run`` lasts: the largest size seen of each portal's frontier keys."""
    keys = Keys()
    largest = {key: 0 for p in portals for key in (keys.frontier(p), keys.seen(p))}
    while run.poll() is None:
        pipe = client.pipeline(transaction=False)
        for key in largest:
            pipe.zcard(key) if key.endswith(":requests") else pipe.scard(key)
        for key, size in zip(largest, pipe.execute(), strict=True):
            largest[key] = max(largest[key], size)
        time.sleep(0.05)
    return largest
