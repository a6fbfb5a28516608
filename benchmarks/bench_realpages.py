"""Field accuracy of the Liferay adapter on the real pages of ../shared/realpages (no network).

    python benchmarks/bench_realpages.py

Expected values are tests/golden/realpages/liferay.toml (written by reading the pages); cases
marked ``development = true`` were read while writing the rules, the others are held out. Scores
with the portal's registry selectors and with Liferay's own markup only. Not a test: figures go to
docs/benchmarks.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.golden.realpages import FIELDS, REALPAGES, liferay_cases, liferay_scores


def main() -> int:
    if not (REALPAGES / "liferay").exists():
        print(f"no real pages at {REALPAGES}: nothing to measure")
        return 1
    cases = liferay_cases()
    print("| selectors | cases | n | " + " | ".join(FIELDS) + " |")
    print("|---|---|---|" + "---|" * len(FIELDS))
    for registry, label in ((True, "registry"), (False, "Liferay only")):
        for part, wanted in (("development", True), ("held out", False)):
            chosen = [s for s, c in cases.items() if c["development"] is wanted]
            hits = dict.fromkeys(FIELDS, 0)
            for suffix in chosen:
                for name, (ok, _, _) in liferay_scores(suffix, cases[suffix], registry).items():
                    hits[name] += ok
            print(f"| {label} | {part} | {len(chosen)} | "
                  + " | ".join(f"{hits[f]}/{len(chosen)}" for f in FIELDS) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
