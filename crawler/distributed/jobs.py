"""Redis key names, the connection, and portal jobs in a Stream with a consumer group."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from typing import Any

import redis

JOBS_GROUP = "workers"
ITEMS_GROUP = "writer"


@dataclass(frozen=True)
class Keys:
    """Every Redis key of one deployment, under a namespace (``PORTALNEWS_REDIS_NAMESPACE``)."""

    ns: str = "portalnews"

    @property
    def jobs(self) -> str:
        """Stream of portal jobs (consumer group ``workers``)."""
        return f"{self.ns}:jobs"

    @property
    def items(self) -> str:
        """Stream of items, failures, ledger rows and run records (consumer group ``writer``)."""
        return f"{self.ns}:items"

    @property
    def workers(self) -> str:
        """Hash worker id -> JSON heartbeat."""
        return f"{self.ns}:workers"

    @property
    def writer(self) -> str:
        """JSON heartbeat of the writer."""
        return f"{self.ns}:writer"

    def frontier(self, portal: str) -> str:
        """The portal's request queue: scrapy-redis's ``SCHEDULER_QUEUE_KEY`` (a sorted set by
        priority of pickled ``Request.to_dict``)."""
        return f"{self.ns}:{_key_part(portal)}:requests"

    def seen(self, portal: str) -> str:
        """The portal's request fingerprints: scrapy-redis's ``SCHEDULER_DUPEFILTER_KEY``."""
        return f"{self.ns}:{_key_part(portal)}:dupefilter"

    def lease(self, portal: str) -> str:
        """The portal's lease (value: the holding worker)."""
        return f"{self.ns}:lease:{portal}"

    def known(self, portal: str) -> str:
        """Hash source_id -> ``fetched_at content_hash`` of the stored articles (writer)."""
        return f"{self.ns}:known:{portal}"

    def last_finish(self, portal: str) -> str:
        """Finish reason of the portal's last stored run (writer)."""
        return f"{self.ns}:lastrun:{portal}"

    def results(self, batch: str) -> str:
        """Hash portal -> JSON statistics of the batch's runs, once committed (writer)."""
        return f"{self.ns}:results:{batch}"


def _key_part(portal: str) -> str:
    """A portal id inside a scrapy-redis key (which ``%``-formats its keys: no ``%`` here)."""
    return portal.replace("%", "_")


def keys_from_env() -> Keys:
    """The namespace from ``PORTALNEWS_REDIS_NAMESPACE`` (default ``portalnews``)."""
    return Keys(os.environ.get("PORTALNEWS_REDIS_NAMESPACE") or "portalnews")


def connect(url: str) -> redis.Redis:
    """A client for ``url`` (``redis://host:port/db``), checked with PING; ConnectionError
    with a one-line reason when Redis is not there."""
    client = redis.Redis.from_url(url, decode_responses=True, socket_timeout=30,
                                  socket_connect_timeout=10, health_check_interval=30)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ConnectionError(f"cannot reach Redis at {url}: {exc}") from None
    return client


def ensure_group(client: redis.Redis, stream: str, group: str) -> None:
    """Create the consumer group (and the stream) if absent."""
    try:
        client.xgroup_create(stream, group, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def worker_id() -> str:
    """``host:pid``: a worker's name in heartbeats, leases and consumer groups."""
    return f"{socket.gethostname()}:{os.getpid()}"


def enqueue(client: redis.Redis, keys: Keys, job: dict[str, Any]) -> str:
    """Add a portal job; return its stream id."""
    ensure_group(client, keys.jobs, JOBS_GROUP)
    return client.xadd(keys.jobs, {"job": json.dumps(job, ensure_ascii=False, default=str)})


def claim(client: redis.Redis, keys: Keys, consumer: str, idle_ms: int
          ) -> tuple[str, dict[str, Any]] | None:
    """The next job for ``consumer``: first one a dead worker left (idle longer than
    ``idle_ms``: its lease has expired), else a new one; None when there is none."""
    ensure_group(client, keys.jobs, JOBS_GROUP)
    _next, claimed, *_ = client.xautoclaim(keys.jobs, JOBS_GROUP, consumer, idle_ms,
                                           start_id="0-0", count=1)
    entries = [e for e in claimed if e and e[1]]
    if not entries:
        fresh = client.xreadgroup(JOBS_GROUP, consumer, {keys.jobs: ">"}, count=1)
        entries = fresh[0][1] if fresh else []
    if not entries:
        return None
    job_id, fields = entries[0]
    return job_id, json.loads(fields["job"])


def touch(client: redis.Redis, keys: Keys, consumer: str, job_id: str) -> None:
    """Reset the job's idle time (a living worker keeps it from being claimed again)."""
    client.xclaim(keys.jobs, JOBS_GROUP, consumer, 0, [job_id], justid=True)


def done(client: redis.Redis, keys: Keys, job_id: str) -> None:
    """Acknowledge and remove a finished job."""
    pipe = client.pipeline()
    pipe.xack(keys.jobs, JOBS_GROUP, job_id)
    pipe.xdel(keys.jobs, job_id)
    pipe.execute()


def queue_lengths(client: redis.Redis, keys: Keys) -> dict[str, int]:
    """Jobs waiting and running, items waiting for the writer and unacknowledged."""
    lengths = {}
    for name, stream, group in (("jobs", keys.jobs, JOBS_GROUP), ("items", keys.items, ITEMS_GROUP)):
        try:
            info = {g["name"]: g for g in client.xinfo_groups(stream)}
        except redis.ResponseError:
            info = {}
        group_info = info.get(group, {})
        lengths[f"{name}_waiting"] = int(group_info.get("lag") or 0)
        lengths[f"{name}_pending"] = int(group_info.get("pending") or 0)
    return lengths


def overview(client: redis.Redis, keys: Keys) -> dict[str, Any]:
    """Workers (with the age of their heartbeat), queue lengths, leases (with the requests
    waiting in the portal's frontier) and the writer."""
    import time

    from crawler.distributed.lease import holders

    now = time.time()
    workers = []
    for name, body in sorted(client.hgetall(keys.workers).items()):
        beat = json.loads(body)
        workers.append({"worker": name, "crawling": beat.get("crawling", []),
                        "slots": beat.get("slots"), "crawled": beat.get("crawled"),
                        "seconds_since_heartbeat": round(now - float(beat.get("time", 0)), 1)})
    writer = client.get(keys.writer)
    leases = holders(client, keys.lease(""))
    return {"workers": workers, "queues": queue_lengths(client, keys),
            "leases": [{"portal": p, "worker": w, "ms_left": ms,
                        "frontier": int(client.zcard(keys.frontier(p)))}
                       for p, (w, ms) in sorted(leases.items())],
            "writer": json.loads(writer) if writer else None}
