"""Scoring of extracted persons and roles against annotated sentences (tests and benchmark)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.vntext import match_key

__all__ = ["SPLIT_FILES", "Score", "load_annotated", "load_splits", "role_tuples", "run_extractor",
           "score"]

_ROLE_FIELDS = ("title", "modifiers", "status", "organ", "level", "locality")


@dataclass
class Score:
    """True positives, false positives and false negatives, with the errors seen."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """tp / (tp + fp)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set[Any], found: set[Any], label: str) -> None:
        """Count one sentence."""
        self.tp += len(gold & found)
        for missed in gold - found:
            self.fn += 1
            self.errors.append(f"{label}: missed {missed}")
        for extra in found - gold:
            self.fp += 1
            self.errors.append(f"{label}: spurious {extra}")


def load_annotated(path: str | Path) -> list[dict[str, Any]]:
    """The annotated sentences (one JSON object per line)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


# The annotated sentences, in two parts: ``dev`` (the rules were tuned on them) and ``heldout``
# (written by hand before the rule changes they measure, never used to tune rules).
SPLIT_FILES = {"dev": "annotated.jsonl", "heldout": "heldout.jsonl"}


def load_splits(directory: str | Path) -> dict[str, list[dict[str, Any]]]:
    """The development and held-out records of ``directory`` (``tests/roles``), each record's
    ``split`` field checked against its file."""
    out: dict[str, list[dict[str, Any]]] = {}
    for split, name in SPLIT_FILES.items():
        records = load_annotated(Path(directory) / name)
        wrong = [r.get("id") for r in records if r.get("split") != split]
        if wrong:
            raise ValueError(f"{name}: records {wrong[:5]} are not marked split={split!r}")
        out[split] = records
    return out


def role_tuples(entries: Iterable[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """One hashable tuple per (person, role)."""
    out = set()
    for entry in entries:
        for role in entry.get("roles", []):
            out.add((match_key(entry["name"]), *(
                tuple(role[f]) if isinstance(role[f], list) else role[f] for f in _ROLE_FIELDS)))
    return out


def score(records: list[dict[str, Any]], extract: Callable[[dict[str, Any]], list[dict[str, Any]]]
          ) -> tuple[Score, Score]:
    """Person and role scores of ``extract`` (record -> roles result) on ``records``."""
    persons, roles = Score(), Score()
    for rec in records:
        found = extract(rec)
        label = f"#{rec.get('id')}"
        persons.add({match_key(e["name"]) for e in rec["expected"]},
                    {match_key(e["name"]) for e in found}, label)
        roles.add(role_tuples(rec["expected"]), role_tuples(found), label)
    return persons, roles


def run_extractor(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """Our extractor on one annotated record (its date, province and locality as context)."""
    from pipelines.rolenorm.extractor import extract_roles

    return extract_roles(rec["text"], date=rec.get("date"), locality=rec.get("locality"),
                         province=rec.get("province"))


def article_fields(article: Any) -> dict[str, str]:
    """Title, lead and body text of a fixture-corpus article as the crawler extracts them."""
    body = "\n\n".join(b.text for b in article.body if b.kind == "p")
    return {"title": article.title, "lead": article.lead, "body_text": body}


def score_corpus(articles: Iterable[Any], province: str | None) -> tuple[Score, Score]:
    """Person and raw-role scores on articles carrying ``people`` ground truth (fixture corpus).

    Persons are compared by name match key per article; roles by the match key of the raw role
    string (the ground truth lists published role strings, not normalised parts).
    """
    from pipelines.roles import article_mentions

    persons, roles = Score(), Score()
    for article in articles:
        found = article_mentions(article_fields(article), date=article.published.isoformat(),
                                 province=province)
        label = f"#{article.id}"
        persons.add({match_key(p.name) for p in article.people},
                    {match_key(e["name"]) for e in found}, label)
        roles.add({(match_key(p.name), match_key(r)) for p in article.people for r in p.roles},
                  {(match_key(e["name"]), match_key(r["raw"])) for e in found for r in e["roles"]},
                  label)
    return persons, roles
