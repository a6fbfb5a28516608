"""Kill -9 of a worker mid-crawl, of the writer with a batch in hand and of Redis itself
(persistence on), then resume: the database is intact, nothing is lost, nothing is stored twice,
and the portal's next worker waits for the lease (politeness across the hand-over)."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from fixtures.loopback import TimedPortal, too_close, write_registry
from tests.distributed.conftest import DELAY, POLITE, SLACK, cli, logs, query, spawn, stop

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
        assert too_close(portal.arrivals, DELAY, SLACK) == []
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
