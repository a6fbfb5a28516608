"""Benchmark of the roles extractor against underthesea's NER on the annotated sentences.

Run: ``python3 benchmarks/bench_roles.py`` (underthesea from the ``bench`` extra; optional).
Prints, for the development part (``annotated.jsonl``, the sentences the rules were tuned on) and
the held-out part (``heldout.jsonl``, never used for tuning) and the independent held-out part
(``heldout_independent.jsonl``, written by someone who never read the rules) separately: person and role
precision/recall/F1 of ours, person scores of underthesea; sentences per second on the
development part (best of 5 runs, CPU time, so that other processes on the machine do not count);
and our scores on the fixture corpus ``[[people]]`` ground truth (also tuned on).
``--quick``: one timing run instead of five, underthesea skipped.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.scoring import Score, load_annotated, load_splits, run_extractor, score  # noqa: E402
from pipelines.rolenorm.gazetteer import gazetteer  # noqa: E402

ANNOTATED_DIR = Path(__file__).resolve().parents[1] / "tests" / "roles"


def underthesea_persons(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Persons (B-PER/I-PER spans) found by underthesea's offline CRF NER."""
    from underthesea import ner

    names, current = [], []
    for word, _pos, _chunk, tag in ner(rec["text"]):
        if tag.endswith("PER") and ((tag.startswith("I-") and current) or tag.startswith("B-")):
            if tag.startswith("B-") and current:
                names.append(" ".join(current))
                current = []
            current.append(word)
        elif current:
            names.append(" ".join(current))
            current = []
    if current:
        names.append(" ".join(current))
    return [{"name": n, "roles": []} for n in names]


def _timed(records: list[dict[str, Any]], fn: Any, repeat: int, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        for _ in range(repeat):
            for rec in records:
                fn(rec)
        best = min(best, time.process_time() - start)
    return len(records) * repeat / best


def _prf(s: Score) -> str:
    return f"P {s.precision:.3f} R {s.recall:.3f} F1 {s.f1:.3f}"


def main() -> None:
    """Print the figures for docs/benchmarks.md."""
    quick = "--quick" in sys.argv[1:]
    splits = load_splits(ANNOTATED_DIR)
    splits["independent"] = load_annotated(ANNOTATED_DIR / "heldout_independent.jsonl")
    gazetteer()  # one-off load, not part of the throughput
    for split, records in splits.items():
        persons, roles = score(records, run_extractor)
        print(f"{split:11} ({len(records)} sentences, "
              f"{sum(1 for r in records if not r['expected'])} without persons) "
              f"ours persons {_prf(persons)} | roles {_prf(roles)}")
    speed = _timed(splits["dev"], run_extractor, 20, runs=1 if quick else 5)
    print(f"speed on dev: {speed:,.0f} sentences/s")
    from benchmarks.scoring import score_corpus
    from fixtures.portal.corpus import load_corpus

    corpus = load_corpus()
    c_persons, c_roles = score_corpus(corpus.articles, corpus.site.province)
    print(f"fixture corpus ({len(corpus.articles)} articles) persons P {c_persons.precision:.3f} "
          f"R {c_persons.recall:.3f} F1 {c_persons.f1:.3f} | raw role strings P "
          f"{c_roles.precision:.3f} R {c_roles.recall:.3f} F1 {c_roles.f1:.3f}")
    if quick:
        return
    try:
        import underthesea  # noqa: F401
    except ImportError:
        print("underthesea not installed (pip install underthesea): skipped")
        return
    for split, records in splits.items():
        u_persons, _ = score(records, underthesea_persons)
        print(f"{split:11} underthesea persons {_prf(u_persons)} | roles: none")
    u_speed = _timed(splits["dev"], underthesea_persons, 1, runs=1)
    print(f"underthesea speed on dev: {u_speed:,.0f} sentences/s")


if __name__ == "__main__":
    main()
