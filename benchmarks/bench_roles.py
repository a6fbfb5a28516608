"""Benchmark of the roles extractor against underthesea's NER on the annotated sentences.

Run: ``python3 benchmarks/bench_roles.py`` (underthesea from the ``bench`` extra; optional).
Prints person precision/recall/F1 of both, role F1 of ours, sentences per second (best of 5
runs, CPU time, so that other processes on the machine do not count), and our person scores on
the fixture corpus ``[[people]]`` ground truth.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pipelines.rolenorm.gazetteer import gazetteer
from pipelines.rolenorm.scoring import load_annotated, run_extractor, score

ANNOTATED = Path(__file__).resolve().parents[1] / "tests" / "roles" / "annotated.jsonl"


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


def main() -> None:
    """Print the figures for docs/benchmarks.md."""
    records = load_annotated(ANNOTATED)
    gazetteer()  # one-off load, not part of the throughput
    persons, roles = score(records, run_extractor)
    speed = _timed(records, run_extractor, 20)
    print(f"sentences: {len(records)}")
    print(f"ours        persons P {persons.precision:.3f} R {persons.recall:.3f} "
          f"F1 {persons.f1:.3f} | roles P {roles.precision:.3f} R {roles.recall:.3f} "
          f"F1 {roles.f1:.3f} | {speed:,.0f} sentences/s")
    from crawler.fixture_portal.corpus import load_corpus
    from pipelines.rolenorm.scoring import score_corpus

    corpus = load_corpus()
    c_persons, c_roles = score_corpus(corpus.articles, corpus.site.province)
    print(f"fixture corpus ({len(corpus.articles)} articles) persons P {c_persons.precision:.3f} "
          f"R {c_persons.recall:.3f} F1 {c_persons.f1:.3f} | raw role strings P "
          f"{c_roles.precision:.3f} R {c_roles.recall:.3f} F1 {c_roles.f1:.3f}")
    try:
        import underthesea  # noqa: F401
    except ImportError:
        print("underthesea not installed (pip install underthesea): skipped")
        return
    u_persons, _ = score(records, underthesea_persons)
    u_speed = _timed(records, underthesea_persons, 1, runs=1)
    print(f"underthesea persons P {u_persons.precision:.3f} R {u_persons.recall:.3f} "
          f"F1 {u_persons.f1:.3f} | roles: none | {u_speed:,.0f} sentences/s")


if __name__ == "__main__":
    main()
