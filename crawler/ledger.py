"""The crawl ledger: every candidate article of a run ends in exactly one recorded state.

A *candidate* is a URL that discovery (home page, sitemap, feed, listing, API) offers as an
article. Its state is one of:

- ``stored`` (reason ``new`` or ``updated``), ``unchanged``: fetched and written;
- ``known``: not fetched, with the reason (stored and not modified, before ``--since``, the
  same article as another candidate of the run);
- ``failed``: fetching or reading it failed (HTTP status, robots.txt, validation, ...);
- ``rejected``: not an article (a page of a non-news module, off the portal, a trap, the page
  itself says so);
- ``deferred``: left for the next run (the crawl was stopped by a time or memory limit);
- ``unaccounted``: none of the above when the crawl finished; the run is unhealthy.

While the run goes on a candidate is ``pending`` (requested) or ``waiting`` (its identity is held
by another candidate: it is fetched when that one proves not to be the article). Rows are written
to ``crawl_ledger`` in batches (:func:`store.ledger.write_ledger_rows`), each one transaction, so
a kill leaves whole batches only; a killed run keeps ``pending`` rows, which readers count as
unaccounted.

Spiders report candidates they do not request by yielding :class:`LedgerNote` objects;
:class:`crawler.ledger_middleware.LedgerMiddleware` (a spider middleware, outside the incremental
one) records them and every article request with the channel it came from. Outcomes come from
items, failures and signals (:meth:`CrawlLedger.connect`), among them the storage stage's
(:mod:`pipelines.storage`: the database and run it opened, each article's outcome, the end of the
run), so the stage does not know the ledger.
"""

from __future__ import annotations

import time
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlite_utils import Database

from crawler.items import ArticleItem, PageFailure
from pipelines import storage
from store.coverage import FINAL_STATES, OPEN_STATES
from store.coverage import LEDGER_STATES as STATES
from store.database import now_iso
from store.ledger import write_ledger_rows

HOLDING = ("stored", "unchanged", "known")
"""Final states in which a candidate keeps its identity: other URLs of it are not fetched."""
FLUSH_ROWS = 200
FLUSH_SECONDS = 5.0


@dataclass
class LedgerNote:
    """A candidate a spider does not request now: ``waiting`` (its identity is held; ``request``
    is fetched if the holder proves not to be the article), ``rejected`` or ``known``."""

    url: str
    state: str
    reason: str | None = None
    identity: str | None = None
    source_id: str | None = None
    request: Request | None = None


@dataclass
class Entry:
    """One candidate of the run."""

    url: str
    identity: str | None = None
    source_id: str | None = None
    channel: str | None = None
    found_on: str | None = None
    state: str = "pending"
    reason: str | None = None
    http_status: int | None = None
    article_id: int | None = None
    final_url: str | None = None
    first_seen: str = field(default_factory=now_iso)
    settled_at: str | None = None


def _meta_of(response: Any) -> dict[str, Any]:
    """Request meta behind a response, or behind a download failure."""
    if isinstance(response, Response):
        try:
            return response.meta
        except AttributeError:  # a response built without a request
            return {}
    request = getattr(response, "request", None)
    return request.meta if request is not None else {}


_LEDGERS: weakref.WeakKeyDictionary[Crawler, CrawlLedger] = weakref.WeakKeyDictionary()


def ledger_for(crawler: Crawler) -> CrawlLedger:
    """The crawler's ledger (created, with its signal handlers, on first use: by
    :class:`crawler.ledger_middleware.LedgerMiddleware`, which Scrapy builds before the item
    pipelines, so the ledger hears the storage stage open)."""
    ledger = _LEDGERS.get(crawler)
    if ledger is None:
        ledger = _LEDGERS[crawler] = CrawlLedger(crawler)
        ledger.connect()
    return ledger


