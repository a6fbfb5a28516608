"""A database crawled from the fixture portal (the demo's corpus), for the chart tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database: `portalnews demo` (the fixture portal, id ``demo-thainguyen``)."""
    db = tmp_path_factory.mktemp("charts") / "demo.db"
    subprocess.run([sys.executable, "-m", "crawler.cli", "demo", "--db", str(db)],
                   check=True, capture_output=True, timeout=300)
    return db


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A portal-news database with every migration applied and nothing crawled."""
    from store.database import open_db

    path = tmp_path_factory.mktemp("charts-empty") / "empty.db"
    open_db(path).conn.close()
    return path


@pytest.fixture(scope="session", autouse=True)
def chart_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The bundle of the JavaScript libraries (HTML files, the plugin's vega.js) is cached in a
    directory of the tests, not in the user's ``~/.cache``."""
    cache = tmp_path_factory.mktemp("chart-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(cache)
    yield cache
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before
