"""The hand-written corpus (tests/dates/corpus.jsonl): every family, negatives, full results."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pipelines.datenorm import normalise_date

CORPUS = Path(__file__).with_name("corpus.jsonl")


def load_corpus() -> list[dict[str, Any]]:
    """The corpus cases, in file order."""
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


CASES = load_corpus()


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """The normaliser's result dict for one corpus case."""
    return normalise_date(
        case["text"],
        reference=datetime.fromisoformat(case["reference"]),
        order=case.get("order", "dmy"),
        tz=case.get("tz", "Asia/Ho_Chi_Minh"),
        tz_source=case.get("tz_source", "default"),
    ).to_dict()


def test_corpus_size_and_families() -> None:
    assert len(CASES) >= 250
    families = {case["family"] for case in CASES}
    assert {"nukeviet", "weekday", "labels_counters", "12_hour", "words", "clock_words",
            "part_of_day", "relative", "year_less", "ranges", "coarse", "offsets",
            "negatives"} <= families


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{c['family']}" for i, c in enumerate(CASES)])
def test_corpus_case(case: dict[str, Any]) -> None:
    assert run_case(case) == case["expected"]
