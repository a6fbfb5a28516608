"""The writer: the only process that writes the SQLite database of a distributed crawl.

Reads the items stream in its consumer group and stores each batch in one transaction (the
storage functions of :mod:`store.database` join it); the messages are acknowledged only
after the commit. Killed mid-batch, it finds the batch again in its pending list on restart and
replays it: articles are keyed by (portal, source_id) and content hash, ledger rows by (run,
URL), failures by (run, URL, stage, time) and runs by their run key, so nothing is stored twice.
After each commit it publishes what workers need for incremental crawls (source id -> fetch
time and content hash per portal, the finish reason of the last run) and each finished run's
statistics for the coordinator.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import redis
from sqlite_utils import Database

from crawler.distributed.jobs import ITEMS_GROUP, Keys, ensure_group
from pipelines.rolenorm.gazetteer import gazetteer
from pipelines.rolenorm.site_province import PortalProvince
from store.database import (
    ensure_portal,
    finish_run,
    mark_crawled,
    now_iso,
    open_db,
    record_portal_province,
    store_article,
    transaction,
)
from store.ledger import COLUMNS
from store.verdict import evaluate

logger = logging.getLogger(__name__)
Effect = Callable[[Any], None]
"""Something to publish once the batch is committed (called with a Redis pipeline)."""
CONSUMER = "writer"
"""One writer, one fixed consumer name: a restarted writer finds its unacknowledged batch."""

_LEDGER_SQL = (
    f"INSERT INTO crawl_ledger ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
    " ON CONFLICT(run_id, url) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS[3:]
                if c not in ("state", "reason", "article_id", "first_seen"))
    # The writer's own outcome (set when it stored the article) wins over the worker's
    # provisional ``stored``/``handed``.
    + ", state = CASE WHEN crawl_ledger.article_id IS NOT NULL AND excluded.article_id IS NULL"
      " AND excluded.state IN ('stored', 'unchanged') THEN crawl_ledger.state"
      " ELSE excluded.state END"
    + ", reason = CASE WHEN crawl_ledger.article_id IS NOT NULL AND excluded.article_id IS NULL"
      " AND excluded.state IN ('stored', 'unchanged') THEN crawl_ledger.reason"
      " ELSE excluded.reason END"
    + ", article_id = COALESCE(excluded.article_id, crawl_ledger.article_id)"
    + ", first_seen = COALESCE(crawl_ledger.first_seen, excluded.first_seen)"
)
_OUTCOME_SQL = (
    "INSERT INTO crawl_ledger (run_id, portal, url, state, reason, article_id, final_url,"
    " http_status, first_seen, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(run_id, url) DO UPDATE SET"
    # A replayed article (committed, not acknowledged) keeps the outcome of its first storing.
    " state = CASE WHEN crawl_ledger.article_id IS excluded.article_id"
    " AND crawl_ledger.reason IN ('new', 'updated') THEN crawl_ledger.state ELSE excluded.state END,"
    " reason = CASE WHEN crawl_ledger.article_id IS excluded.article_id"
    " AND crawl_ledger.reason IN ('new', 'updated') THEN crawl_ledger.reason"
    " ELSE excluded.reason END,"
    " article_id = excluded.article_id, settled_at = excluded.settled_at"
)


def _province(value: dict[str, str] | None) -> PortalProvince | None:
    """A portal's province as sent by a worker (a dataclass as a JSON object)."""
    return PortalProvince(**value) if value else None


