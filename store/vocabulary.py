"""The full-text index's vocabulary: rows holding a token, FTS5's idf, the average row length.

Counted from ``fts5vocab`` once per process and database (docs/querying.md, "Ranking at scale").
"""

from __future__ import annotations

import math
from typing import ClassVar

from sqlite_utils import Database

_VOCAB = "temp.portalnews_vocab"


def _varints(blob: bytes) -> list[int]:
    """The SQLite varints of an FTS5 record (the averages: rows, then tokens per column)."""
    out, value = [], 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            out.append(value)
            value = 0
    return out


class Vocabulary:
    """Rows of the full-text index holding a token (``fts5vocab``), cached per process and per
    database: counted once, counted again when the index has grown by a tenth."""

    _cache: ClassVar[dict[str, Vocabulary]] = {}

    def __init__(self, db: Database, clock: int) -> None:
        self.db, self.clock = db, clock
        self.counts: dict[tuple[str, bool], int] = {}
        averages = db.execute("SELECT block FROM article_search_data WHERE id = 1").fetchone()
        sizes = _varints(averages[0]) if averages else [0]
        self.rows = sizes[0]
        self.avgdl = sum(sizes[1:]) / self.rows if self.rows else 1.0

    @classmethod
    def of(cls, db: Database) -> Vocabulary:
        """The cached vocabulary of ``db`` (a fresh one when the index has grown)."""
        name = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")
        key = name or f"memory:{id(db.conn)}"
        clock = db.execute("SELECT max(id) FROM article_search_docsize").fetchone()[0] or 0
        vocabulary = cls._cache.get(key)
        if vocabulary is None or not vocabulary.clock <= clock <= vocabulary.clock * 1.1 + 100:
            vocabulary = cls(db, clock)
            if len(cls._cache) >= 16:
                cls._cache.pop(next(iter(cls._cache)))
            cls._cache[key] = vocabulary
        vocabulary.db = db
        return vocabulary

    def rows_with(self, tokens: list[str], *, prefix: bool = False) -> int:
        """Rows holding every token, at most (the rows of the rarest; of a prefix: the rows of
        every token it starts, added up)."""
        if not tokens:
            return 0
        counts = [self._count(t, False) for t in tokens[:-1]]
        counts.append(self._count(tokens[-1], prefix))
        return min(min(counts), self.rows)

    def idf(self, tokens: list[str], *, prefix: bool = False) -> float:
        """FTS5's idf, ``log((N - n + 0.5) / (n + 0.5))``, 1e-6 when not positive."""
        n = self.rows_with(tokens, prefix=prefix)
        value = math.log((self.rows - n + 0.5) / (n + 0.5))
        return value if value > 0 else 1e-6

    def _count(self, token: str, prefix: bool) -> int:
        key = (token, prefix)
        if key not in self.counts:
            self._ensure_table()
            if prefix:
                row = self.db.execute(f"SELECT sum(doc) FROM {_VOCAB} WHERE term >= ? AND"
                                      " term < ?", [token, token + "\U0010ffff"]).fetchone()
            else:
                row = self.db.execute(f"SELECT doc FROM {_VOCAB} WHERE term = ?",
                                      [token]).fetchone()
            self.counts[key] = int(row[0] or 0) if row else 0
        return self.counts[key]

    def _ensure_table(self) -> None:
        """The connection's ``fts5vocab`` table (in ``temp``: nothing is written to the file,
        so a read-only connection has it too)."""
        if self.db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?",
                           [_VOCAB.split(".")[1]]).fetchone():
            return
        query_only = self.db.execute("PRAGMA query_only").fetchone()[0]
        try:
            if query_only:
                self.db.execute("PRAGMA query_only = 0")
            self.db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB}"
                            " USING fts5vocab(main, 'article_search', 'row')")
        finally:
            if query_only:
                self.db.execute("PRAGMA query_only = 1")
