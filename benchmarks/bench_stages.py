"""Per-article CPU of the pipeline stages, next to an earlier commit, in one process (not a test).

    python3 benchmarks/bench_stages.py [REV] [--articles 400] [--passes 6] [--json] [--bundled]

The synthetic fixture portal's article pages (``fixtures.portal.synthetic``, rendered in
process, no server) are parsed once with the NukeViet adapter (timed on its own), then fed as
``ArticleItem`` objects through the item pipelines in crawl order: text, validation, dates,
roles (the portal's province) and storage (``store_article`` into a fresh SQLite file in WAL
mode, one transaction per article, as ``StoragePipeline`` writes). CPU time (``process_time``)
per stage, summed over the articles; the figure is the fastest pass of each stage.

With REV (default ``HEAD``), REV's ``pipelines`` package (from ``git archive``, imported as
``rev_pipelines``) runs the same items in alternate passes, so both versions see the same
moments of the shared machine; the ratios matter more than the absolute figures. The check
compares, between the two versions, every item after the stages and every stored row (all
tables but the run bookkeeping); a difference is printed and the exit status is 1.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import io
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from statistics import median
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.items import ArticleItem  # noqa: E402
from crawler.platforms import nukeviet  # noqa: E402
from fixtures.portal import FixturePortal  # noqa: E402

HOST = "bench.example.vn"
FETCHED_AT = "2025-07-01T09:00:00+07:00"
PROVINCE = "Thái Nguyên"
STAGES = ("text", "validation", "dates", "roles", "storage")
# Tables compared between versions (crawl_runs, portals and migrations hold times of the run).
COMPARED = ("articles", "article_versions", "images", "tags", "article_dates", "persons",
            "positions", "mentions", "article_search")


def pages(n: int, *, bundled: bool = False) -> list[tuple[str, str, str]]:
    """``(url, source_id, html)`` of the first ``n`` published articles of the synthetic portal
    (or of the fixture portal's bundled corpus)."""
    portal = FixturePortal() if bundled else FixturePortal(synthetic=n)
    out = []
    for a in portal.corpus.published_articles()[:n]:
        url = f"http://{HOST}{a.url_path}"
        key = nukeviet.article_key(url, "news")
        out.append((url, key.source_id if key else str(a.id),
                    portal.handle("GET", a.url_path, HOST).body.decode("utf-8")))
    return out


def parse(raw: list[tuple[str, str, str]]) -> list[ArticleItem]:
    """The spider's items (``BaseSpider.item``) from the adapter's fields; fixed fetch time."""
    items = []
    for url, source_id, html in raw:
        fields = nukeviet.parse_article(html, url)
        items.append(ArticleItem(portal="synthetic", url=url, source_id=source_id,
                                 platform="nukeviet", fetched_at=FETCHED_AT, http_status=200,
                                 **vars(fields)))
    return items


def import_revision(rev: str, into: Path) -> ModuleType:
    """REV's ``pipelines`` (and, from the layout of issue 13 on, ``store``) packages unpacked as
    ``rev_pipelines`` (``rev_store``) under ``into``."""
    packages = [name for name in ("pipelines", "store") if subprocess.run(
        ["git", "-C", str(ROOT), "cat-file", "-e", f"{rev}:{name}"], capture_output=True).returncode == 0]
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, *packages],
                             check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    imports = re.compile(r"\b(from|import)(\s+)(" + "|".join(packages) + r")\b")
    for name in packages:
        (into / name).rename(into / f"rev_{name}")
        for path in (into / f"rev_{name}").rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            path.write_text(imports.sub(r"\1\2rev_\3", text), encoding="utf-8")
    sys.path.insert(0, str(into))
    return importlib.import_module("rev_pipelines")


class Version:
    """One version's stages (modules of ``package``: ``pipelines`` or ``rev_pipelines``) and its
    writer (``database`` of the store package beside it, or of ``package`` before issue 13)."""

    def __init__(self, package: str, workdir: Path) -> None:
        mod = {name: importlib.import_module(f"{package}.{name}")
               for name in ("text", "validation", "dates", "roles")}
        store = package.replace("pipelines", "store")
        try:
            mod["database"] = importlib.import_module(f"{store}.database")
        except ModuleNotFoundError:
            mod["database"] = importlib.import_module(f"{package}.database")
        self.database = mod["database"]
        self.workdir = workdir
        self.name = package
        self.stages: dict[str, Callable[[Any], Any]] = {
            "text": mod["text"].TextPipeline().process_item,
            "validation": mod["validation"].ValidationPipeline().process_item,
            "dates": mod["dates"].DatesPipeline().process_item,
            "roles": mod["roles"].RolesPipeline(province=PROVINCE).process_item,
        }
        self.db_path = workdir / f"{package}.db"

    def fresh_db(self) -> Any:
        """A new database file with the portal row (outside the timed part)."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)
        db = self.database.open_db(self.db_path)
        self.database.ensure_portal(db, "synthetic", name="synthetic", province=PROVINCE)
        return db

    def run(self, items: list[ArticleItem]) -> tuple[dict[str, float], list[ArticleItem]]:
        """CPU seconds per stage over ``items`` (copied first) and the completed items."""
        from itemadapter import ItemAdapter

        items = copy.deepcopy(items)
        seconds: dict[str, float] = {}
        for name, stage in self.stages.items():
            start = time.process_time()
            for item in items:
                stage(item)
            seconds[name] = time.process_time() - start
        db = self.fresh_db()
        store = self.database.store_article
        start = time.process_time()
        for item in items:
            store(db, ItemAdapter(item))
        seconds["storage"] = time.process_time() - start
        db.close()
        return seconds, items


def stored_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the compared tables, in rowid order."""
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in COMPARED}
    finally:
        conn.close()


