"""``portalnews run`` and ``status``: registry portals, health, exit codes, lock, incremental."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from crawler.lock import RunLock
from fixtures.loopback import write_registry
from fixtures.portal import FixturePortal
from fixtures.portal.corpus import load_corpus

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "RETRY_TIMES=0"]


def registry(path: Path, portals: dict[str, str]) -> Path:
    return write_registry(path, portals)


def portalnews(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=timeout, check=False)


def query(db: Path, sql: str, *params):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_run_every_portal_one_failing_portal_never_stops_the_others(tmp_path):
    db = tmp_path / "news.db"
    note = tmp_path / "notified.json"
    with FixturePortal() as one, FixturePortal() as two:
        reg = registry(tmp_path / "portals.toml", {
            "mot": one.base_url, "hai": two.base_url, "hong": "http://127.0.0.1:9/"})
        result = portalnews("run", "--registry", str(reg), "--db", str(db), "--log-file",
                            str(tmp_path / "logs" / "run.log"), "--notify-command",
                            f"{sys.executable} -c \"import sys; open({str(note)!r}, 'wb')"
                            ".write(sys.stdin.buffer.read())\"", *FAST)
    assert result.returncode == 1, result.stdout + result.stderr  # partial success
    assert "partial" in result.stdout
    published = len(load_corpus().published_articles())
    counts = dict(query(db, "SELECT portal, count(*) FROM articles GROUP BY portal"))
    assert counts == {"mot": published, "hai": published}
    assert query(db, "SELECT name, kind, province FROM portals WHERE id = 'mot'") == [
        ("Cổng thử mot", "party", "Thái Nguyên")]
    health = dict(query(db, "SELECT portal, health FROM crawl_runs"))
    assert health == {"mot": "ok", "hai": "ok", "hong": "failed"}
    batch = query(db, "SELECT status, exit_code, portals, portals_ok, portals_failed FROM run_batches")
    assert batch == [("partial", 1, 3, 2, 1)]
    assert query(db, "SELECT count(DISTINCT batch_id) FROM crawl_runs") == [(1,)]
    report = json.loads(note.read_text())
    assert {p["portal"]: p["health"] for p in report["portals"]}["hong"] == "failed"
    assert (tmp_path / "logs" / "run.log").read_text()
    status = portalnews("status", "--db", str(db), "--json")
    assert status.returncode == 1
    portals = {p["portal"]: p for p in json.loads(status.stdout)["portals"]}
    assert portals["hong"]["problems"] == ["home page not fetched"]
    assert portals["mot"]["coverage"]["title"] == 1.0


def test_run_all_healthy_exits_zero_then_incremental_fetches_only_new(tmp_path):
    db = tmp_path / "news.db"
    corpus = load_corpus()
    with FixturePortal() as portal:
        reg = registry(tmp_path / "portals.toml", {"mot": portal.base_url})
        first = portalnews("run", "--registry", str(reg), "--db", str(db), *FAST)
        assert first.returncode == 0, first.stdout + first.stderr

        portal.reset_log()
        again = portalnews("run", "--registry", str(reg), "--db", str(db), *FAST)
        assert again.returncode == 0, again.stdout + again.stderr
        assert not [p for _m, p, _s in portal.requests if p.endswith(".html")]

        newest = max(corpus.published_articles(), key=lambda a: a.published)
        new = [dataclasses.replace(newest, id=newest.id + 100 + i, alias=f"bai-moi-{i}",
                                   title=f"Bài mới số {i}",
                                   published=newest.published + timedelta(days=i + 1))
               for i in range(3)]
        for article in new:
            portal.add_article(article)
        portal.reset_log()
        third = portalnews("run", "--registry", str(reg), "--db", str(db), *FAST)
        assert third.returncode == 0, third.stdout + third.stderr
        fetched = sorted(p for _m, p, _s in portal.requests if p.endswith(".html"))
    assert fetched == sorted(a.url_path for a in new)
    assert query(db, "SELECT count(*) FROM articles") == [(len(corpus.published_articles()) + 3,)]


def test_second_run_is_refused_while_the_first_holds_the_lock(tmp_path):
    db = tmp_path / "news.db"
    reg = registry(tmp_path / "portals.toml", {"mot": "http://127.0.0.1:9/"})
    with RunLock(tmp_path / "news.db.lock"):
        result = portalnews("run", "--registry", str(reg), "--db", str(db))
    assert result.returncode == 3
    assert "another run" in result.stdout + result.stderr


def test_run_unknown_portal_is_a_clear_error(tmp_path):
    reg = registry(tmp_path / "portals.toml", {"mot": "http://127.0.0.1:9/"})
    result = portalnews("run", "--registry", str(reg), "--db", str(tmp_path / "x.db"),
                        "--portal", "mott")
    assert result.returncode == 2
    assert "mot" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("option", ["--since", "--full"])
def test_run_accepts_backfill_options(tmp_path, option):
    reg = registry(tmp_path / "portals.toml", {"mot": "http://127.0.0.1:9/"})
    args = [option, "2024-01-01"] if option == "--since" else [option]
    result = portalnews("run", "--registry", str(reg), "--db", str(tmp_path / "x.db"), *args, *FAST)
    assert result.returncode == 2  # the only portal is down: failure, but the options parse
    bad = portalnews("run", "--registry", str(reg), "--db", str(tmp_path / "x.db"),
                     "--since", "hôm qua")
    assert bad.returncode == 2 and "--since" in bad.stderr
