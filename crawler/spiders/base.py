"""Base class of the platform spiders: home page, fingerprint, safe requests, items, failures.

A subclass sets ``name`` and ``platforms`` (the fingerprints it accepts) and implements
:meth:`discover` (what to request after the home page). Every request carries
``meta["portalnews_kind"]`` (home, sitemap, feed, listing, article); article requests also carry
``portalnews_source_id`` when the identity is known before fetching and ``portalnews_lastmod``
(ISO) when a sitemap, feed or API gave one. Off-site links and traps are never requested.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.items import ArticleItem, PageFailure
from crawler.ledger import CrawlLedger, LedgerNote, ledger_for
from crawler.platforms import fingerprint
from crawler.platforms.fingerprint import Fingerprint
from crawler.safety import trap_reason
from crawler.urls import canonical_host, canonical_url
from pipelines.timezones import VN_TZ

KINDS = ("home", "sitemap", "feed", "listing", "article")


def parse_bool(value: Any) -> bool:
    """Spider arguments arrive as strings: ``"1"``, ``"true"``, ``"yes"``, ``"on"`` are true."""
    return str(value).lower() in ("1", "true", "yes", "on")


def parse_selectors(value: Any) -> dict[str, str]:
    """Selectors given as a dict or as ``field=css;field=css`` text (``-a selectors=...``)."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    out: dict[str, str] = {}
    for part in str(value or "").split(";;"):
        name, sep, css = part.partition("=")
        if sep and name.strip() and css.strip():
            out[name.strip()] = css.strip()
    return out


def parse_urls(value: Any) -> tuple[str, ...]:
    """URLs given as a list or as comma-separated text (``-a feeds=/rss.xml,/tin-tuc/rss``)."""
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def home_fingerprint(spider: scrapy.Spider, base_url: str, response: Response) -> Fingerprint:
    """The platform evidence of a home page; a page that is not HTML closes the spider."""
    if not isinstance(response, TextResponse):
        spider.crawler.stats.set_value("portalnews/error", f"{base_url}: home page is not HTML")
        raise CloseSpider("home page is not HTML")
    headers = {k.decode("latin-1"): b", ".join(v).decode("latin-1")
               for k, v in response.headers.items()}
    return fingerprint(response.text, headers)


