"""The health verdict of a crawl: its statistics -> ``ok``, ``warning`` or ``failed`` with reasons.

Pure functions over the statistics Scrapy collected (no Scrapy import): the storage stage and
the distributed writer store the verdict with each run (``crawl_runs.health``), ``portalnews
status`` shows it. A run with a candidate article the crawl ledger could not account for
(``ledger/unaccounted``) is never ``ok``. Field coverage is counted during the crawl by
:class:`crawler.monitoring.FieldCoverage`.

(spidermon does item validation and coverage too, but runs its monitors inside the spider
process as unittest suites; the verdict here must be stored in SQLite per portal and per run,
and the rules are a few lines.)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

COVERED_FIELDS = ("title", "lead", "body_text", "author", "source", "category", "tags",
                  "images", "published", "updated")
ESSENTIAL_FIELDS = ("title", "body_text", "published")
MIN_ESSENTIAL_COVERAGE = 0.9
MAX_FAILURE_RATIO = 0.2


def coverage(stats: Mapping[str, Any]) -> dict[str, float]:
    """Share of articles with each field filled (empty when no article went through)."""
    total = stats.get("portalnews/fields_total", 0)
    if not total:
        return {}
    return {name: round(stats.get(f"portalnews/fields/{name}", 0) / total, 3)
            for name in COVERED_FIELDS}


@dataclass
class Health:
    """A portal's verdict for one run."""

    status: str
    problems: list[str] = field(default_factory=list)
    coverage: dict[str, float] = field(default_factory=dict)

    @property
    def healthy(self) -> bool:
        """``ok`` only."""
        return self.status == "ok"


def evaluate(stats: Mapping[str, Any]) -> Health:
    """The verdict for a crawl's statistics: ``ok``, ``warning`` or ``failed`` with reasons."""
    cover = coverage(stats)
    if stats.get("portalnews/error"):
        return Health("failed", [str(stats["portalnews/error"])], cover)
    if not stats.get("portalnews/platform"):
        return Health("failed", ["home page not fetched"], cover)
    problems: list[str] = []
    reason = stats.get("finish_reason")
    if reason and reason != "finished":
        problems.append(f"crawl stopped early: {reason}")
    stored = sum(stats.get(f"portalnews/articles_{k}", 0) for k in ("new", "updated", "unchanged"))
    seen = stored + stats.get("incremental/skipped_known", 0) + stats.get("portalnews/failures", 0)
    if seen == 0:
        problems.append("found no article at all (layout change or blocked?)")
    failures = stats.get("portalnews/failures", 0)
    fetched = stored + failures
    if fetched and failures / fetched > MAX_FAILURE_RATIO:
        problems.append(f"{failures} of {fetched} article pages failed")
    unaccounted = stats.get("ledger/unaccounted", 0)
    if unaccounted:
        problems.append(f"{unaccounted} candidate article(s) unaccounted for: found but neither "
                        "stored, skipped, failed, rejected nor left for the next run "
                        "(portalnews coverage lists them)")
    if stats.get("portalnews/fields_total", 0) >= 5:
        for name in ESSENTIAL_FIELDS:
            if cover.get(name, 0) < MIN_ESSENTIAL_COVERAGE:
                problems.append(f"{name} found in only {cover.get(name, 0):.0%} of articles")
    return Health("warning" if problems else "ok", problems, cover)
