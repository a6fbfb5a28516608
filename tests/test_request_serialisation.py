"""Every request a crawl schedules survives Scrapy's serialisation (``Request.to_dict`` on the
running spider, pickle, ``request_from_dict``), as scrapy-redis's scheduler needs for the
distributed workers: the fixture portal and every fixture site platform, crawled with scheduler
queues that crawl the serialised copy of each request (:mod:`tests.request_roundtrip`)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from fixtures.portal import FixturePortal
from fixtures.sites import FixtureSite

ROUND_TRIP = ["-s", "SCHEDULER_MEMORY_QUEUE=tests.request_roundtrip.LifoRoundTripQueue",
              "-s", "SCHEDULER_START_MEMORY_QUEUE=tests.request_roundtrip.FifoRoundTripQueue"]
FAST = ["--quiet", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "RETRY_TIMES=0"]
SITES = {"wordpress": {}, "wordpress-closed": {"api": False}, "sharepoint": {}, "liferay": {},
         "generic": {}, "nukeviet3": {}, "nukeviet-egov": {}}


def crawl_round_trip(base_url: str, db) -> dict:
    """``portalnews crawl --url`` with the round-trip queues; the run's stats."""
    result = subprocess.run([sys.executable, "-m", "crawler.cli", "crawl", "--url", base_url,
                             "--db", str(db), *FAST, *ROUND_TRIP],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    conn = sqlite3.connect(db)
    try:
        (stats,), = conn.execute("SELECT stats FROM crawl_runs").fetchall()
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        failures = conn.execute("SELECT count(*) FROM failures").fetchone()[0]
    finally:
        conn.close()
    return {**json.loads(stats), "stored": stored, "failures": failures}


def check(stats: dict, published: int) -> None:
    assert "roundtrip/unserialisable" not in stats, stats.get("roundtrip/error")
    # Every scheduled request was a serialised copy, and the crawl still stored everything.
    assert stats["roundtrip/requests"] == stats["scheduler/enqueued"] > published
    assert stats["stored"] == published
    assert stats["failures"] == 0
    assert stats.get("ledger/unaccounted", 0) == 0


def test_fixture_portal_requests_round_trip(tmp_path):
    with FixturePortal() as portal:
        stats = crawl_round_trip(portal.base_url, tmp_path / "portal.db")
        check(stats, len(portal.corpus.published_articles()))


@pytest.mark.parametrize("name", list(SITES))
def test_fixture_site_requests_round_trip(tmp_path, name):
    platform = "wordpress" if name == "wordpress-closed" else name
    with FixtureSite(platform, **SITES[name]) as site:
        stats = crawl_round_trip(site.base_url, tmp_path / "site.db")
        check(stats, len(site.corpus.published_articles()))
