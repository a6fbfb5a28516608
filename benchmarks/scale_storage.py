"""A 1,000,000-article synthetic database, built fast enough to measure (not a test).

    python3 benchmarks/scale_storage.py --base 50000 --copies 20 --db benchmarks/out/scale.db

Building a million articles through ``store_article`` one transaction at a time takes hours on a
shared 2-core machine (about 250/s idle, 100/s loaded). This builds a *base* of ``--base``
articles through ``store_article`` exactly as ``synthetic_storage.build`` does (same generator,
same code path, about 5% stored twice), then appends ``--copies - 1`` copies of it in SQL: every
article, version, image, tag, event date and mention copied with a new article id (the base's
largest id times the copy number added), its ``source_id`` and URL suffixed ``~k``, and its row
inserted in the full-text index (so FTS5 builds its index for every copy, as it would for new
articles). Persons and positions are shared by the copies, so a person's timeline grows with the
database like it does with the generator (which draws its mentions from 2,000 officials at any
size). What differs from generating 1,000,000 articles: the texts repeat every ``--base``
articles (the generator's text comes from a Zipf draw over ~300 words, so the vocabulary and the
matches per query are the same either way).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_storage import build

CHILD_TABLES = {
    "images": "article_id, position, url, caption",
    "tags": "article_id, tag, tag_key",
    "article_dates": ("article_id, position, raw, value, precision, \"end\", tz_source, year_inferred,"
                      " relative, weekday_consistent, sentence, span_start, span_end"),
    "mentions": ("article_id, portal, person_id, position_id, status, raw, sentence, span_start,"
                 " span_end, article_date, article_title, article_url"),
    "article_versions": "article_id, content_hash, title, lead, body_text, fetched_at",
}
SEARCH_COLUMNS = "title, lead, body, title_ascii, lead_ascii, body_ascii"


def article_columns(conn: sqlite3.Connection) -> list[str]:
    """The ``articles`` columns (whatever migrations have added)."""
    return [row[1] for row in conn.execute("PRAGMA table_info(articles)")]


def copy_once(conn: sqlite3.Connection, k: int, span: int, base_max: int) -> None:
    """Append copy ``k`` of the base articles (ids 1..base_max) with ids shifted by ``k * span``."""
    cols = article_columns(conn)
    shifted = {"id": f"id + {k * span}", "source_id": f"source_id || '~{k}'",
               "url": f"url || '~{k}'"}
    select = ", ".join(shifted.get(c, f'"{c}"') for c in cols)
    names = ", ".join(f'"{c}"' for c in cols)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(f"INSERT INTO articles ({names}) SELECT {select} FROM articles WHERE id <= ?",
                 [base_max])
    for table, columns in CHILD_TABLES.items():
        select = columns.replace("article_id", f"article_id + {k * span}", 1)
        if table == "mentions":  # the copy's URL, as store_article writes it
            select = select.replace("article_url", f"article_url || '~{k}'")
        conn.execute(f"INSERT INTO {table} ({columns}) SELECT {select} FROM {table}"
                     f" WHERE article_id <= ?", [base_max])
    conn.execute(f"INSERT INTO article_search (rowid, {SEARCH_COLUMNS})"
                 f" SELECT rowid + {k * span}, {SEARCH_COLUMNS} FROM article_search"
                 f" WHERE rowid <= ?", [base_max])
    conn.execute("COMMIT")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=50_000)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--db", type=Path, default=Path("benchmarks/out/scale.db"))
    parser.add_argument("--skip-base", action="store_true", help="the base exists: only copy")
    args = parser.parse_args()
    start = time.perf_counter()
    if not args.skip_base:
        print(f"base: {args.base} articles through store_article in {args.db} ...", flush=True)
        built = build(args.db, args.base)
        print(f"base built in {time.perf_counter() - start:.0f} s"
              f" ({built['writes_per_s']:.0f} upserts/s over the first {built['writes']})", flush=True)
    conn = sqlite3.connect(args.db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    base_max = conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    done = conn.execute("SELECT count(*) FROM articles").fetchone()[0] // base_max
    span = base_max
    for k in range(max(done, 1), args.copies):
        t = time.perf_counter()
        copy_once(conn, k, span, base_max)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = args.db.stat().st_size / 1e9
        print(f"copy {k}: {(k + 1) * base_max} articles, {size:.1f} GB,"
              f" {time.perf_counter() - t:.0f} s (total {time.perf_counter() - start:.0f} s)",
              flush=True)
    conn.close()


if __name__ == "__main__":
    main()
