"""Storage and search benchmark on a synthetic database (not a test).

    python3 benchmarks/bench_storage.py [--articles 100000] [--db /tmp/bench_storage.db] [--reuse]

Measures upsert throughput (``store_article``: row, version, children, FTS, mentions), database
size per 1,000 articles, search latency (median, p95) with and without filters, a person
timeline query, and the alternative without folded shadow columns: one FTS5 table over the
published text with ``unicode61 remove_diacritics 2`` (size, latency, and what it misses).
Prints a Markdown section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_storage import build

from crawler.datasette.plugin import register_functions
from store.database import open_db
from store.fts_query import parse_query
from store.search import search

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "hội nghị", "hoi nghi", "nông thôn mới", "nong thon moi", "đường giao thông", "duong giao thong",
    "Định Hóa", "dinh hoa", "Định Hoá", "khoẻ mạnh", "khoe manh", "điềm thụy", "diem thuy",
    "thủy lợi hồ núi cốc", "thuy loi ho nui coc", '"chè tân cương"', '"che tan cuong"', "khánh*",
    "khanh*", "ocop OR atk", "du lịch NOT lễ", "đồng chí", "dong chi", "Nguyễn Văn An",
    "chuyển đổi số", "chuyen doi so", "bảo tồn di tích", "bao ton di tich", "quỹ đất", "quy dat",
]
FILTERS = [{}, {"province": "Thái Nguyên"}, {"since": "2023-01", "until": "2023-06"},
           {"portal": "portal3"}, {"category": "Kinh tế"}]
# Filters keeping few articles (every match of the query is read to find them): a person, a day,
# a combination (synthetic dates, portals and categories follow the article number; 355, 1,191
# and 596 articles).
SELECTIVE_FILTERS = [{"person": "Nguyễn Văn An"}, {"since": "2024-05-01", "until": "2024-05-01"},
                     {"category": "Kinh tế", "portal": "portal2", "since": "2022-03-01",
                      "until": "2022-03-05"}]
def canned_sql(name: str) -> str:
    """The SQL of one of Datasette's canned queries (crawler/datasette/metadata.json)."""
    metadata = json.loads((ROOT / "crawler" / "datasette" / "metadata.json").read_text(encoding="utf-8"))
    return next(db["queries"][name]["sql"] for db in metadata["databases"].values()
                if name in db.get("queries", {}))


