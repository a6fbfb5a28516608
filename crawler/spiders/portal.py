"""The ``portal`` spider: fetch the home page, fingerprint it, hand over to the platform's spider.

``scrapy crawl portal -a url=http://host/`` (what ``portalnews crawl`` runs). The home page is
fetched once, through Scrapy (robots.txt obeyed); the platform spider is built with the same
arguments and continues from that response in the same run. Its requests name this spider's
``delegated``/``delegated_error`` methods, with the platform callback's name in their meta, so
every request can be serialised (Scrapy's disk queues, scrapy-redis's scheduler). Unknown
platforms go to the generic spider, and so do platforms recognised by name that have no adapter
of their own (Oracle WebCenter/ADF, VCCorp: the generic spider records their name);
``-a platform=generic`` forces it (a portal with configured selectors).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import PageFailure
from crawler.platforms.fingerprint import CRAWLED_AS_GENERIC
from crawler.spiders.base import home_fingerprint
from crawler.spiders.generic import GenericSpider
from crawler.spiders.liferay import LiferaySpider
from crawler.spiders.nukeviet import NukeVietSpider
from crawler.spiders.sharepoint import SharePointSpider
from crawler.spiders.wordpress import WordPressSpider
from crawler.urls import canonical_host, canonical_url
from pipelines.rolenorm.site_province import note_site_province
from pipelines.timezones import VN_TZ

SPIDERS: dict[str, type[scrapy.Spider]] = {
    "nukeviet4": NukeVietSpider,
    "nukeviet3": NukeVietSpider,
    "nukeviet-egov": NukeVietSpider,
    "wordpress": WordPressSpider,
    "sharepoint": SharePointSpider,
    "liferay": LiferaySpider,
    "generic": GenericSpider,
    "unknown": GenericSpider,
    **dict.fromkeys(CRAWLED_AS_GENERIC, GenericSpider),  # recognised by name, no adapter of their own
}


def spider_for(platform: str) -> type[scrapy.Spider]:
    """The spider class of a platform id (``unknown`` -> the generic spider)."""
    return SPIDERS.get(platform, GenericSpider)


class PortalSpider(scrapy.Spider):
    """Detect the platform from the home page and delegate to its spider."""

    name = "portal"

    def __init__(self, url: str | None = None, portal: str | None = None, platform: str = "",
                 **kwargs: Any) -> None:
        if not url:
            raise ValueError("the portal spider needs the portal's base URL: -a url=http://host/")
        self.spider_args = {k: v for k, v in kwargs.items() if k not in ("name", "start_urls")}
        super().__init__(**{k: v for k, v in kwargs.items() if k in ("name",)})
        if "//" not in url:
            url = f"http://{url}"
        parts = urlsplit(canonical_url(url))
        self.url = url
        self.base_url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", "", ""))
        self.host = canonical_host(self.base_url)
        self.portal_id = portal or self.host
        self.forced_platform = platform
        self.delegate: scrapy.Spider | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The home page, once."""
        yield scrapy.Request(self.base_url, callback=self.parse_home, errback=self.on_error,
                             dont_filter=True, meta={"portalnews_kind": "home"})

    def parse_home(self, response: Response) -> Iterator[Any]:
        """Fingerprint, build the platform's spider, let it continue from this response."""
        found = home_fingerprint(self, self.base_url, response)
        self.crawler.stats.set_value("portalnews/fingerprint", found.platform)
        note_site_province(self, response)  # an unregistered portal's province, from its page
        platform = "generic" if self.forced_platform == "generic" else found.platform
        if self.forced_platform and self.forced_platform not in ("generic", "unknown") \
                and self.forced_platform != found.platform:
            self.crawler.stats.set_value("portalnews/platform_changed",
                                         f"registry {self.forced_platform}, detected {found.platform}")
            self.logger.warning("%s: registry says %s, the home page looks like %s: using %s",
                                self.base_url, self.forced_platform, found.platform, found.platform)
        cls = spider_for(platform)
        self.delegate = cls.from_crawler(self.crawler, url=self.base_url, portal=self.portal_id,
                                         **self.spider_args)
        self.delegate.dispatcher = self  # its requests name this spider's routing methods
        self.logger.info("%s: platform %s (%s) -> spider %s", self.base_url, found.platform,
                         "; ".join(found.evidence), cls.name)
        yield from self.delegate.parse_home(response)  # type: ignore[attr-defined]

    def delegated(self, response: Response, **kwargs: Any) -> Any:
        """The platform spider's callback named in ``meta["portalnews_callback"]``."""
        return getattr(self._platform_spider(), response.meta["portalnews_callback"])(
            response, **kwargs)

    def delegated_error(self, failure: Failure) -> Any:
        """The platform spider's errback."""
        return self._platform_spider().on_error(failure)  # type: ignore[attr-defined]

    def release(self, identity: str) -> None:
        """Let the platform spider schedule ``identity`` again (see its ``release``)."""
        if self.delegate is not None:
            self.delegate.release(identity)  # type: ignore[attr-defined]

    def _platform_spider(self) -> scrapy.Spider:
        if self.delegate is None:  # a request of another run (a persisted frontier)
            raise RuntimeError("no platform spider yet: the home page was not read in this run")
        return self.delegate

    def on_error(self, failure: Failure) -> Iterator[PageFailure]:
        """The home page could not be fetched: recorded (stage ``home``)."""
        request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        status = response.status if response is not None else None
        reason = f"HTTP {status}" if status else f"{failure.type.__name__}: {failure.getErrorMessage()}"
        yield PageFailure(portal=self.portal_id, url=canonical_url(request.url), reason=reason,
                          stage="home", http_status=status,
                          failed_at=datetime.now(VN_TZ).isoformat(timespec="seconds"))
