"""Every reading command against every database it cannot use: one line on stderr, exit 2, no
traceback, and not a byte of the file changed (nor a file created in its place)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.cli import main
from tests.cli.conftest import broken_db, digest, run_cli

READERS = {
    "search": ["search", "Định Hóa"],
    "export": ["export"],
    "export-csv": ["export", "--format", "csv"],
    "stats": ["stats"],
    "people": ["people"],
    "person": ["person", "Lâm Quốc Bảo"],
    "holders": ["holders", "Bí thư Tỉnh ủy"],
    "status": ["status"],
    "coverage": ["coverage"],
    "serve": ["serve", "--print-command"],
}
EXPECTED = {  # what the one line must say
    "missing": "no database at",
    "directory": "is a directory",
    "empty": "is an empty file",
    "text": "is not an SQLite database",
    "corrupt": "is damaged",
    "foreign": "not a portal-news database",
    "locked": "is locked by another process",
    "older": "portalnews migrate --db",
}


@pytest.fixture
def locked_by_other(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[sqlite3.Connection]]:
    """A place to hold a writer's exclusive lock for the test's duration (short busy wait)."""
    monkeypatch.setenv("PORTALNEWS_BUSY_TIMEOUT", "0.1")
    held: list[sqlite3.Connection] = []
    yield held
    for conn in held:
        conn.close()


@pytest.mark.parametrize("kind", list(EXPECTED))
@pytest.mark.parametrize("command", list(READERS))
def test_reader_refuses_unusable_database(command: str, kind: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          locked_by_other: list[sqlite3.Connection]) -> None:
    path = broken_db(kind, tmp_path)
    if kind == "locked":
        writer = sqlite3.connect(path)
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA locking_mode=EXCLUSIVE")
        writer.execute("BEGIN EXCLUSIVE")
        locked_by_other.append(writer)
    before, listing = digest(path), sorted(p.name for p in tmp_path.iterdir())
    status = main([*READERS[command], "--db", str(path)])
    err = capsys.readouterr().err
    assert status == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("portalnews: error: "), err
    assert EXPECTED[kind] in lines[0] and str(path) in lines[0]
    assert "Traceback" not in err
    assert digest(path) == before
    if kind != "locked":  # the reader created nothing beside it (no -wal, no -shm, no file)
        assert sorted(p.name for p in tmp_path.iterdir()) == listing


@pytest.mark.parametrize("kind", ["corrupt", "foreign", "older"])
def test_subprocess_prints_no_traceback(kind: str, tmp_path: Path) -> None:
    path = broken_db(kind, tmp_path)
    before = digest(path)
    result = run_cli("stats", "--db", str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert result.stdout == "" and digest(path) == before


def test_migrate_upgrades_an_older_database_then_readers_work(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]
                                                              ) -> None:
    path = broken_db("older", tmp_path)
    assert main(["stats", "--db", str(path)]) == 2
    assert main(["migrate", "--db", str(path)]) == 0
    assert "applied 1 migration" in capsys.readouterr().out
    assert main(["stats", "--db", str(path), "--json"]) == 0
    assert main(["migrate", "--db", str(path)]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["missing", "directory", "empty", "text", "foreign"])
def test_migrate_refuses_what_is_not_a_portal_news_database(kind: str, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    path = broken_db(kind, tmp_path)
    before = digest(path)
    assert main(["migrate", "--db", str(path)]) == 2
    assert EXPECTED[kind] in capsys.readouterr().err
    assert digest(path) == before and (kind != "missing" or not path.exists())


def test_reading_a_current_database_writes_nothing(demo_db: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_db.read_bytes())
    before = digest(copy)
    for command in READERS.values():
        status = main([*command, "--db", str(copy)])
        assert status in (0, 1), (command, capsys.readouterr().err)
    capsys.readouterr()
    assert digest(copy) == before
    # a WAL database read with no other connection open may leave empty -wal/-shm files
    wal = Path(f"{copy}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("kind", ["directory", "text", "corrupt", "foreign"])
@pytest.mark.parametrize("command", [["crawl", "--url", "http://127.0.0.1:9/"], ["demo"],
                                     ["run", "--portal", "thainguyen-dcs"]])
def test_writers_never_touch_another_file(command: list[str], kind: str, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = broken_db(kind, tmp_path)
    before = digest(path)
    assert main([*command, "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and EXPECTED[kind] in err
    assert digest(path) == before