def timed(fn, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def summary(ms: list[float]) -> str:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"{statistics.median(ms):.1f} | {p95:.1f} | {ms[-1]:.1f}"


def build_plain_fts(source: Path, target: Path) -> float:
    """The alternative index: published text only, remove_diacritics 2; returns its size in MB."""
    target.unlink(missing_ok=True)
    conn = sqlite3.connect(target)
    conn.execute("ATTACH ? AS src", [str(source)])
    conn.execute("CREATE VIRTUAL TABLE plain USING fts5(title, lead, body,"
                 " tokenize = 'unicode61 remove_diacritics 2')")
    conn.execute("INSERT INTO plain (rowid, title, lead, body)"
                 " SELECT id, title, lead, body_text FROM src.articles")
    conn.commit()
    conn.execute("DETACH src")
    conn.execute("VACUUM")
    conn.close()
    return target.stat().st_size / 1e6


def fts_size(db_path: Path) -> float | None:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'article_search%'"
                            ).fetchone()[0] / 1e6
    except sqlite3.OperationalError:
        return None
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench_storage.db"))
    parser.add_argument("--reuse", action="store_true", help="measure an existing database")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-alternative", action="store_true",
                        help="skip the FTS index without shadow columns (a copy of every text)")
    args = parser.parse_args()
    if not args.reuse:
        print(f"building {args.articles} articles in {args.db} ...", flush=True)
        built = build(args.db, args.articles)
        print(f"upserts: {built['writes']} in {built['seconds']:.0f} s = {built['writes_per_s']:.0f}/s")
    db = open_db(args.db)
    register_functions(db.conn)
    n = db["articles"].count
    size = args.db.stat().st_size / 1e6
    print(f"\n{n} articles, {db['article_versions'].count} versions, {db['mentions'].count} mentions;"
          f" {size:.0f} MB = {size / n * 1000:.1f} MB per 1,000 articles;"
          f" FTS tables {fts_size(args.db) or 0:.0f} MB")
    for q in QUERIES[:3]:
        search(db, q)  # warm the page cache
    print("\n| search (limit 20) | median ms | p95 ms | max ms |\n|---|---|---|---|")
    for label, filters in (("no filter", [{}]), ("with filters", FILTERS[1:]),
                           ("with selective filters", SELECTIVE_FILTERS)):
        ms = [t for q in QUERIES for f in filters
              for t in timed(lambda q=q, f=f: search(db, q, **f), args.repeat)]
        print(f"| {label} ({len(QUERIES) * len(filters)} queries x {args.repeat}) | {summary(ms)} |")
    common = [t for q in ("hội nghị", "hoi nghi", "đồng chí", "dong chi")
              for t in timed(lambda q=q: search(db, q), args.repeat)]
    print(f"| most common words only | {summary(common)} |")
    tier = [t for q in QUERIES for t in timed(
        lambda q=q: db.execute("SELECT rowid FROM article_search WHERE article_search MATCH ?"
                               " ORDER BY rank LIMIT 20", [parse_query(q).fts(folded=False)]).fetchall(),
        args.repeat)]
    print(f"| accented columns only, one tier (no shadow lookup) | {summary(tier)} |")
    timeline_sql = canned_sql("person_timeline")
    names = [r[0] for r in db.execute("SELECT name FROM persons ORDER BY id LIMIT 50")]
    timeline = [t for name in names for t in timed(
        lambda name=name: db.execute(timeline_sql, {"name": name}).fetchall(), args.repeat)]
    rows = statistics.mean(len(db.execute(timeline_sql, {"name": x}).fetchall()) for x in names)
    print(f"| person timeline (canned query, 50 persons, {rows:.0f} rows avg) | {summary(timeline)} |")
    canned = canned_sql("search")
    for label, queries in (("common words", ("hội nghị", "hoi nghi", "đồng chí", "dong chi")),
                           ("all queries", QUERIES)):
        ms = [t for q in queries
              for t in timed(lambda q=q: db.execute(canned, {"q": q}).fetchall(), args.repeat)]
        print(f"| Datasette canned search (100 rows, snippets), {label} | {summary(ms)} |")

    print(f"\nmachine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores,"
          f" Python {platform.python_version()}, SQLite {sqlite3.sqlite_version},"
          f" load average {os.getloadavg()[0]:.1f}")
    if args.no_alternative:
        return
    plain_path = args.db.with_name(args.db.stem + "_plainfts.db")
    plain_mb = build_plain_fts(args.db, plain_path)
    conn = sqlite3.connect(plain_path)
    plain_ms, missed = [], []
    for q in QUERIES:
        expr = parse_query(q).fts(folded=False).replace("{title lead body} : ", "")
        plain_ms += timed(lambda e=expr: conn.execute(
            "SELECT rowid FROM plain WHERE plain MATCH ? ORDER BY rank LIMIT 20", [e]).fetchall(),
            args.repeat)
        ours = len(search(db, q, limit=1000))
        theirs = len(conn.execute("SELECT rowid FROM plain WHERE plain MATCH ? LIMIT 1000",
                                  [expr]).fetchall())
        if theirs < ours:
            missed.append(f"{q!r} {theirs}/{ours}")
    print(f"| without shadow columns (remove_diacritics 2 on published text) | {summary(plain_ms)} |")
    print(f"\nplain FTS index alone: {plain_mb:.0f} MB; queries where it finds fewer (of first 1000):"
          f" {', '.join(missed) or 'none'}")
    conn.close()
    plain_path.unlink()


if __name__ == "__main__":
    main()
