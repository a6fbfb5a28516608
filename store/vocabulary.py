"""The full-text index's vocabulary: rows holding a token, FTS5's idf, the average row length.

Counted with the index itself (``MATCH``; the newest rows of a large index, scaled) once per
process and database (docs/querying.md, "Ranking at scale").
"""

from __future__ import annotations

import math
import threading
from typing import ClassVar

from sqlite_utils import Database

SAMPLE = 100_000
"""A token's rows are counted in the newest this many rows of a larger index, then scaled to the
whole index (a common word's count over a million rows costs 35-80 ms, over 100,000 a tenth)."""
RARE = 200
"""Fewer rows than this in the sample: the token is counted over the whole index (exactly)."""


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
    """Rows of the full-text index holding a token, cached per process and per database:
    counted once, counted again when the index has grown by a tenth."""

    _cache: ClassVar[dict[str, Vocabulary]] = {}
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, db: Database, clock: int) -> None:
        self.db, self.clock = db, clock
        self.counts: dict[tuple[str, bool], int] = {}
        averages = db.execute("SELECT block FROM article_search_data WHERE id = 1").fetchone()
        sizes = _varints(averages[0]) if averages else [0]
        self.rows = sizes[0]
        self.avgdl = sum(sizes[1:]) / self.rows if self.rows else 1.0
        first = db.execute("SELECT id FROM article_search_docsize ORDER BY id DESC LIMIT 1"
                           " OFFSET ?", [SAMPLE - 1]).fetchone() if self.rows > SAMPLE else None
        self.since: int | None = first[0] if first else None

    @classmethod
    def of(cls, db: Database) -> Vocabulary:
        """The cached vocabulary of ``db`` (a fresh one when the index has grown)."""
        name = next((r[2] for r in db.execute("PRAGMA database_list") if r[1] == "main"), "")
        # one per thread: a vocabulary counts on the connection it was last given, and a
        # connection belongs to its thread (Datasette's threads each have their own)
        key = f"{name or f'memory:{id(db.conn)}'} {threading.get_ident()}"
        clock = db.execute("SELECT max(id) FROM article_search_docsize").fetchone()[0] or 0
        vocabulary = cls._cache.get(key)
        if vocabulary is None or not vocabulary.clock <= clock <= vocabulary.clock * 1.1 + 100:
            vocabulary = cls(db, clock)
            with cls._lock:
                while len(cls._cache) >= 16:
                    cls._cache.pop(next(iter(cls._cache)))
                cls._cache[key] = vocabulary
        vocabulary.db = db
        return vocabulary

    def rows_with(self, tokens: list[str], *, prefix: bool = False) -> int:
        """Rows holding every token, at most (the rows of the rarest; a prefix: the rows holding
        a token it starts); estimated from the newest :data:`SAMPLE` rows of a larger index."""
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
            expression = '"' + token.replace('"', '""') + '"' + (" *" if prefix else "")
            count = "SELECT count(*) FROM article_search WHERE article_search MATCH ?"
            found = None
            if self.since is not None:  # the newest SAMPLE rows, scaled to the index
                sampled = self.db.execute(count + " AND rowid BETWEEN ? AND ?",
                                          [expression, self.since, self.clock]).fetchone()[0]
                if sampled >= RARE:
                    found = min(self.rows, round(sampled * self.rows / SAMPLE))
            if found is None:
                found = self.db.execute(count, [expression]).fetchone()[0]
            self.counts[key] = found
        return self.counts[key]
