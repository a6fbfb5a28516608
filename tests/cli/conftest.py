"""Databases for the command-line tests: the demo database (crawled once per session) and the
broken ones every reading command must refuse without writing a byte."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from store.schema import apply_migrations, migrations

ROOT = Path(__file__).resolve().parents[2]


def digest(path: Path) -> str | None:
    """SHA-256 of a file's bytes (None for a directory or no file)."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def run_cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    """``python -m crawler.cli ARGS`` in a subprocess, from the repository root."""
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True,
                          text=True, timeout=timeout, check=False, cwd=ROOT)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database `portalnews demo` builds from the bundled fixture portal (read it only)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = run_cli("demo", "--db", str(path), timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return path


def current_db(path: Path) -> Path:
    """An empty portal-news database with every migration applied."""
    db = Database(path)
    apply_migrations(db)
    db.close()
    return path


def older_db(path: Path) -> Path:
    """A portal-news database one migration behind."""
    names = [m.name for m in migrations.pending(Database(memory=True))]
    db = Database(path)
    migrations.apply(db, stop_before=names[-1])
    db.close()
    return path


def broken_db(kind: str, directory: Path) -> Path:
    """A database path of one of the kinds a reading command must refuse."""
    path = directory / f"{kind}.db"
    if kind == "directory":
        path.mkdir()
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("id,title\n1,Định Hóa\n", encoding="utf-8")
    elif kind == "corrupt":
        path.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 64)
    elif kind == "foreign":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('another application')")
        conn.commit()
        conn.close()
    elif kind in ("older", "locked"):
        (older_db if kind == "older" else current_db)(path)
    elif kind != "missing":
        raise ValueError(kind)
    return path
