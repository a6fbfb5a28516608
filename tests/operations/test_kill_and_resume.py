"""A kill -9 mid-crawl leaves a consistent database; the next run completes without duplicates.
A reader during the crawl never sees a half-written article; time limits stop runs cleanly."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from fixtures.portal import FixturePortal

SYNTHETIC = 300
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4"]


def crawl_cmd(base: str, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--url", base, "--db", str(db),
            "--quiet", *FAST, *extra]


def count(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return 0


def half_written(db: Path) -> list[int]:
    """Articles without their version row or search row: must never be visible."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return [r[0] for r in conn.execute(
            "SELECT a.id FROM articles a"
            " WHERE NOT EXISTS (SELECT 1 FROM article_versions v WHERE v.article_id = a.id)"
            "    OR NOT EXISTS (SELECT 1 FROM article_search s WHERE s.rowid = a.id)")]
    finally:
        conn.close()


def test_kill_minus_nine_then_resume(tmp_path):
    db = tmp_path / "news.db"
    with FixturePortal(synthetic=SYNTHETIC) as portal:
        published = len(portal.corpus.published_articles())
        process = subprocess.Popen(crawl_cmd(portal.base_url, db), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        seen_bad: list[int] = []
        stop = threading.Event()

        def reader() -> None:
            while not stop.is_set():
                if db.exists() and count(db):
                    seen_bad.extend(half_written(db))
                time.sleep(0.05)

        thread = threading.Thread(target=reader, daemon=True)
        thread.start()
        deadline = time.monotonic() + 120
        while count(db) < 60 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        stop.set()
        thread.join()
        assert seen_bad == []
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        before = dict(conn.execute("SELECT source_id, content_hash FROM articles"))
        assert 0 < len(before) < published
        assert conn.execute("SELECT finished_at FROM crawl_runs").fetchall() == [(None,)]
        # The ledger is written in whole batches: a row that says stored names a stored article.
        assert conn.execute("SELECT count(*) FROM crawl_ledger l WHERE state = 'stored' AND NOT"
                            " EXISTS (SELECT 1 FROM articles a WHERE a.id = l.article_id)"
                            ).fetchone()[0] == 0
        conn.close()
        killed = subprocess.run([sys.executable, "-m", "crawler.cli", "coverage", "--db", str(db),
                                 "--run", "1"], capture_output=True, text=True, check=False)
        assert killed.returncode == 1 and "did not finish (killed?)" in killed.stdout

        result = subprocess.run(crawl_cmd(portal.base_url, db), capture_output=True, text=True,
                                timeout=600, check=False)
        assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    after = dict(conn.execute("SELECT source_id, content_hash FROM articles"))
    assert len(after) == published
    assert conn.execute("SELECT count(*) FROM (SELECT source_id FROM articles"
                        " GROUP BY portal, source_id HAVING count(*) > 1)").fetchone()[0] == 0
    assert all(after[key] == value for key, value in before.items())  # nothing lost or changed
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reason = conn.execute("SELECT finish_reason FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert reason == ("finished",)
    # Every article of the portal is a candidate of the resumed run: stored now, or known.
    states = dict(conn.execute("SELECT state, count(*) FROM crawl_ledger WHERE run_id = 2"
                               " GROUP BY state"))
    # (The two rejected candidates are the page-module pages of the fixture's site: about, lich-su.)
    assert states == {"stored": published - len(before), "known": len(before), "rejected": 2}


def test_time_limit_stops_cleanly_and_the_next_run_completes(tmp_path):
    db = tmp_path / "news.db"
    with FixturePortal(synthetic=200) as portal:
        published = len(portal.corpus.published_articles())
        slow = subprocess.run(
            crawl_cmd(portal.base_url, db, "-s", "CLOSESPIDER_TIMEOUT=2", "-s",
                      "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "DOWNLOAD_DELAY=0.05"),
            capture_output=True, text=True, timeout=300, check=False)
        assert slow.returncode == 0, slow.stderr
        conn = sqlite3.connect(db)
        first = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        run = conn.execute("SELECT finish_reason, health FROM crawl_runs").fetchone()
        conn.close()
        assert 0 < first < published
        assert run == ("closespider_timeout", "warning")
        done = subprocess.run(crawl_cmd(portal.base_url, db), capture_output=True, text=True,
                              timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    assert count(db) == published
