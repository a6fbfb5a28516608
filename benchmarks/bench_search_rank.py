"""Search ranking at scale: the ranking of ``search()`` against bm25() (speed and agreement; not a test).

    python3 benchmarks/bench_search_rank.py --db benchmarks/out/scale.db [--repeat 2] [--json]
                                            [--filters] [--python] [--force-estimated] [--no-exact]

For each query of ``bench_storage.QUERIES`` (and the filter sets of ``bench_storage``),
``search()`` runs twice per pass: as it is (``store.search``: the C functions of
``store._fts5rank`` when built; with ``--python`` the Python ranking: bm25() for tiers whose
phrases are rare, the estimated ranking above ``EXACT_BUDGET``) and with bm25() for every tier
(``NATIVE`` off, ``EXACT_BUDGET`` set to infinity; the same windows). Prints latency (median,
p95, max in ms, wall clock and the process's CPU time, which a loaded machine does not inflate;
the first pass of each query also pays for the vocabulary counts, given apart) and the agreement of
the top 10 and top 20 with bm25's order: overlap@10 (shared hits / 10) and Kendall's tau over
the hits both top 20s hold.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_storage import FILTERS, QUERIES

import store.search as search_module
from store.readonly import open_readonly
from store.search import search


def kendall_tau(a: list[int], b: list[int]) -> float | None:
    """Kendall's tau-a of the items both lists hold (None when fewer than two)."""
    common = [x for x in a if x in set(b)]
    if len(common) < 2:
        return None
    rank_b = {x: i for i, x in enumerate(b)}
    concordant = discordant = 0
    for i in range(len(common)):
        for j in range(i + 1, len(common)):
            if rank_b[common[i]] < rank_b[common[j]]:
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / (concordant + discordant)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


FORCE = {"estimated": False, "native": True}
CPU_MS: list[float] = []


def timed_search(db: Any, query: str, filters: dict[str, str], *, exact: bool,
                 native: bool | None = None) -> tuple[float, list[int]]:
    budget, was_native = search_module.EXACT_BUDGET, search_module.NATIVE
    search_module.EXACT_BUDGET = math.inf if exact else -1 if FORCE["estimated"] else budget
    search_module.NATIVE = (FORCE["native"] if native is None else native) and not exact
    try:
        start, cpu = time.perf_counter(), time.process_time()
        hits = search(db, query, limit=20, **filters)
        CPU_MS.append((time.process_time() - cpu) * 1000)
        return (time.perf_counter() - start) * 1000, [h.id for h in hits]
    finally:
        search_module.EXACT_BUDGET, search_module.NATIVE = budget, was_native


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--filters", action="store_true", help="also the filter sets")
    parser.add_argument("--no-exact", action="store_true", help="skip timing bm25 (slow at 1M)")
    parser.add_argument("--force-estimated", action="store_true",
                        help="the estimated ranking for every tier, however rare its terms")
    parser.add_argument("--python", action="store_true",
                        help="rank in Python (as without store._fts5rank), not with the C functions")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    FORCE["estimated"] = args.force_estimated
    FORCE["native"] = not args.python
    db = open_readonly(args.db)
    cases = [(q, {}) for q in QUERIES]
    if args.filters:
        cases += [(q, f) for f in FILTERS[1:] for q in QUERIES]
    first, later, exact_ms, overlaps, taus, per_query = [], [], [], [], [], {}
    cpu_later: list[float] = []
    for query, filters in cases:
        ms, got = timed_search(db, query, filters, exact=False)
        first.append(ms)
        CPU_MS.clear()
        runs = [timed_search(db, query, filters, exact=False)[0] for _ in range(args.repeat)]
        later += runs
        cpu_later += CPU_MS
        if not args.no_exact:
            ms_exact, want = timed_search(db, query, filters, exact=True)
            exact_ms.append(ms_exact)
            overlap = (len(set(got[:10]) & set(want[:10])) / min(10, len(want)) if want
                       else float(not got))
            overlaps.append(overlap)
            tau = kendall_tau(got, want)
            if tau is not None:
                taus.append(tau)
            if not filters:
                per_query[query] = {"ms": round(min(runs), 1), "bm25_ms": round(ms_exact, 1),
                                    "overlap10": round(overlap, 2),
                                    "tau": None if tau is None else round(tau, 2)}

    def stats(values: list[float]) -> dict[str, float]:
        return {"median": round(statistics.median(values), 1),
                "p95": round(percentile(values, 0.95), 1), "max": round(max(values), 1)}

    report = {"db": str(args.db), "queries": len(cases), "search_ms": stats(later),
              "search_cpu_ms": stats(cpu_later),
              "forced_estimated": args.force_estimated,
              "ranking": "python" if args.python else "c" if search_module.NATIVE else "python",
              "first_run_ms": stats(first), "load_1min": round(os.getloadavg()[0], 2)}
    if exact_ms:
        report.update({"bm25_ms": stats(exact_ms),
                       "overlap10_mean": round(statistics.mean(overlaps), 3),
                       "overlap10_min": round(min(overlaps), 2),
                       "kendall_tau_mean": round(statistics.mean(taus), 3) if taus else None,
                       "per_query": per_query})
    print(json.dumps(report, ensure_ascii=False, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
