"""From a registered portal to a crawl target: its spider and per-portal settings."""

from __future__ import annotations

import importlib
from typing import Any

from scrapy import Spider

from crawler.crawl import CrawlTarget
from crawler.registry import Portal

SPIDERS = {
    "nukeviet": "crawler.spiders.nukeviet.NukeVietSpider",
    "nukeviet4": "crawler.spiders.nukeviet.NukeVietSpider",
}


def spider_class(platform: str) -> type[Spider]:
    """The spider for a platform (NukeViet when the platform has no spider of its own)."""
    path = SPIDERS.get(platform, SPIDERS["nukeviet"])
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def target_for(portal: Portal) -> CrawlTarget:
    """The crawl target of a registered portal, with its overrides as Scrapy settings."""
    settings: dict[str, Any] = {
        "DATES_ORDER": portal.order,
        "DATES_TIMEZONE": portal.timezone,
        "ROLES_PROVINCE": portal.province,
    }
    if portal.delay is not None:
        settings["DOWNLOAD_DELAY"] = portal.delay
    spider_args: dict[str, Any] = {}
    if portal.modules:
        spider_args["modules"] = ",".join(portal.modules)
    return CrawlTarget(url=portal.base_url, portal=portal.id, spider=spider_class(portal.platform),
                       spider_args=spider_args, settings=settings)
