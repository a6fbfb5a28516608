"""Opening a database for reading only: never a byte written, one clear sentence when it cannot be.

Every reading command (``search``, ``export``, ``stats``, ``people``, ``person``, ``holders``,
``status``, ``serve``) goes through :func:`open_readonly`. It checks, before SQLite opens
anything, that the path is a file holding an SQLite database; then opens it with
``mode=ro`` and ``PRAGMA query_only``, and checks that it is a portal-news database whose
migrations are all applied (an older one is upgraded by ``portalnews migrate``).

WAL: SQLite reads a WAL database through its ``-shm`` and ``-wal`` files. When they are missing
(no other connection is open) a read-only connection creates them beside the database, and
cannot remove them afterwards; they are empty and the next writer removes them. When they are
missing and cannot be created (a read-only directory or disk), nobody can be writing the
database, so it is opened ``immutable``, which reads the file alone.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlite_utils import Database

from store.schema import migrations

__all__ = ["SQLITE_HEADER", "DatabaseProblem", "check_schema", "check_write_target",
           "open_readonly"]

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_TABLE = "_sqlite_migrations"


class DatabaseProblem(Exception):
    """A database that a command cannot use; the message is one line saying what to do.

    ``kind``: ``missing``, ``directory``, ``unreadable``, ``empty``, ``foreign``, ``damaged``,
    ``locked``, ``newer`` or ``outdated`` (the one ``portalnews migrate`` cures).
    """

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def busy_timeout_ms() -> int:
    """How long a read waits for a writer's lock: ``$PORTALNEWS_BUSY_TIMEOUT`` seconds (10)."""
    try:
        return int(float(os.environ.get("PORTALNEWS_BUSY_TIMEOUT") or 10) * 1000)
    except ValueError:
        return 10_000


def _header(path: Path) -> bytes:
    if not path.exists():
        raise DatabaseProblem(f"no database at {path}; run `portalnews demo` or `portalnews crawl`,"
                              " or pass --db PATH", "missing")
    if path.is_dir():
        raise DatabaseProblem(f"{path} is a directory, not a database file; pass --db PATH/FILE.db",
                              "directory")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise DatabaseProblem(f"cannot read {path}: {exc.strerror or exc}", "unreadable") from None
    if not header:
        raise DatabaseProblem(f"{path} is an empty file, not a portal-news database; "
                              "`portalnews crawl --db PATH` creates one", "empty")
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseProblem(f"{path} is not an SQLite database (not a portal-news database)", "foreign")
    return header


def _connect(path: Path, *, immutable: bool = False) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if immutable else "")
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout={busy_timeout_ms()}")
    conn.execute("PRAGMA query_only=1")
    return conn


def error_kind(exc: sqlite3.Error) -> str:
    """``locked``, ``damaged`` or ``unreadable``: what an SQLite error says of the database."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return "locked"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "damaged"
    return "unreadable"


def describe_error(path: Path | str, exc: sqlite3.Error) -> str:
    """One line for an SQLite error met while reading ``path``."""
    text, kind = str(exc), error_kind(exc)
    if kind == "locked":
        return (f"{path} is locked by another process (waited {busy_timeout_ms() / 1000:g} s); "
                "try again when it finishes, or raise $PORTALNEWS_BUSY_TIMEOUT")
    if kind == "damaged":
        return f"{path} is damaged ({text}); restore it from a backup"
    return f"cannot read {path}: {text}"


def open_readonly(path: str | os.PathLike[str]) -> Database:
    """Open an existing, current portal-news database read-only, or raise DatabaseProblem."""
    path = Path(path)
    header = _header(path)
    wal = header[18:20] == b"\x02\x02"
    try:
        try:
            conn = _connect(path)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            side_files = [Path(f"{path}-wal"), Path(f"{path}-shm")]
            if not wal or any(p.exists() for p in side_files) or os.access(path.parent, os.W_OK):
                raise
            conn = _connect(path, immutable=True)  # read-only directory: nobody writes it
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        db = Database(conn)
        check_schema(db, path)
    except sqlite3.Error as exc:
        raise DatabaseProblem(describe_error(path, exc), error_kind(exc)) from None
    return db


def check_schema(db: Database, path: Path | str) -> None:
    """Raise DatabaseProblem unless ``db`` is a portal-news database with every migration."""
    tables = set(db.table_names())
    applied = ({row[0] for row in db.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [migrations.name])}
        if MIGRATIONS_TABLE in tables else set())
    if not applied:
        raise DatabaseProblem(f"{path} is an SQLite database but not a portal-news database "
                              f"(no portal-news tables); pass --db with the right file", "foreign")
    known = [m.name for m in migrations.pending(Database(memory=True))]
    unknown = applied - set(known)
    if unknown:
        raise DatabaseProblem(f"{path} was written by a newer portal-news (migration "
                              f"{sorted(unknown)[-1]}); upgrade portal-news to read it", "newer")
    pending = [name for name in known if name not in applied]
    if pending:
        raise DatabaseProblem(f"{path} has an older schema ({len(pending)} migration"
                              f"{'s' if len(pending) != 1 else ''} pending); upgrade it with "
                              f"`portalnews migrate --db {path}`", "outdated")


def check_write_target(path: str | os.PathLike[str]) -> None:
    """Before a crawl writes ``path``: it must be absent, empty, or a portal-news database (of
    any older version: the crawl migrates it). Another application's file is never touched."""
    path = Path(path)
    if not path.exists():
        return
    try:
        _header(path)
    except DatabaseProblem as exc:
        if exc.kind == "empty":
            return
        raise
    try:
        conn = _connect(path)
        try:
            check_schema(Database(conn), path)
        finally:
            conn.close()
    except DatabaseProblem as exc:
        if exc.kind != "outdated":
            raise DatabaseProblem(f"{exc}; crawls write only into a portal-news database or a "
                                  "new file", exc.kind) from None
    except sqlite3.Error as exc:
        raise DatabaseProblem(describe_error(path, exc), error_kind(exc)) from None