class PortalSpiderBase(scrapy.Spider):
    """Common machinery of one-portal spiders (see the module docstring)."""

    name = ""  # abstract: not listed by `scrapy list`
    platforms: tuple[str, ...] = ()
    """Fingerprints this spider accepts; empty accepts anything."""

    def __init__(self, url: str | None = None, portal: str | None = None, hosts: str = "",
                 selectors: Any = "", article_pattern: str = "", feeds: Any = "",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not url:
            raise ValueError(f"the {self.name} spider needs the portal's base URL: -a url=http://host/")
        if "//" not in url:
            url = f"http://{url}"
        parts = urlsplit(canonical_url(url))
        self.base_url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        self.root_url = urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
        self.host = canonical_host(self.base_url)
        self.hosts = {self.host} | {canonical_host(h) for h in str(hosts).split(",") if h.strip()}
        self.portal_id = portal or self.host
        self.selectors = parse_selectors(selectors)
        self.article_pattern = article_pattern or None
        self.feeds = tuple(urljoin(self.base_url, feed) for feed in parse_urls(feeds))
        """Feed URLs of the registry (``feeds``): read by the spiders that follow links."""
        self.platform: str | None = None
        self.fingerprint: Fingerprint | None = None
        self._scheduled: set[str] = set()
        self._requested: set[str] = set()
        self._article_targets: set[str] = set()
        """Addresses requested as articles: never requested again as listings."""
        self.dispatcher: scrapy.Spider | None = None
        """The ``portal`` spider this one continues (None when it is the running spider)."""

    # -- entry ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The home page first: it tells the platform."""
        yield scrapy.Request(self.base_url, callback=self.parse_home, errback=self.on_error,
                             dont_filter=True, meta={"portalnews_kind": "home"})

    def parse_home(self, response: Response) -> Iterator[Any]:
        """Fingerprint the home page, refuse other platforms, then :meth:`discover`."""
        self.fingerprint = home_fingerprint(self, self.base_url, response)
        self.platform = self.platform_name(self.fingerprint)
        self.crawler.stats.set_value("portalnews/platform", self.platform)
        if self.platforms and self.fingerprint.platform not in self.platforms:
            self.crawler.stats.set_value(
                "portalnews/error",
                f"{self.base_url} looks like platform '{self.fingerprint.platform}', not "
                f"{'/'.join(self.platforms)}: no adapter of the {self.name} spider applies",
            )
            raise CloseSpider("unsupported_platform")
        # Hosts seen through redirects of the home page (www./bare, http -> https) are ours too.
        self.hosts.add(canonical_host(response.url))
        yield from self.discover(response)

    def platform_name(self, found: Fingerprint) -> str:
        """The platform recorded in stats and items (the fingerprint by default)."""
        return found.platform

    def discover(self, response: TextResponse) -> Iterable[Any]:
        """Requests after the home page (sitemaps, feeds, APIs, listings)."""
        raise NotImplementedError

    # -- requests ------------------------------------------------------------------------

    def on_site(self, url: str) -> bool:
        """Whether ``url`` is on one of the portal's hosts."""
        return canonical_host(url) in self.hosts

    def refusal(self, url: str) -> str | None:
        """Why ``url`` is never requested (off the portal's hosts, a trap), or None."""
        if not self.on_site(url):
            self.crawler.stats.inc_value("portalnews/offsite_skipped")
            return "off the portal's hosts"
        reason = trap_reason(url)
        if reason:
            self.crawler.stats.inc_value("portalnews/trap_skipped")
            self.logger.debug("not following %s: %s", url, reason)
            return f"trap: {reason}"
        return None

    def allowed(self, url: str) -> bool:
        """On the portal and not a trap."""
        return self.refusal(url) is None

    @property
    def ledger(self) -> CrawlLedger | None:
        """The crawl ledger (None for a spider built without a crawler)."""
        crawler = getattr(self, "crawler", None)
        return ledger_for(crawler) if crawler is not None else None

    def _on_base(self, url: str) -> str:
        """The same path and query on the address that answers (www./bare, http/https)."""
        parts = urlsplit(url)
        base = urlsplit(self.root_url)
        return urlunsplit((base.scheme, base.netloc, parts.path or "/", parts.query, ""))

    def request(self, url: str, callback: Any, kind: str, *, priority: int = 0,
                optional: bool = False, meta: dict[str, Any] | None = None,
                once: bool = True) -> scrapy.Request | None:
        """A request on the portal's own address, or None for a repeat (``once``)."""
        assert kind in KINDS, kind
        target = self._on_base(url)
        if once:
            if target in self._requested:
                return None
            self._requested.add(target)
        callback, errback, routed = self._route(callback)
        return scrapy.Request(target, callback=callback, errback=errback, priority=priority,
                              meta={"optional": optional, "portalnews_kind": kind, **routed,
                                    **(meta or {})})

    def _route(self, callback: Any) -> tuple[Any, Any, dict[str, str]]:
        """Callback, errback and meta of a request: this spider's methods, or, when the
        ``portal`` dispatcher runs this spider, the dispatcher's routing methods with the
        callback's name in ``meta["portalnews_callback"]``. Either way every request names
        methods of the running spider, so Scrapy's ``request_to_dict`` (disk queues,
        scrapy-redis's scheduler) can serialise it."""
        if self.dispatcher is None:
            return callback, self.on_error, {}
        name = callback.__name__
        if getattr(self, name, None) != callback:
            raise ValueError(f"callback {callback!r} is not a method of the {self.name} spider")
        return (self.dispatcher.delegated, self.dispatcher.delegated_error,  # type: ignore[attr-defined]
                {"portalnews_callback": name})

    def article_request(self, url: str, callback: Any, *, identity: str,
                        source_id: str | None = None, lastmod: str | None = None,
                        meta: dict[str, Any] | None = None) -> Iterator[scrapy.Request | LedgerNote]:
        """Request an article once per identity (its source id, else its canonical URL).

        Every candidate is accounted for in the crawl ledger: a refused URL is noted
        ``rejected``; a URL whose identity another candidate holds is noted ``waiting`` with its
        request, fetched if the holder proves not to be the article."""
        refused = self.refusal(url)
        if refused:
            yield LedgerNote(url, "rejected", refused, identity, source_id)
            return
        ledger = self.ledger
        target = self._on_base(url)
        if ledger is not None and ledger.is_done(target):
            return  # already fetched (or refused) in this run: its row says how
        extra = {"portalnews_identity": identity, **(meta or {})}
        if source_id:
            extra["portalnews_source_id"] = source_id
        if lastmod:
            extra["portalnews_lastmod"] = lastmod
        request = self.request(url, callback, "article", priority=10, meta=extra, once=False)
        if request is None:
            return
        self._article_targets.add(target)
        # Deduplicated by identity here; dont_filter lets a redirect loop reach
        # REDIRECT_MAX_TIMES and be recorded instead of vanishing in the duplicate filter.
        request = request.replace(dont_filter=True)
        if identity in self._scheduled:
            yield LedgerNote(target, "waiting", identity=identity, source_id=source_id,
                             request=request)
            return
        self._scheduled.add(identity)
        yield request

    def release(self, identity: str) -> None:
        """Forget that an article was scheduled (the incremental middleware dropped its request),
        so that another channel (a dated listing, the sitemap) may schedule it again."""
        self._scheduled.discard(identity)

    def schedule(self, requests: Iterable[scrapy.Request | None]) -> Iterator[scrapy.Request]:
        """Drop the Nones of :meth:`request`."""
        return (r for r in requests if r is not None)

    # -- results -------------------------------------------------------------------------

    def item(self, *, url: str, source_id: str, status: int | None, fields: Any) -> ArticleItem:
        """An :class:`ArticleItem` from an adapter's fields (a dataclass or a dict)."""
        values = fields if isinstance(fields, dict) else vars(fields)
        return ArticleItem(
            portal=self.portal_id,
            url=url,
            source_id=source_id,
            platform=self.platform or (self.platforms[0] if self.platforms else ""),
            fetched_at=datetime.now(VN_TZ).isoformat(timespec="seconds"),
            http_status=status,
            **values,
        )

    def failure(self, url: str, reason: str, stage: str, status: int | None = None, *,
                rejected: bool = False) -> PageFailure:
        """A recorded failure of this portal (``rejected``: the page is not an article)."""
        return PageFailure(portal=self.portal_id, url=url, reason=reason, stage=stage,
                           http_status=status, rejected=rejected,
                           failed_at=datetime.now(VN_TZ).isoformat(timespec="seconds"))

    def rejected(self, url: str, response: Response, reason: object) -> PageFailure:
        """The page is not an article: a failure of the parse stage, recorded as rejected."""
        return self.failure(url, str(reason), "parse", response.status, rejected=True)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """Download or HTTP error: recorded with its reason (optional guesses only counted)."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        reason = f"HTTP {status}" if status else f"{failure.type.__name__}: {failure.getErrorMessage()}"
        if failure.check(IgnoreRequest) and "robots" in failure.getErrorMessage().lower():
            reason = "forbidden by robots.txt"
        fallback = request.meta.get("on_fail")
        if fallback:
            # The name of a method of this spider (meta stays picklable). An errback's output
            # skips the spider middlewares: its ledger notes go straight in.
            for obj in getattr(self, fallback)(request, status):
                if isinstance(obj, LedgerNote):
                    if self.ledger is not None:
                        self.ledger.note(obj)
                else:
                    yield obj
        if request.meta.get("optional"):
            self.crawler.stats.inc_value("portalnews/optional_missing")
            self.logger.info("no %s (%s): discovery goes on without it", request.url, reason)
            return
        kind = request.meta.get("portalnews_kind")
        stage = {"home": "home", "article": "fetch"}.get(kind, "discover")
        yield self.failure(canonical_url(request.url, keep_query=True), reason, stage, status)

    def give_up(self, message: str) -> None:
        """The portal is unusable: say why in the stats and stop."""
        self.crawler.stats.set_value("portalnews/error", message)
        raise CloseSpider("unusable_portal")