def differences(a: Version, b: Version, items_a: list[ArticleItem],
                items_b: list[ArticleItem]) -> list[str]:
    """What differs between two versions' items and stored rows (empty when identical)."""
    found = [f"item {x.url}: {k}" for x, y in zip(items_a, items_b, strict=True)
             for k, v in asdict(x).items() if asdict(y)[k] != v]
    rows_a, rows_b = stored_rows(a.db_path), stored_rows(b.db_path)
    for table in COMPARED:
        if rows_a[table] != rows_b[table]:
            diff = sum(x != y for x, y in zip(rows_a[table], rows_b[table], strict=False))
            found.append(f"table {table}: {len(rows_a[table])} vs {len(rows_b[table])} rows,"
                         f" {diff} differ")
    return found


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()],
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def summary(passes: list[dict[str, float]], n: int) -> dict[str, Any]:
    """Fastest pass of each stage in µs per article, the total and articles/s per core."""
    per_stage = {s: min(p[s] for p in passes) / n * 1e6 for s in passes[0]}
    total = sum(v for k, v in per_stage.items() if k != "parse")
    return {"us_per_article": {k: round(v, 1) for k, v in per_stage.items()},
            "stages_us": round(total, 1), "stages_articles_per_s": round(1e6 / total, 1),
            "with_parse_articles_per_s": round(1e6 / (total + per_stage.get("parse", 0)), 1)}


def main(argv: list[str] | None = None) -> int:
    """Alternate passes of both versions; print a table or one JSON object."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", nargs="?", default="HEAD", help="earlier commit ('' = none)")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--passes", type=int, default=6, help="passes of each version")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument("--bundled", action="store_true",
                        help="the fixture portal's bundled corpus (46 articles) instead")
    args = parser.parse_args(argv)
    raw = pages(args.articles, bundled=args.bundled)
    parse_times = []
    for _ in range(3):
        start = time.process_time()
        items = parse(raw)
        parse_times.append(time.process_time() - start)
    n = len(items)
    with tempfile.TemporaryDirectory() as tmp:
        versions = [Version("pipelines", Path(tmp))]
        if args.rev:
            import_revision(args.rev, Path(tmp))
            versions.insert(0, Version("rev_pipelines", Path(tmp)))
        outputs = {v.name: v.run(items[:20])[1] for v in versions}  # warm-up (gazetteer, regexes)
        times: dict[str, list[dict[str, float]]] = {v.name: [] for v in versions}
        for i in range(args.passes):
            for v in versions if i % 2 else list(reversed(versions)):
                seconds, outputs[v.name] = v.run(items)
                seconds["parse"] = min(parse_times)
                times[v.name].append(seconds)
        diffs = differences(versions[0], versions[1], outputs[versions[0].name],
                            outputs[versions[1].name]) if len(versions) == 2 else []
    result: dict[str, Any] = {"articles": n, "passes": args.passes, "machine": machine(),
                              "working_tree": summary(times["pipelines"], n)}
    if args.rev:
        result["rev"] = args.rev
        result["previous"] = summary(times["rev_pipelines"], n)
        paired = [sum(a[s] for s in STAGES) / sum(b[s] for s in STAGES)
                  for a, b in zip(times["rev_pipelines"], times["pipelines"], strict=True)]
        result["speedup"] = {
            "stages_fastest": round(result["previous"]["stages_us"]
                                    / result["working_tree"]["stages_us"], 2),
            "stages_median_paired": round(median(paired), 2),
            **{s: round(result["previous"]["us_per_article"][s]
                        / result["working_tree"]["us_per_article"][s], 2) for s in STAGES}}
        result["identical"] = not diffs
        result["differences"] = diffs[:20]
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        print_table(result)
    return 1 if result.get("differences") else 0


def print_table(result: dict[str, Any]) -> None:
    """Markdown table for docs/benchmarks.md."""
    cols = [("previous", f"{result.get('rev')}"), ("working_tree", "working tree")]
    cols = [(k, label) for k, label in cols if k in result]
    print(f"{result['articles']} articles, {result['passes']} passes, {result['machine']}")
    print("| stage (µs/article, fastest pass) | " + " | ".join(label for _, label in cols)
          + (" | speed-up |" if "speedup" in result else " |"))
    print("|---" * (len(cols) + 1 + ("speedup" in result)) + "|")
    for stage in ("parse", *STAGES):
        row = [f"{result[k]['us_per_article'][stage]:,.0f}" for k, _ in cols]
        extra = f" | {result['speedup'][stage]:.2f}x" if "speedup" in result and stage != "parse" else ""
        print(f"| {stage} | " + " | ".join(row) + extra + (" |" if extra or "speedup" not in result
                                                            else " | |"))
    for key, label in (("stages_us", "all stages, µs"), ("stages_articles_per_s",
                                                          "articles/s per core (stages)"),
                       ("with_parse_articles_per_s", "articles/s per core (with parse)")):
        print(f"| {label} | " + " | ".join(f"{result[k][key]:,.1f}" for k, _ in cols) + " |")
    if "speedup" in result:
        s = result["speedup"]
        print(f"speed-up: {s['stages_fastest']:.2f}x (fastest passes),"
              f" {s['stages_median_paired']:.2f}x (median of paired passes);"
              f" outputs identical: {result['identical']}")
        for line in result["differences"]:
            print("  DIFF", line)


if __name__ == "__main__":
    sys.exit(main())
