"""The annotated sentences: exact roles results, and the aggregate scores of the extractor."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.rolenorm import extract_roles
from pipelines.rolenorm.scoring import load_annotated, run_extractor, score

ANNOTATED = Path(__file__).with_name("annotated.jsonl")
RECORDS = load_annotated(ANNOTATED)


def test_enough_sentences_and_negatives() -> None:
    assert len(RECORDS) >= 200
    assert sum(1 for r in RECORDS if not r["expected"]) >= 25


@pytest.mark.parametrize("rec", RECORDS, ids=[str(r["id"]) for r in RECORDS])
def test_sentence(rec: dict) -> None:
    found = extract_roles(rec["text"], date=rec.get("date"), locality=rec.get("locality"),
                          province=rec.get("province"))
    for entry in found:
        assert entry.pop("sentence")
        start, end = entry["span"]
        assert rec["text"][start:end] == entry["name"]
    assert found == rec["expected"], rec.get("note")


def test_scores_meet_goals() -> None:
    persons, roles = score(RECORDS, run_extractor)
    assert persons.f1 >= 0.97, persons.errors
    assert roles.f1 >= 0.95, roles.errors