class CrawlLedger:
    """Candidates of one crawl, their states, identity holders and parked requests."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.entries: dict[str, Entry] = {}
        self.holders: dict[str, str] = {}
        """identity -> URL of the candidate that holds it."""
        self.parked: dict[str, list[Request]] = {}
        self._parked_urls: set[str] = set()
        self.outcomes: dict[int, tuple[str, int | None]] = {}
        self._dirty: set[str] = set()
        self._db: Database | None = None
        self._run_id: int | None = None
        self._portal = ""
        self._last_flush = time.monotonic()
        self._spider: Any = None
        self._sink: Callable[[list[tuple[Any, ...]]], None] | None = None
        self.closed = False

    def connect(self) -> None:
        """Listen for outcomes: items, drops, callback errors, scheduling, and the storage
        stage (its database and run, each article's outcome, the end of the run)."""
        connect = self.crawler.signals.connect
        connect(self.attach, signal=storage.storage_opened)
        connect(self.stored, signal=storage.article_stored)
        connect(self.close, signal=storage.storage_closing)
        connect(self.item_scraped, signal=signals.item_scraped)
        connect(self.item_dropped, signal=signals.item_dropped)
        connect(self.spider_error, signal=signals.spider_error)
        connect(self.request_scheduled, signal=signals.request_scheduled)
        connect(self.request_dropped, signal=signals.request_dropped)

    def attach_sink(self, sink: Callable[[list[tuple[Any, ...]]], None], portal: str) -> None:
        """Hand flushed rows (run id 0) to ``sink`` instead of a database (distributed workers:
        :mod:`crawler.distributed.handoff`; the writer stores them under the real run id)."""
        self._sink, self._run_id, self._portal = sink, 0, portal
        self.flush()

    def attach(self, db: Database, run_id: int, portal: str) -> None:
        """Write to ``db`` under ``run_id`` (the storage stage opens both)."""
        self._db, self._run_id, self._portal = db, run_id, portal
        self.flush()

    # -- recording ----------------------------------------------------------------------

    def _touch(self, entry: Entry) -> None:
        self._dirty.add(entry.url)
        if len(self._dirty) >= FLUSH_ROWS or time.monotonic() - self._last_flush >= FLUSH_SECONDS:
            self.flush()

    def candidate(self, request: Request, channel: str | None = None,
                  found_on: str | None = None) -> None:
        """An article request: its URL is a candidate, ``pending`` until an outcome arrives."""
        if self.closed:
            return
        meta = request.meta
        key = meta.setdefault("portalnews_candidate", request.url)
        if self._spider is None:
            self._spider = getattr(request.callback, "__self__", None)
        self._parked_urls.discard(key)
        entry = self.entries.get(key)
        if entry is None:
            entry = self.entries[key] = Entry(
                key, meta.get("portalnews_identity"), meta.get("portalnews_source_id"),
                channel or meta.get("portalnews_channel"), found_on)
        elif entry.state == "pending":
            return
        else:
            entry.state, entry.reason, entry.settled_at = "pending", None, None
            entry.identity = meta.get("portalnews_identity") or entry.identity
            entry.source_id = meta.get("portalnews_source_id") or entry.source_id
        if entry.identity:
            self.holders[entry.identity] = key
        self._touch(entry)

    def note(self, note: LedgerNote, channel: str | None = None,
             found_on: str | None = None) -> None:
        """A candidate that is not requested now (see :class:`LedgerNote`). A URL already in
        the ledger keeps its state, unless it is ``waiting`` (held): then the note decides."""
        if self.closed:
            return
        entry = self.entries.get(note.url)
        if entry is None:
            entry = self.entries[note.url] = Entry(note.url, note.identity, note.source_id,
                                                   channel, found_on, state="waiting")
        elif entry.state != "waiting" or entry.url in self._parked_urls:
            return
        entry.identity = note.identity or entry.identity
        entry.source_id = note.source_id or entry.source_id
        if note.state in FINAL_STATES:
            self._settle(entry, note.state, note.reason)
            return
        entry.reason = note.reason
        holder = self.entries.get(self.holders.get(note.identity or "", ""))
        if holder is not None and holder.state in HOLDING:
            self._same_article(entry, holder)
            return
        if note.request is not None and note.identity:
            entry.reason = f"identity {note.identity} held by {holder.url if holder else '?'}"
            self.parked.setdefault(note.identity, []).append(note.request)
            self._parked_urls.add(entry.url)
        self._touch(entry)

    def _same_article(self, entry: Entry, holder: Entry) -> None:
        self._settle(entry, "known", f"same identity ({holder.identity}) as {holder.url}, "
                                     f"{holder.state} in this run")

    def settle(self, url: str, state: str, reason: str | None = None, *,
               http_status: int | None = None, article_id: int | None = None,
               final_url: str | None = None) -> None:
        """Give the candidate ``url`` its final state (ignored for URLs that are not candidates)."""
        entry = self.entries.get(url)
        if entry is None or self.closed:
            return
        if http_status is not None:
            entry.http_status = http_status
        if article_id is not None:
            entry.article_id = article_id
        if final_url and final_url != url:
            entry.final_url = final_url
        self._settle(entry, state, reason)

    def _settle(self, entry: Entry, state: str, reason: str | None) -> None:
        assert state in FINAL_STATES, state
        entry.state, entry.reason, entry.settled_at = state, reason, now_iso()
        self._touch(entry)
        identity = entry.identity
        if not identity or self.holders.get(identity) != entry.url:
            return
        waiting = self.parked.pop(identity, [])
        if state == "deferred":
            return
        if state in HOLDING:
            for request in waiting:
                parked = self.entries.get(request.url)
                if parked is not None and parked.state == "waiting":
                    self._same_article(parked, entry)
            return
        # failed or rejected: the identity never keeps another URL of it from being fetched.
        self._hand_over(identity, waiting)

    def _hand_over(self, identity: str, waiting: list[Request]) -> None:
        """The holder of ``identity`` lets it go: the first waiting URL is fetched now (and
        holds it), or the spider may schedule the identity again."""
        del self.holders[identity]
        if waiting:
            first, rest = waiting[0], waiting[1:]
            if rest:
                self.parked[identity] = rest
            self.holders[identity] = first.url
            if self.crawler.engine is not None:
                self.crawler.engine.crawl(first)
        elif self._spider is not None and hasattr(self._spider, "release"):
            self._spider.release(identity)

    def reidentify(self, url: str, identity: str) -> bool:
        """The page of candidate ``url`` is article ``identity`` (a redirect to another article):
        take that identity, freeing its own. False when another candidate holds ``identity``."""
        entry = self.entries.get(url)
        if entry is None or entry.identity == identity:
            return True
        holder = self.holders.get(identity)
        if holder is not None and holder != url:
            held = self.entries.get(holder)
            if held is not None and held.state not in ("failed", "rejected"):
                return False
        old = entry.identity
        entry.identity, entry.source_id = identity, identity
        self.holders[identity] = url
        if old and self.holders.get(old) == url:
            self._hand_over(old, self.parked.pop(old, []))
        return True

    def is_done(self, url: str) -> bool:
        """Whether ``url`` was already fetched (or refused) in this run: never request it again."""
        entry = self.entries.get(url)
        return entry is not None and entry.state in ("stored", "unchanged", "failed", "rejected")

    # -- outcomes from signals -------------------------------------------------------------

    def stored(self, item: Any, outcome: str, article_id: int | None) -> None:
        """The storage stage wrote ``item`` (``new``, ``updated`` or ``unchanged``)."""
        self.outcomes[id(item)] = (outcome, article_id)

    def item_scraped(self, item: Any, response: Any, spider: Any = None) -> None:
        """An item went through every pipeline: a stored article or a recorded failure."""
        key = _meta_of(response).get("portalnews_candidate")
        if isinstance(item, ArticleItem):
            outcome, article_id = self.outcomes.pop(id(item), ("new", None))
            if key is None:
                return
            state = "unchanged" if outcome == "unchanged" else "stored"
            entry = self.entries.get(key)
            reason = outcome if state == "stored" else None
            if entry is not None and entry.identity and entry.identity != item.source_id:
                reason = f"{reason or 'unchanged'}; the page is {item.source_id}"
            self.settle(key, state, reason, http_status=item.http_status, article_id=article_id,
                        final_url=item.url)
        elif isinstance(item, PageFailure) and key is not None:
            state = "rejected" if getattr(item, "rejected", False) else "failed"
            self.settle(key, state, item.reason, http_status=item.http_status)

    def item_dropped(self, item: Any, response: Any, exception: BaseException,
                     spider: Any = None) -> None:
        """A pipeline refused the article (validation)."""
        self.outcomes.pop(id(item), None)
        key = _meta_of(response).get("portalnews_candidate")
        if key is not None and isinstance(item, ArticleItem):
            self.settle(key, "failed", f"invalid article: {exception}",
                        http_status=item.http_status, final_url=item.url)

    def spider_error(self, failure: Any, response: Any, spider: Any = None) -> None:
        """A callback raised while reading the candidate's page."""
        key = _meta_of(response).get("portalnews_candidate")
        entry = self.entries.get(key or "")
        if entry is not None and entry.state == "pending":
            self.settle(entry.url, "failed",
                        f"{failure.type.__name__}: {failure.getErrorMessage()}",
                        http_status=getattr(response, "status", None))

    def request_scheduled(self, request: Request, spider: Any = None) -> None:
        """Article requests that did not pass the middleware (errbacks, re-crawled parked ones)."""
        if request.meta.get("portalnews_kind") == "article":
            key = request.meta.get("portalnews_candidate", request.url)
            entry = self.entries.get(key)
            if entry is None or entry.state != "pending":
                self.candidate(request)

    def request_dropped(self, request: Request, spider: Any = None) -> None:
        """The scheduler refused a request (duplicate filter): never silent for an article."""
        key = request.meta.get("portalnews_candidate")
        entry = self.entries.get(key or "")
        if entry is not None and entry.state == "pending":
            self.settle(entry.url, "failed", "dropped by the scheduler (duplicate request)")

    # -- end of the run ---------------------------------------------------------------------

    def close(self, reason: str) -> Counter[str]:
        """Give every open candidate its end state: ``deferred`` when the crawl was stopped
        (time or memory limit, shutdown), else ``unaccounted``; flush; return the counts.
        Idempotent: the first call decides."""
        if self.closed:
            return self.counts()
        for entry in self.entries.values():
            if entry.state in OPEN_STATES:
                if reason == "finished":
                    state, why = "unaccounted", f"no outcome when the crawl finished ({entry.state})"
                else:
                    state, why = "deferred", f"left for the next run: crawl stopped ({reason})"
                entry.state, entry.reason, entry.settled_at = state, why, now_iso()
                self._dirty.add(entry.url)
        self.parked.clear()
        counts = self.counts()
        for state in STATES:
            self.crawler.stats.set_value(f"ledger/{state}", counts.get(state, 0))
        self.crawler.stats.set_value("ledger/candidates", len(self.entries))
        self.flush()
        self.closed = True
        return counts

    def counts(self) -> Counter[str]:
        """Candidates per state."""
        return Counter(entry.state for entry in self.entries.values())

    def flush(self) -> None:
        """Write changed rows in one transaction (upsert on run and URL)."""
        self._last_flush = time.monotonic()
        if self._sink is not None and self._dirty:
            self._sink([self._row(self.entries[url]) for url in sorted(self._dirty)])
            self._dirty.clear()
            return
        if self._db is None or self._run_id is None or not self._dirty:
            return
        write_ledger_rows(self._db, [self._row(self.entries[url]) for url in sorted(self._dirty)])
        self._dirty.clear()

    def _row(self, entry: Entry) -> tuple[Any, ...]:
        """The entry as a row of :data:`store.ledger.COLUMNS`."""
        return (self._run_id, self._portal, entry.url, entry.identity, entry.source_id,
                entry.channel, entry.found_on, entry.state, entry.reason, entry.http_status,
                entry.article_id, entry.final_url, entry.first_seen, entry.settled_at)
