"""The repository is a normal Scrapy project: ``scrapy list`` and ``scrapy crawl`` from its root."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.local_server import serve
from tests.test_crawl_failures import PAGES

ROOT = Path(__file__).resolve().parents[1]


def scrapy(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, check=False)


def test_scrapy_list():
    result = scrapy("list")
    assert result.returncode == 0, result.stderr
    assert {"nukeviet", "portal", "wordpress"} <= set(result.stdout.split())


def test_scrapy_crawl_with_settings_from_the_command_line(tmp_path):
    db = tmp_path / "scrapy.db"
    with serve(PAGES) as base:
        result = scrapy("crawl", "nukeviet", "-a", f"url={base}", "-s", f"STORAGE_DB_PATH={db}",
                        "-s", "DOWNLOAD_DELAY=0", "-s", "RETRY_TIMES=0", "-s", "LOG_LEVEL=WARNING")
    assert result.returncode == 0, result.stderr
    titles = [r[0] for r in sqlite3.connect(db).execute("SELECT title FROM articles")]
    assert titles == ["Bài tốt"]
