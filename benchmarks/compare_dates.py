"""Benchmark (not a test): the date normaliser against an earlier commit, in one process.

    python3 benchmarks/compare_dates.py REV [--passes 200]

A shared VM's speed drifts by up to 2.5x from minute to minute, so two separate runs of
bench_dates.py cannot tell a 10% change. Here the working tree's normaliser and REV's (taken
with ``git archive``, imported under another package name) run alternate passes over the corpus
of tests/dates/corpus.jsonl; both see the same moments of the machine. Prints the fastest pass of
each (microseconds per string) and the median ratio of the passes' times.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bench_dates import load, ours  # noqa: E402
from benchmarks.bench_stages import import_revision as import_pipelines  # noqa: E402


def import_revision(rev: str, into: Path) -> object:
    """REV's ``pipelines`` package, unpacked as ``rev_pipelines`` under ``into``: its datenorm."""
    import_pipelines(rev, into)
    return importlib.import_module("rev_pipelines.datenorm")


def calls(module: object, cases: list[dict]) -> list[Callable[[], object]]:
    """One bound call per corpus case, as bench_dates.py times it."""
    return [ours(case, module.normalise_date) for case in cases]  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    """Alternate passes of both versions and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the earlier commit (anything git archive takes)")
    parser.add_argument("--passes", type=int, default=200, help="passes of each version")
    args = parser.parse_args(argv)
    import pipelines.datenorm as current

    cases = load()
    with tempfile.TemporaryDirectory() as tmp:
        earlier = import_revision(args.rev, Path(tmp))
        versions = {args.rev: calls(earlier, cases), "working tree": calls(current, cases)}
        for fns in versions.values():  # warm-up
            for fn in fns:
                fn()
        times: dict[str, list[float]] = {name: [] for name in versions}
        names = list(versions)
        for i in range(args.passes):
            for name in names if i % 2 else reversed(names):
                start = time.perf_counter()
                for fn in versions[name]:
                    fn()
                times[name].append(time.perf_counter() - start)
    n = len(cases)
    for name in names:
        best = min(times[name])
        print(f"{name:>14}: fastest pass {best / n * 1e6:6.2f} us/string ({n / best:,.0f} strings/s), "
              f"median {median(times[name]) / n * 1e6:6.2f} us")
    ratios = [a / b for a, b in zip(times[names[0]], times[names[1]], strict=True)]
    print(f"speed-up of the working tree: {min(times[names[0]]) / min(times[names[1]]):.2f}x "
          f"(fastest passes), {median(ratios):.2f}x (median of paired passes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
