"""Portals on loopback for the distributed tests and ``benchmarks/bench_scaleout.py``: fixture
portals that note when each request arrived, a registry of them, and politeness checks."""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from crawler.fixture_portal import FixturePortal


class TimedPortal(FixturePortal):
    """A fixture portal whose request log keeps the arrival time of every request."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._arrivals: list[tuple[float, str]] = []
        self._arrivals_lock = threading.Lock()

    def handle(self, method: str, raw_path: str, host: str | None) -> Any:
        """Note the arrival (monotonic clock), then answer as the fixture portal does."""
        with self._arrivals_lock:
            self._arrivals.append((time.monotonic(), raw_path))
        return super().handle(method, raw_path, host)

    @property
    def arrivals(self) -> list[tuple[float, str]]:
        """(monotonic time, path) of every request, in arrival order."""
        with self._arrivals_lock:
            return list(self._arrivals)

    def article_hits(self) -> int:
        """Article pages served so far (every published article's hit counter)."""
        return sum(self.hits(article) for article in self.corpus.published_articles())


CLOCK_MARGIN = 0.002
"""Seconds an interval may fall short of the delay and still count as polite. Within one crawl
the delay is counted from the previous response (:mod:`crawler.politeness`), which the server
sends after stamping the previous arrival, so arrivals are at least the delay apart on the one
monotonic clock of this machine; across a lease hand-over the wait is Redis's key expiry, kept
in whole milliseconds (a key may expire up to 1 ms early). 2 ms covers both and float rounding;
a second crawler on the portal would give intervals near zero."""


def too_close(arrivals: Iterable[tuple[float, str]], delay: float,
              margin: float = CLOCK_MARGIN) -> list[tuple[float, str, str]]:
    """Consecutive requests closer than ``delay`` less ``margin`` seconds, as (interval, first
    path, second path): politeness violations."""
    ordered = sorted(arrivals)
    return [(round(b[0] - a[0], 4), a[1], b[1]) for a, b in itertools.pairwise(ordered)
            if b[0] - a[0] < delay - margin]


def write_registry(path: Path, portals: Mapping[str, str], *, delay: float | None = None) -> Path:
    """A registry TOML of NukeViet portals ``id -> base URL`` (optionally with a delay)."""
    entries = []
    for portal_id, url in portals.items():
        entries.append(
            f'[[portal]]\nid = "{portal_id}"\nname = "Cổng thử {portal_id}"\n'
            f'province = "Thái Nguyên"\nkind = "party"\nurls = ["{url}"]\n'
            f'platform = "nukeviet4"\nverified = true\n'
            + (f"delay = {delay}\n" if delay is not None else ""))
    path.write_text("\n".join(entries), encoding="utf-8")
    return path
