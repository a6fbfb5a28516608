"""``portalnews worker``: take portal jobs from Redis and crawl them, one lease per portal.

One process runs a Twisted reactor for its whole life and crawls up to ``slots`` portals side
by side with the same spiders, adapters, middlewares and normalising stages as a
single-machine crawl; only the storage stage and the incremental middleware differ
(:mod:`crawler.distributed.handoff`) and the scheduler: scrapy-redis's, so each portal's
frontier (request queue and duplicate filter) lives in Redis under the portal's keys. Lease and
job are renewed by a thread while the crawl runs; a killed worker's lease expires, its job is
claimed again by another worker, which drops the dead crawl's frontier and crawls the portal
again incrementally (docs/scaling.md says why it does not resume that frontier).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import signal
import threading
import time
import warnings
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.utils.defer import deferred_from_coro

from crawler.crawl import CrawlTarget, project_settings
from crawler.distributed import jobs
from crawler.distributed.jobs import Keys
from crawler.distributed.lease import Lease
from store.database import now_iso

logger = logging.getLogger(__name__)
# scrapy-redis 0.9.1's scheduler passes ``spider=`` to the stats collector, which Scrapy 2.19
# deprecates: two warnings per crawl about its own counters (which are right). Noise: filtered
# for that message from that module only; any other deprecation still shows.
warnings.filterwarnings("ignore", message="Passing a 'spider' argument to StatsCollector",
                        category=ScrapyDeprecationWarning, module=r"scrapy_redis\.scheduler")

WORKER_SETTINGS: dict[str, Any] = {
    "ITEM_PIPELINES": {
        "pipelines.text.TextPipeline": 100,
        "pipelines.validation.ValidationPipeline": 200,
        "pipelines.dates.DatesPipeline": 300,
        "pipelines.roles.RolesPipeline": 400,
        "crawler.distributed.handoff.RedisHandoffPipeline": 900,
    },
    "SPIDER_MIDDLEWARES": {
        "crawler.distributed.handoff.RedisIncrementalMiddleware": 850,
        "crawler.ledger_middleware.LedgerMiddleware": 950,
    },
    "PROGRESS_ENABLED": False,
    # Each portal's frontier lives in Redis (scrapy-redis), under the portal's keys
    # (SCHEDULER_QUEUE_KEY, SCHEDULER_DUPEFILTER_KEY: set per crawl). A crawl starts from an
    # empty frontier (a killed worker's is dropped by the next lease holder) and removes its
    # own when it closes: see docs/scaling.md, "The frontier".
    "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
    "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": False,
    "SCHEDULER_FLUSH_ON_START": True,
    # The portal's delay is a floor between arrivals, also across machines (crawler/politeness.py).
    "DELAY_FLOOR_ENABLED": True,
}


def target_to_job(target: CrawlTarget, *, batch: str | None, overrides: dict[str, Any]
                  ) -> dict[str, Any]:
    """A crawl target as a JSON job."""
    spider = target.spider
    return {"portal": target.portal or target.url, "url": target.url, "batch": batch,
            "spider": f"{spider.__module__}:{spider.__qualname__}",
            "spider_args": target.spider_args, "settings": target.settings,
            "overrides": overrides, "enqueued_at": now_iso()}


def target_from_job(job: dict[str, Any]) -> CrawlTarget:
    """The crawl target a job describes (its spider class imported by name)."""
    module, _, name = job["spider"].partition(":")
    spider = getattr(importlib.import_module(module), name)
    return CrawlTarget(url=job["url"], portal=job["portal"], spider=spider,
                       spider_args=dict(job.get("spider_args") or {}),
                       settings=dict(job.get("settings") or {}))


@dataclass
class Running:
    """A crawl this worker is doing."""

    job_id: str
    job: dict[str, Any]
    lease: Lease
    crawler: Crawler
    started: float = field(default_factory=time.monotonic)


class Worker:
    """Claims jobs, holds leases, runs crawls, acknowledges jobs."""

    def __init__(self, redis_url: str, keys: Keys, *, slots: int = 4, lease_seconds: float = 60,
                 overrides: dict[str, Any] | None = None, idle_exit: float | None = None,
                 poll_seconds: float = 0.5) -> None:
        self.redis_url, self.keys, self.slots = redis_url, keys, slots
        self.lease_ms = int(lease_seconds * 1000)
        self.idle_exit, self.poll_seconds = idle_exit, poll_seconds
        self.client = jobs.connect(redis_url)
        self.name = jobs.worker_id()
        self.running: dict[str, Running] = {}
        self.stopping = False
        self._stopped = threading.Event()
        self.crawled = 0
        self._idle_since = time.monotonic()
        settings = {**WORKER_SETTINGS, "PORTALNEWS_REDIS_URL": redis_url, "REDIS_URL": redis_url,
                    "PORTALNEWS_REDIS_NAMESPACE": keys.ns,
                    "LOG_LEVEL": "INFO", **(overrides or {})}
        self.process = CrawlerProcess(project_settings(settings))
        from pipelines.rolenorm.gazetteer import gazetteer

        gazetteer()  # loaded before any lease is taken: seconds of CPU a lease must not wait on

    def run(self) -> int:
        """Work until stopped (SIGTERM/SIGINT) or idle for ``idle_exit`` seconds; return the
        number of portal crawls finished."""
        from scrapy.utils.reactor import install_reactor

        reactor_path = self.process.settings.get("TWISTED_REACTOR")
        if reactor_path:
            install_reactor(reactor_path, self.process.settings.get("ASYNCIO_EVENT_LOOP"))
        from twisted.internet import reactor, task

        self._tick_loop = task.LoopingCall(self._tick)
        reactor.callWhenRunning(self._tick_loop.start, self.poll_seconds)  # type: ignore[attr-defined]
        renewer = threading.Thread(target=self._renew_forever, name="lease-renewer", daemon=True)
        reactor.callWhenRunning(renewer.start)  # type: ignore[attr-defined]
        reactor.addSystemEventTrigger("before", "shutdown", self._on_shutdown)  # type: ignore[attr-defined]
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: reactor.callFromThread(self.shutdown))  # type: ignore[attr-defined]
        self.process.start(stop_after_crawl=False, install_signal_handlers=False)
        return self.crawled

    def shutdown(self) -> None:
        """Stop taking jobs, stop the crawls (their jobs go to other workers), then exit."""
        if self.stopping:
            self._stop_reactor()  # a second signal: now
            return
        self.stopping = True
        logger.info("worker %s: stopping %d crawl(s)", self.name, len(self.running))
        self.process.stop().addBoth(lambda _: self._stop_reactor())

    # -- the loop -----------------------------------------------------------------------

    def _heartbeat(self) -> None:
        self.client.hset(self.keys.workers, self.name, json.dumps(
            {"at": now_iso(), "time": time.time(), "crawling": sorted(self.running),
             "slots": self.slots, "crawled": self.crawled}))

    def _tick(self) -> None:
        try:
            self._heartbeat()
            while not self.stopping and len(self.running) < self.slots:
                claimed = jobs.claim(self.client, self.keys, self.name, self.lease_ms)
                if claimed is None:
                    break
                self._start(*claimed)
        except Exception:
            logger.exception("worker %s: claiming jobs failed", self.name)
        if self.running:
            self._idle_since = time.monotonic()
        elif self.idle_exit is not None and time.monotonic() - self._idle_since >= self.idle_exit:
            self._stop_reactor()

    def _start(self, job_id: str, job: dict[str, Any]) -> None:
        portal = job["portal"]
        mine = self.running.get(portal)
        if mine is not None and mine.job_id == job_id:
            # Our own job, idle too long (the reactor was busy): it is still ours.
            jobs.touch(self.client, self.keys, self.name, job_id)
            return
        lease = Lease(self.client, self.keys.lease(portal), self.name, self.lease_ms)
        if portal in self.running or not lease.acquire():
            # Another worker crawls it (or its delay is not over): put the job back.
            pipe = self.client.pipeline()
            pipe.xadd(self.keys.jobs, {"job": json.dumps(job, ensure_ascii=False)})
            pipe.xack(self.keys.jobs, jobs.JOBS_GROUP, job_id)
            pipe.xdel(self.keys.jobs, job_id)
            pipe.execute()
            return
        target = target_from_job(job)
        custom = {**(getattr(target.spider, "custom_settings", None) or {}), **target.settings,
                  **(job.get("overrides") or {}),
                  "PORTALNEWS_BATCH_KEY": job.get("batch"),
                  "SCHEDULER_QUEUE_KEY": self.keys.frontier(portal),
                  "SCHEDULER_DUPEFILTER_KEY": self.keys.seen(portal)}
        spider_cls = type(target.spider.__name__, (target.spider,), {"custom_settings": custom})
        crawler = self.process.create_crawler(spider_cls)
        self.running[portal] = Running(job_id, job, lease, crawler)
        logger.info("worker %s: crawling %s (job %s)", self.name, portal, job_id)
        deferred = self.process.crawl(crawler, url=target.url, portal=portal, **target.spider_args)
        deferred.addBoth(self._finished, portal)

    def _finished(self, result: Any, portal: str) -> None:
        running = self.running.pop(portal, None)
        if running is None:
            return
        stats = running.crawler.stats.get_stats() if running.crawler.stats else {}
        reason = stats.get("finish_reason")
        delay_ms = running.crawler.settings.getfloat("DOWNLOAD_DELAY") * 1000
        try:
            if reason == "shutdown":
                logger.info("worker %s: %s stopped, left for another worker", self.name, portal)
            else:
                if reason is None:  # never started: no run for the writer, tell the coordinator
                    logger.error("worker %s: crawl of %s failed: %s", self.name, portal, result)
                    self._report_error(running, result)
                jobs.done(self.client, self.keys, running.job_id)
                self.crawled += 1
            running.lease.release(delay_ms)
        except Exception:
            logger.exception("worker %s: could not acknowledge %s", self.name, portal)

    def _report_error(self, running: Running, result: Any) -> None:
        batch = running.job.get("batch")
        message = getattr(result, "getErrorMessage", lambda: str(result))()
        if batch:
            self.client.hset(self.keys.results(batch), running.job["portal"], json.dumps(
                {"portalnews/error": f"crawl of {running.job['portal']} failed: {message}"}))

    def _renew_forever(self) -> None:
        """Renew leases and jobs every third of the expiry, in a thread of its own: a reactor
        busy with a heavy page (or loading a crawl's stages) never lets a lease lapse."""
        while not self._stopped.wait(self.lease_ms / 3000):
            self._renew()

    def _renew(self) -> None:
        from twisted.internet import reactor

        for portal, running in list(self.running.items()):
            try:
                if running.lease.renew():
                    jobs.touch(self.client, self.keys, self.name, running.job_id)
                    continue
                logger.error("worker %s: lost the lease of %s; stopping its crawl", self.name,
                             portal)
            except Exception:
                logger.exception("worker %s: renewing the lease of %s failed", self.name, portal)
                continue
            reactor.callFromThread(self._stop_crawl, running)  # type: ignore[attr-defined]

    @staticmethod
    def _stop_crawl(running: Running) -> None:
        """Stop a crawl whose lease was lost. Its frontier now belongs to the lease's next
        holder (same keys): the scheduler must not flush it on close."""
        engine = running.crawler.engine
        scheduler = engine.scheduler if engine is not None else None
        if scheduler is not None and hasattr(scheduler, "persist"):
            scheduler.persist = True
        deferred_from_coro(running.crawler.stop_async())

    def _stop_reactor(self) -> None:
        from twisted.internet import reactor

        if reactor.running:  # type: ignore[attr-defined]
            reactor.stop()  # type: ignore[attr-defined]

    def _on_shutdown(self) -> None:
        self.stopping = True
        self._stopped.set()
        with contextlib.suppress(Exception):
            self.client.hdel(self.keys.workers, self.name)
