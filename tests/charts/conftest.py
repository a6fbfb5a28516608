"""A database crawled from the fixture portal (the demo's corpus), for the chart tests."""

from __future__ import annotations

import subprocess
import sys
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
