"""A real ``redis-server`` for the distributed tests (127.0.0.1, a free port, its own data
directory); skipped with the reason when the binary or the client library is absent."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.distributed.local_redis import LocalRedis, redis_binary

DELAY = 0.2
POLITE = ["-s", f"DOWNLOAD_DELAY={DELAY}", "-s", "AUTOTHROTTLE_ENABLED=False",
          "-s", "RETRY_TIMES=0"]
"""The delay and the project's default jitter (±50%, which the workers add above the delay):
the fixture servers' request logs must show no interval below the delay, less
:data:`fixtures.loopback.CLOCK_MARGIN` (2 ms of clock granularity)."""


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[LocalRedis]:
    """A started server (``.url``, ``.restart()``), stopped afterwards."""
    if redis_binary() is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    pytest.importorskip("redis", reason="the redis client is not installed (pip install redis)")
    pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed (pip install "
                                               "scrapy-redis): the workers' scheduler")
    data = tmp_path / "redis"
    data.mkdir()
    server = LocalRedis(data)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", *args]


def spawn(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    """A background ``portalnews`` process (worker or writer) logging to ``log``."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(args, stdout=log.open("ab"), stderr=subprocess.STDOUT, env=env)


def stop(*processes: subprocess.Popen[bytes]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def logs(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace")[-3000:] for p in tmp_path.glob("*.log"))
