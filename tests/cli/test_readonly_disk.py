"""A WAL database on a read-only disk or directory is read without a byte written: SQLite cannot
create the -shm file there, so the reader opens the file immutable (nobody can be writing it)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import ROOT, current_db, digest


def unprivileged() -> list[str]:
    """A command prefix that makes file permissions apply (root ignores them)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search", "--"]


def wal_db(directory: Path, *, side_files: bool) -> Path:
    directory.mkdir()
    path = current_db(directory / "news.db")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("INSERT INTO portals (id, province) VALUES ('tn', 'Thái Nguyên')")
    conn.commit()
    if side_files:  # a reader left its (empty) -wal and -shm files behind
        keep = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        keep.execute("SELECT count(*) FROM portals").fetchone()
        conn.close()
        keep.close()
    else:
        conn.close()
    return path


@pytest.mark.parametrize("side_files", [False, True])
def test_read_only_directory(tmp_path: Path, side_files: bool) -> None:
    prefix = unprivileged()
    path = wal_db(tmp_path / "ro", side_files=side_files)
    assert Path(f"{path}-shm").exists() == side_files
    for entry in [path, *path.parent.glob("news.db-*")]:
        entry.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH
                      | stat.S_IXOTH)
    before, listing = digest(path), sorted(p.name for p in path.parent.iterdir())
    try:
        result = subprocess.run([*prefix, sys.executable, "-m", "crawler.cli", "stats", "--db",
                                 str(path)], capture_output=True, text=True, timeout=120,
                                check=False, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        path.parent.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("0 articles from 1 portal")
    assert digest(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == listing
