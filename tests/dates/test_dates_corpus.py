"""The hand-written date corpus, full results, in two parts.

- development (``corpus.jsonl``): the cases the rules were written and tuned on;
- held-out (``heldout.jsonl``, ``"split": "heldout"``): written from the strings and the reference
  docs before the rules they test, committed first, never tuned on. A held-out case that fails
  stays as written and is reported (docs/benchmarks.md); a problem found in one part is never
  measured on that same part.
- independent held-out (``heldout_independent.jsonl``, ``"author": "independent"``): written by
  someone who never read the rules, before any run; scored as a whole against a regression floor,
  never asserted case by case.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from pipelines.datenorm import normalise_date

CORPUS = Path(__file__).with_name("corpus.jsonl")
HELDOUT = Path(__file__).with_name("heldout.jsonl")
INDEPENDENT = Path(__file__).with_name("heldout_independent.jsonl")


def load_corpus(path: Path = CORPUS) -> list[dict[str, Any]]:
    """The cases of one part, in file order."""
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


CASES = load_corpus()
HELDOUT_CASES = load_corpus(HELDOUT)
INDEPENDENT_CASES = load_corpus(INDEPENDENT)
# Measured on the independent part when it was added (101/104, docs/benchmarks.md): a floor
# against regressions, not a goal to tune rules to.
INDEPENDENT_FLOOR = 0.95
NEW_FAMILIES = {"clock_weekday", "meta_zone", "day_lists", "clock_ranges", "relative_years"}


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    """The normaliser's result dict for one corpus case."""
    return normalise_date(
        case["text"],
        reference=datetime.fromisoformat(case["reference"]),
        order=case.get("order", "dmy"),
        tz=case.get("tz", "Asia/Ho_Chi_Minh"),
        tz_source=case.get("tz_source", "default"),
    ).to_dict()


def accuracy(cases: list[dict[str, Any]]) -> tuple[int, int]:
    """(right, total): a case is right when the whole result equals the expected one."""
    return sum(run_case(case) == case["expected"] for case in cases), len(cases)


def test_corpus_size_and_families() -> None:
    assert len(CASES) >= 250
    families = {case["family"] for case in CASES}
    assert {"nukeviet", "weekday", "labels_counters", "12_hour", "words", "clock_words",
            "part_of_day", "relative", "year_less", "ranges", "coarse", "offsets",
            "negatives", "liferay"} | NEW_FAMILIES <= families


def test_heldout_part_is_separate() -> None:
    assert len(HELDOUT_CASES) >= 60
    assert all(case["split"] == "heldout" for case in HELDOUT_CASES)
    assert {case["family"] for case in HELDOUT_CASES} >= NEW_FAMILIES
    dev_texts = {(case["text"], case["reference"]) for case in CASES}
    assert not [c["text"] for c in HELDOUT_CASES if (c["text"], c["reference"]) in dev_texts]


def test_independent_part_is_separate() -> None:
    assert len(INDEPENDENT_CASES) >= 80
    assert all(c["split"] == "heldout" and c["author"] == "independent" for c in INDEPENDENT_CASES)
    others = {(c["text"], c["reference"]) for c in CASES + HELDOUT_CASES}
    assert not [c["text"] for c in INDEPENDENT_CASES if (c["text"], c["reference"]) in others]


def test_accuracy_per_part(capsys: pytest.CaptureFixture[str]) -> None:
    """Report every part (``-s`` shows the line); development must be all right."""
    dev, heldout = accuracy(CASES), accuracy(HELDOUT_CASES)
    independent = accuracy(INDEPENDENT_CASES)
    with capsys.disabled():
        print(f"\ndates: development {dev[0]}/{dev[1]}, held-out {heldout[0]}/{heldout[1]}, "
              f"independent held-out {independent[0]}/{independent[1]}")
    assert dev[0] == dev[1]


def test_independent_accuracy_stays_above_the_measured_floor() -> None:
    right, total = accuracy(INDEPENDENT_CASES)
    assert right / total >= INDEPENDENT_FLOOR


@pytest.mark.parametrize("case", CASES, ids=[f"{i}-{c['family']}" for i, c in enumerate(CASES)])
def test_corpus_case(case: dict[str, Any]) -> None:
    assert run_case(case) == case["expected"]


@pytest.mark.parametrize("case", HELDOUT_CASES,
                         ids=[f"heldout-{i}-{c['family']}" for i, c in enumerate(HELDOUT_CASES)])
def test_heldout_case(case: dict[str, Any]) -> None:
    """Held-out cases: a failure here is reported, never fixed by tuning a rule on this case."""
    assert run_case(case) == case["expected"]
