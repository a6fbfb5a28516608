"""``portalnews run --redis``: enqueue the enabled portals, wait for the writer's results,
report per portal as the single-machine run does (same verdicts, lines and exit status)."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from typing import Any

import redis

from crawler.distributed import jobs
from crawler.distributed.jobs import ITEMS_GROUP, Keys, ensure_group
from crawler.distributed.worker import target_to_job
from crawler.scheduled import (
    EXIT_LOCKED,
    EXIT_OK,
    PortalOutcome,
    RunOptions,
    batch_result,
    exit_code,
    notify,
)
from store.database import now_iso
from store.verdict import evaluate


def _send(client: Any, keys: Keys, message: dict[str, Any]) -> None:
    client.xadd(keys.items, {"m": json.dumps(message, ensure_ascii=False, default=str)})


def run_distributed(options: RunOptions, redis_url: str, keys: Keys, *,
                    out: Callable[[str], None] = print, poll_seconds: float = 1.0) -> int:
    """Enqueue every target as a job, wait for each portal's committed result (or the run's
    time limit), record the batch through the writer, report; return the exit status."""
    client = jobs.connect(redis_url)
    ensure_group(client, keys.items, ITEMS_GROUP)
    lock_key = f"{keys.ns}:coordinator"
    lock_seconds = int((options.max_seconds or 6 * 3600) + 600)
    if not client.set(lock_key, f"{jobs.worker_id()}", nx=True, ex=lock_seconds):
        out(f"portalnews run: another run is in progress ({client.get(lock_key)}); "
            "not starting a second run")
        return EXIT_LOCKED
    try:
        return _coordinate(client, keys, options, out, poll_seconds)
    finally:
        client.delete(lock_key)


def _coordinate(client: Any, keys: Keys, options: RunOptions, out: Callable[[str], None],
                poll_seconds: float) -> int:
    batch = uuid.uuid4().hex
    targets = list(options.targets)
    _send(client, keys, {"type": "batch_start", "batch": batch, "run": "", "portal": "",
                         "started_at": now_iso(), "portals": len(targets), "pid": os.getpid()})
    overrides: dict[str, Any] = {}
    if options.portal_seconds:
        overrides["CLOSESPIDER_TIMEOUT"] = options.portal_seconds
    overrides.update(options.overrides)
    portals = [t.portal or t.url for t in targets]
    for target in targets:
        jobs.enqueue(client, keys, target_to_job(target, batch=batch, overrides=overrides))
    deadline = time.monotonic() + options.max_seconds if options.max_seconds else None
    results: dict[str, str] = {}
    while len(results) < len(portals):
        if deadline is not None and time.monotonic() >= deadline:
            break
        time.sleep(poll_seconds)
        try:
            results = client.hgetall(keys.results(batch))
        except redis.ConnectionError:  # Redis restarting: its data is on disk, wait for it
            continue
    outcomes = []
    for portal in portals:
        stats = json.loads(results[portal]) if portal in results else {
            "portalnews/error": "no result within the run's time limit (still queued, crawling "
                                "or waiting for the writer; see portalnews status --redis)"}
        outcomes.append(PortalOutcome(portal, evaluate(stats), stats))
    code = exit_code(outcomes)
    report, fields = batch_result(batch, outcomes, code)
    report["batch_key"] = batch
    fields["report"] = json.dumps(report, ensure_ascii=False)
    _send(client, keys, {"type": "batch_finish", "batch": batch, "run": "", "portal": "",
                         "fields": fields})
    client.delete(keys.results(batch))
    out(f"portalnews run {batch[:12]} (through Redis): {report['status']} "
        f"({len(outcomes)} portals)")
    for outcome in outcomes:
        out(outcome.line())
    if code != EXIT_OK:
        notify(report, options.notify_command, options.webhook)
    return code
