"""The scheduled run (``portalnews run``): every enabled portal, locked, bounded, monitored.

One process crawls all portals (one request at a time per portal, portals in parallel); one
failing portal never stops the others. The run is recorded in ``run_batches`` with a verdict
per portal in ``crawl_runs``; the exit status tells success (0), partial success (1) and
failure (2) apart, and 3 means another run holds the lock.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import shlex
import subprocess
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.crawl import CrawlTarget, run_crawls
from crawler.ledger import STATES
from crawler.lock import LockHeld, RunLock
from store.database import now_iso, open_db, transaction
from store.verdict import Health, evaluate

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED, EXIT_LOCKED = 0, 1, 2, 3
logger = logging.getLogger(__name__)


@dataclass
class RunOptions:
    """What ``portalnews run`` was asked to do."""

    db_path: Path
    targets: Sequence[CrawlTarget]
    overrides: dict[str, Any] = field(default_factory=dict)
    max_seconds: float | None = None
    portal_seconds: float | None = None
    memory_mb: int | None = None
    log_file: Path | None = None
    notify_command: str | None = None
    webhook: str | None = None


@dataclass
class PortalOutcome:
    """One portal's result in a run."""

    portal: str
    health: Health
    stats: Mapping[str, Any]

    def line(self) -> str:
        """One summary line."""
        s = self.stats
        counts = (f"{s.get('portalnews/articles_new', 0)} new, "
                  f"{s.get('portalnews/articles_updated', 0)} updated, "
                  f"{s.get('portalnews/failures', 0)} failures")
        if s.get("ledger/unaccounted"):
            counts += f", {s['ledger/unaccounted']} unaccounted"
        if s.get("ledger/deferred"):
            counts += f", {s['ledger/deferred']} left for the next run"
        problems = f" ({'; '.join(self.health.problems)})" if self.health.problems else ""
        return f"  {self.health.status:8} {self.portal}: {counts}{problems}"


def ledger_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Candidate articles of a portal's run per ledger state (crawler.ledger)."""
    return {state: int(stats.get(f"ledger/{state}", 0)) for state in STATES
            if stats.get(f"ledger/{state}")}


def lock_path(db_path: Path) -> Path:
    """The lock file beside the database."""
    return db_path.with_name(db_path.name + ".lock")


def setup_log_file(path: Path, level: int = logging.INFO) -> logging.Handler:
    """A rotating log file (10 MiB x 5) on the root logger."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=10 * 2**20, backupCount=5,
                                                   encoding="utf-8")
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    return handler


def exit_code(outcomes: Sequence[PortalOutcome]) -> int:
    """0 when every portal is healthy, 2 when none is, 1 otherwise."""
    healthy = sum(o.health.healthy for o in outcomes)
    if outcomes and healthy == len(outcomes):
        return EXIT_OK
    return EXIT_PARTIAL if healthy else EXIT_FAILED


def run_scheduled(options: RunOptions, *, crawl: Callable[..., list[dict[str, Any]]] = run_crawls,
                  out: Callable[[str], None] = print) -> int:
    """Lock, crawl every target, record and report; return the exit status."""
    try:
        lock = RunLock(lock_path(options.db_path))
        lock.acquire()
    except LockHeld as exc:
        out(f"portalnews run: {exc}; not starting a second run")
        return EXIT_LOCKED
    try:
        if options.log_file:
            setup_log_file(options.log_file)
        return _run_locked(options, crawl, out)
    finally:
        lock.release()


def _run_locked(options: RunOptions, crawl: Callable[..., list[dict[str, Any]]],
                out: Callable[[str], None]) -> int:
    db = open_db(options.db_path)
    with transaction(db):
        batch_id = db["run_batches"].insert(
            {"started_at": now_iso(), "status": "running", "portals": len(options.targets),
             "pid": os.getpid()}
        ).last_pk
    db.close()
    overrides: dict[str, Any] = {"RUN_BATCH_ID": batch_id, "PROGRESS_ENABLED": False,
                                 "LOG_LEVEL": "INFO" if options.log_file else "WARNING"}
    if options.portal_seconds:
        overrides["CLOSESPIDER_TIMEOUT"] = options.portal_seconds
    if options.memory_mb:
        overrides["MEMUSAGE_LIMIT_MB"] = options.memory_mb
    overrides.update(options.overrides)
    stats_list = crawl(options.targets, db_path=options.db_path, overrides=overrides,
                       max_seconds=options.max_seconds) if options.targets else []
    outcomes = [
        PortalOutcome(target.portal or target.url, evaluate(stats), stats)
        for target, stats in zip(options.targets, stats_list, strict=True)
    ]
    code = exit_code(outcomes)
    report = _record_batch(options.db_path, batch_id, outcomes, code)
    status = report["status"]
    out(f"portalnews run #{batch_id}: {status} ({len(outcomes)} portals)")
    for outcome in outcomes:
        out(outcome.line())
    if code != EXIT_OK:
        notify(report, options.notify_command, options.webhook)
    return code


def _record_batch(db_path: Path, batch_id: int, outcomes: Sequence[PortalOutcome],
                  code: int) -> dict[str, Any]:
    report, fields = batch_result(batch_id, outcomes, code)
    db = open_db(db_path)
    with transaction(db):
        db["run_batches"].update(batch_id, fields)
    db.close()
    return report


def batch_result(batch_id: int | str | None, outcomes: Sequence[PortalOutcome], code: int
                 ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The batch's JSON report and its ``run_batches`` columns."""
    status = {EXIT_OK: "success", EXIT_PARTIAL: "partial", EXIT_FAILED: "failed"}[code]
    counts = {k: sum(o.health.status == k for o in outcomes) for k in ("ok", "warning", "failed")}
    report = {
        "batch": batch_id,
        "status": status,
        "exit_code": code,
        "portals": [{"portal": o.portal, "health": o.health.status, "problems": o.health.problems,
                     "coverage": o.health.coverage, "ledger": ledger_counts(o.stats)}
                    for o in outcomes],
    }
    return report, {
        "finished_at": now_iso(), "status": status, "exit_code": code,
        "portals_ok": counts["ok"], "portals_warning": counts["warning"],
        "portals_failed": counts["failed"],
        "articles_new": sum(o.stats.get("portalnews/articles_new", 0) for o in outcomes),
        "articles_updated": sum(o.stats.get("portalnews/articles_updated", 0) for o in outcomes),
        "failures": sum(o.stats.get("portalnews/failures", 0) for o in outcomes),
        "report": json.dumps(report, ensure_ascii=False),
    }


def notify(report: Mapping[str, Any], command: str | None, webhook: str | None) -> None:
    """Tell someone about an unhealthy run: a command (report JSON on stdin) and/or a webhook."""
    payload = json.dumps(report, ensure_ascii=False).encode("utf-8")
    if command:
        try:
            subprocess.run(shlex.split(command), input=payload, timeout=60, check=False)
        except (OSError, subprocess.SubprocessError) as exc:
            logger.error("notification command %r failed: %s", command, exc)
    if webhook:
        request = urllib.request.Request(webhook, data=payload, method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30):
                pass
        except OSError as exc:
            logger.error("webhook %s failed: %s", webhook, exc)
