"""From a registered portal to a crawl target: the dispatcher spider and per-portal settings."""

from __future__ import annotations

from typing import Any

from crawler.crawl import CrawlTarget
from crawler.registry import Portal


def portal_target(portal: Portal, url: str | None = None) -> CrawlTarget:
    """The crawl of a registered portal: dispatcher spider, hosts, selectors, per-portal settings."""
    from crawler.spiders.portal import PortalSpider

    args: dict[str, Any] = {"hosts": ",".join(sorted(portal.hosts))}
    if portal.platform != "unknown":
        args["platform"] = portal.platform
    if portal.selectors:
        args["selectors"] = dict(portal.selectors)
    if portal.article_pattern:
        args["article_pattern"] = portal.article_pattern
    if portal.modules:
        args["modules"] = ",".join(portal.modules)
    if portal.feeds:
        args["feeds"] = ",".join(portal.feeds)
    settings: dict[str, Any] = {"DATES_ORDER": portal.order, "DATES_TIMEZONE": portal.timezone,
                                "DOWNLOAD_VERIFY_CERTIFICATES": portal.verify_tls,
                                "ROLES_PROVINCE": portal.province,
                                "ROLES_PROVINCE_BEFORE_2025": portal.province_before_2025,
                                "PORTAL_NAME": portal.name, "PORTAL_KIND": portal.kind}
    if portal.delay is not None:
        settings["DOWNLOAD_DELAY"] = portal.delay
    return CrawlTarget(url=url or portal.base_url, portal=portal.id, spider=PortalSpider,
                       spider_args=args, settings=settings)
