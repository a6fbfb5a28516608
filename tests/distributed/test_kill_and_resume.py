"""Kill -9 of a worker mid-crawl, of the writer with a batch in hand and of Redis itself
(persistence on), then resume: the database is intact, nothing is lost, nothing is stored twice,
the crawl ledger of the runs that finished accounts for every article, the dead worker's frontier
(left in Redis) is dropped by the portal's next worker, and that worker waits for the lease
(the delay holds across the hand-over)."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from crawler.distributed import jobs
from crawler.distributed.jobs import Keys
from fixtures.loopback import TimedPortal, too_close, write_registry
from tests.distributed.conftest import DELAY, POLITE, cli, logs, query, spawn, stop

SIZE = 60


def articles(db) -> int:
    try:
        return query(db, "SELECT count(*) FROM articles")[0][0]
    except Exception:
        return 0


def test_kill_worker_writer_and_redis_then_resume(tmp_path, redis_server):
    db = tmp_path / "news.db"
    url = redis_server.url
    portals = {"mot": TimedPortal(synthetic=SIZE), "hai": TimedPortal(synthetic=SIZE)}
    for portal in portals.values():
        portal.start()
    registry = write_registry(tmp_path / "portals.toml",
                              {k: p.base_url for k, p in portals.items()})
    writer_cmd = cli("writer", "--redis", url, "--db", str(db), "--batch", "10")
    worker_cmd = cli("worker", "--redis", url, "--slots", "2", "--lease", "8", *POLITE)
    writer = spawn(writer_cmd, tmp_path / "writer.log")
    first = spawn(worker_cmd, tmp_path / "worker1.log")
    run = subprocess.Popen(cli("run", "--redis", url, "--registry", str(registry), "--db",
                               str(db), "--max-time", "240", *POLITE),
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    later: list[subprocess.Popen[bytes]] = []
    try:
        deadline = time.monotonic() + 120
        while articles(db) < 20 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert 0 < articles(db) < 2 * SIZE, logs(tmp_path)
        for process in (first, writer):  # the worker mid-crawl, the writer mid-stream
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        assert query(db, "PRAGMA integrity_check") == [("ok",)]
        killed_at = articles(db)
        redis_server.restart(kill=True)  # Redis crashes too: its append-only file keeps all
        # The dead worker's frontier (scrapy-redis's duplicate filter, and its queue unless
        # every request was in flight) is still in Redis, under the portals' keys.
        left = [p for p in portals if jobs.connect(url).exists(Keys().seen(p))]
        assert left, "no frontier in Redis at the kill"
        later.append(spawn(writer_cmd, tmp_path / "writer2.log"))
        later.append(spawn(worker_cmd, tmp_path / "worker2.log"))
        output, _ = run.communicate(timeout=240)
        assert run.returncode == 0, output + logs(tmp_path)
    finally:
        if run.poll() is None:
            run.kill()
        stop(*later, first, writer)
        for portal in portals.values():
            portal.stop()

    assert killed_at < 2 * SIZE
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    for portal_id, portal in portals.items():
        published = len(portal.corpus.published_articles())
        assert query(db, "SELECT count(*), count(DISTINCT source_id) FROM articles"
                         " WHERE portal = ?", portal_id) == [(published, published)]
        # One crawl at a time, the delay kept, also across the hand-over to the next worker.
        assert too_close(portal.arrivals, DELAY) == []
        # The run that finished accounts for every article: stored (or unchanged: handed over
        # by the dead worker, stored by the writer after its restart) or known (stored by the
        # dead worker's run, skipped); no candidate left open or unaccounted.
        (run_id,), = query(db, "SELECT id FROM crawl_runs WHERE portal = ? AND finish_reason"
                               " IS NOT NULL", portal_id)
        states = dict(query(db, "SELECT state, count(*) FROM crawl_ledger WHERE run_id = ?"
                                " GROUP BY state", run_id))
        assert set(states) <= {"stored", "unchanged", "known", "rejected"}, states
        accounted = query(db, "SELECT count(DISTINCT source_id) FROM crawl_ledger WHERE run_id = ?"
                              " AND state IN ('stored', 'unchanged', 'known')", run_id)
        assert accounted == [(published,)], states
    # The next workers dropped the dead frontier on start and removed their own on close.
    assert not [k for p in portals for k in (Keys().frontier(p), Keys().seen(p))
                if jobs.connect(url).exists(k)]
    assert query(db, "SELECT count(*) FROM article_versions") == \
        query(db, "SELECT count(*) FROM articles")  # nothing stored twice
    assert query(db, "SELECT count(*) FROM failures") == [(0,)]
    # The killed worker's runs stay unfinished (as a killed single-machine crawl's); the next
    # runs finished and are healthy, and they stored what the first ones had not.
    runs = query(db, "SELECT portal, finish_reason, health FROM crawl_runs ORDER BY id")
    assert sorted(r for r in runs if r[1] is not None) == [("hai", "finished", "ok"),
                                                          ("mot", "finished", "ok")]
    assert query(db, "SELECT count(*) FROM crawl_ledger WHERE state = 'stored'"
                     " AND article_id IS NULL") == [(0,)]