class Writer:
    """Stores batches from the items stream into one SQLite database."""

    def __init__(self, client: redis.Redis, keys: Keys, db_path: Path, *, batch: int = 500,
                 block_ms: int = 1000) -> None:
        self.client, self.keys, self.db_path = client, keys, db_path
        self.batch, self.block_ms = batch, block_ms
        self.db: Database = open_db(db_path)
        self.runs: dict[str, int] = {}
        self.batches: dict[str, int] = {}
        self.provinces: dict[str, Any] = {}
        """Per portal, the site province the current batch last recorded."""
        ensure_group(client, keys.items, ITEMS_GROUP)
        gazetteer()  # loaded once now, not inside the first batch

    # -- the loop ---------------------------------------------------------------------------

    def run(self, *, stop: Callable[[], bool] = lambda: False, idle_exit: float | None = None
            ) -> int:
        """Store until ``stop()`` (or ``idle_exit`` seconds without a message); return the
        number of messages stored. The unacknowledged batch of a killed writer comes first."""
        self.publish_all()
        handled, idle_since = 0, time.monotonic()
        pending = self._read("0")
        while not stop():
            entries = pending or self._read(">")
            pending = []
            self.client.set(self.keys.writer, json.dumps({"at": now_iso(), "stored": handled}),
                            ex=60)
            if not entries:
                if idle_exit is not None and time.monotonic() - idle_since >= idle_exit:
                    break
                continue
            idle_since = time.monotonic()
            handled += self.store_batch(entries)
        return handled

    def _read(self, start: str) -> list[tuple[str, dict[str, str]]]:
        block = None if start == "0" else self.block_ms
        answer = self.client.xreadgroup(ITEMS_GROUP, CONSUMER, {self.keys.items: start},
                                        count=self.batch, block=block)
        return [e for e in (answer[0][1] if answer else []) if e[1]]

    def store_batch(self, entries: Sequence[tuple[str, dict[str, str]]]) -> int:
        """Store the messages in one transaction, then acknowledge them; a message that fails
        alone is stored as a failure of its run (the batch is retried one message at a time)."""
        messages = [json.loads(fields["m"]) for _id, fields in entries]
        effects: list[Effect] = []
        self.provinces.clear()
        try:
            with transaction(self.db):
                for message in messages:
                    effects.extend(self.apply(message))
        except Exception:
            logger.exception("batch failed; storing its %d messages one by one", len(messages))
            self.runs.clear()  # ids cached inside the rolled-back transaction are gone
            self.batches.clear()
            self.provinces.clear()
            effects = self._one_by_one(messages)
        self._publish(effects)
        ids = [entry_id for entry_id, _fields in entries]
        pipe = self.client.pipeline()
        pipe.xack(self.keys.items, ITEMS_GROUP, *ids)
        pipe.xdel(self.keys.items, *ids)
        pipe.execute()
        return len(messages)

    def _one_by_one(self, messages: list[dict[str, Any]]) -> list[Effect]:
        effects: list[Effect] = []
        for message in messages:
            try:
                with transaction(self.db):
                    effects.extend(self.apply(message))
            except Exception as exc:  # recorded below as a failure, never lost silently
                self.runs.clear()
                self.batches.clear()
                self.provinces.clear()
                logger.exception("message %s of %s not stored", message.get("type"),
                                 message.get("portal"))
                self._unstorable(message, exc)
        return effects

    def _unstorable(self, message: dict[str, Any], exc: Exception) -> None:
        run_id = self.runs.get(message.get("run", ""))
        url = (message.get("item") or {}).get("url") or message.get("url") or ""
        with transaction(self.db):
            self.db["failures"].insert({
                "run_id": run_id, "portal": message.get("portal"), "url": url, "stage": "store",
                "reason": f"writer could not store the {message.get('type')}: {exc}",
                "failed_at": now_iso()})

    def _publish(self, effects: list[Effect]) -> None:
        """What the committed batch changed, to Redis in one round trip."""
        pipe = self.client.pipeline(transaction=False)
        for effect in effects:
            effect(pipe)
        pipe.execute()

    # -- messages ---------------------------------------------------------------------------

    def apply(self, message: dict[str, Any]) -> list[Effect]:
        """Store one message inside the open transaction; return what to publish after commit."""
        kind = message["type"]
        handler = getattr(self, f"_on_{kind}", None)
        if handler is None:
            raise ValueError(f"unknown message type {kind!r}")
        return handler(message) or []

    def _run_id(self, message: dict[str, Any]) -> int:
        key = message["run"]
        run_id = self.runs.get(key)
        if run_id is None:
            row = self.db.execute(
                "SELECT id FROM crawl_runs WHERE portal = ? AND"
                " json_extract(stats, '$.\"portalnews/run_key\"') = ?",
                [message["portal"], key]).fetchone()
            if row is None:
                raise LookupError(f"run {key} of {message['portal']} was never started")
            run_id = self.runs[key] = row[0]
        return run_id

    def _on_batch_start(self, message: dict[str, Any]) -> None:
        key = message["batch"]
        if self._batch_id(key) is None:
            self.batches[key] = self.db["run_batches"].insert(
                {"started_at": message["started_at"], "status": "running",
                 "portals": message["portals"], "pid": message.get("pid"),
                 "report": json.dumps({"batch_key": key})}).last_pk

    def _batch_id(self, key: str | None) -> int | None:
        if not key:
            return None
        if key not in self.batches:
            row = self.db.execute("SELECT id FROM run_batches WHERE"
                                  " json_extract(report, '$.batch_key') = ?", [key]).fetchone()
            if row is None:
                return None
            self.batches[key] = row[0]
        return self.batches[key]

    def _on_batch_finish(self, message: dict[str, Any]) -> None:
        batch_id = self._batch_id(message["batch"])
        if batch_id is not None:
            self.db["run_batches"].update(batch_id, message["fields"])

    def _on_start(self, message: dict[str, Any]) -> None:
        portal = message["portal"]
        try:
            self._run_id(message)
            return  # replayed: the run exists
        except LookupError:
            pass
        self.provinces.pop(portal, None)
        ensure_portal(self.db, portal, base_url=message.get("base_url"),
                      province=message.get("province"), name=message.get("name"),
                      kind=message.get("kind"))
        record_portal_province(self.db, portal, _province(message.get("registered_province")))
        self.runs[message["run"]] = self.db["crawl_runs"].insert({
            "portal": portal, "spider": message.get("spider"), "started_at": message["started_at"],
            "batch_id": self._batch_id(message.get("batch")),
            "stats": json.dumps({"portalnews/run_key": message["run"]})}).last_pk

    def _on_article(self, message: dict[str, Any]) -> list[Effect]:
        run_id, portal, item = self._run_id(message), message["portal"], message["item"]
        found = message.get("site_province")
        if found and self.provinces.get(portal) != found:
            # (The same province again in one batch, nothing else written to the portal row
            # in between: recording it again would change nothing.)
            record_portal_province(self.db, portal, _province(found))
            self.provinces[portal] = found
        outcome, article_id = store_article(self.db, item)
        candidate = message.get("candidate")
        if candidate:
            state = "unchanged" if outcome == "unchanged" else "stored"
            final = item.get("url") if item.get("url") != candidate else None
            now = now_iso()
            self.db.execute(_OUTCOME_SQL, [run_id, portal, candidate, state,
                                           None if state == "unchanged" else outcome, article_id,
                                           final, item.get("http_status"), now, now])
        # What store_article left in the row (an unchanged article has the same hash; its
        # fetch time is refreshed to the item's): no need to read it back.
        key, known = self.keys.known(portal), f"{item.get('fetched_at')} {item['content_hash']}"
        return [lambda pipe: pipe.hset(key, item["source_id"], known)]

    def _on_failure(self, message: dict[str, Any]) -> None:
        run_id = self._run_id(message)
        exists = self.db.execute(
            "SELECT 1 FROM failures WHERE run_id = ? AND url = ? AND stage = ? AND failed_at = ?"
            " AND reason = ?", [run_id, message["url"], message["stage"], message["failed_at"],
                                message["reason"]]).fetchone()
        if exists is None:
            self.db["failures"].insert({
                "run_id": run_id, "portal": message["portal"], "url": message["url"],
                "stage": message["stage"], "reason": message["reason"],
                "http_status": message.get("http_status"), "failed_at": message["failed_at"]})

    def _on_ledger(self, message: dict[str, Any]) -> None:
        run_id = self._run_id(message)
        self.db.conn.executemany(_LEDGER_SQL, [(run_id, *row[1:]) for row in message["rows"]])

    def _on_finish(self, message: dict[str, Any]) -> list[Effect]:
        run_id, portal = self._run_id(message), message["portal"]
        # Articles come before their run's end in the stream: one handed over and not stored
        # now was lost on the way (Redis lost a write); it counts as unaccounted.
        lost = self.db.execute(
            "UPDATE crawl_ledger SET state = 'pending', reason = 'handed to the writer, never"
            " stored' WHERE run_id = ? AND state IN ('stored', 'unchanged')"
            " AND article_id IS NULL", [run_id]).rowcount
        counts = self._run_counts(run_id)
        stats = {**message["stats"], "finish_reason": message["reason"],
                 "portalnews/run_key": message["run"], "portalnews/run_id": run_id}
        if lost:
            stats["ledger/unaccounted"] = stats.get("ledger/unaccounted", 0) + lost
            stats["ledger/stored"] = max(0, stats.get("ledger/stored", 0) - lost)
        for outcome in ("new", "updated", "unchanged"):
            stats[f"portalnews/articles_{outcome}"] = counts[outcome]
        stats["portalnews/failures"] = counts["failures"]
        verdict = evaluate(stats)
        stats["portalnews/health"] = verdict.status
        mark_crawled(self.db, portal, platform=message.get("platform"))
        record_portal_province(self.db, portal, _province(message.get("site_province")))
        self.provinces.pop(portal, None)
        finish_run(self.db, run_id, finish_reason=message["reason"], counts=counts, stats=stats,
                   health=verdict.status, problems=verdict.problems)
        row = self.db.execute(
            "SELECT json_extract(b.report, '$.batch_key') FROM crawl_runs r"
            " JOIN run_batches b ON b.id = r.batch_id WHERE r.id = ?", [run_id]).fetchone()
        batch_key = row[0] if row else None
        body = json.dumps(stats, ensure_ascii=False, default=str)

        def publish(pipe: Any) -> None:
            pipe.set(self.keys.last_finish(portal), message["reason"])
            if batch_key and message["reason"] != "shutdown":
                # (``shutdown``: the worker stopped; the job goes to another worker, whose run
                # gives the batch its result.)
                pipe.hset(self.keys.results(batch_key), portal, body)
        return [publish]

    def _run_counts(self, run_id: int) -> Counter[str]:
        counts: Counter[str] = Counter()
        for state, reason, n in self.db.execute(
                "SELECT state, reason, COUNT(*) FROM crawl_ledger WHERE run_id = ?"
                " AND state IN ('stored', 'unchanged') GROUP BY state, reason", [run_id]):
            outcome = "unchanged" if state == "unchanged" else (reason or "new").split(";")[0]
            if outcome in ("new", "updated", "unchanged"):
                counts[outcome] += n
        counts["failures"] = self.db.execute("SELECT COUNT(*) FROM failures WHERE run_id = ?",
                                             [run_id]).fetchone()[0]
        return counts

    # -- incremental state ------------------------------------------------------------------

    def publish_all(self) -> None:
        """Publish every portal's stored articles and last finish reason (on start: the
        database may have been filled by single-machine crawls or restored from a backup)."""
        portals = [r[0] for r in self.db.execute("SELECT id FROM portals")]
        for portal in portals:
            key, pipe = self.keys.known(portal), self.client.pipeline(transaction=False)
            for n, (source_id, fetched, digest) in enumerate(self.db.execute(
                    "SELECT source_id, fetched_at, content_hash FROM articles WHERE portal = ?",
                    [portal]), 1):
                pipe.hset(key, source_id, f"{fetched} {digest}")
                if n % 5000 == 0:
                    pipe.execute()
            last = self.db.execute("SELECT finish_reason FROM crawl_runs WHERE portal = ?"
                                   " ORDER BY id DESC LIMIT 1", [portal]).fetchone()
            if last and last[0]:
                pipe.set(self.keys.last_finish(portal), last[0])
            pipe.execute()

    def close(self) -> None:
        """Close the database."""
        self.db.close()
