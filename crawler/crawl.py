"""Running a crawl from code: project settings, per-run overrides, statistics back."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.spiders.nukeviet import NukeVietSpider

SETTINGS_MODULE = "settings"


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """The project's settings module, then ``overrides`` at command-line priority."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def parse_setting_overrides(pairs: list[str] | None) -> dict[str, str]:
    """``NAME=VALUE`` strings (``-s``) to a dict; raise ValueError on a malformed pair."""
    result: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-s expects NAME=VALUE, got {pair!r}")
        result[name.strip()] = value
    return result


def run_crawl(
    url: str,
    *,
    db_path: Path,
    overrides: Mapping[str, Any] | None = None,
    spider_args: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Crawl one portal by base URL into ``db_path``; return the crawler's statistics.

    Runs a Twisted reactor: call once per process (tests run crawls in subprocesses).
    """
    settings = project_settings({"STORAGE_DB_PATH": str(db_path), **(overrides or {})})
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(NukeVietSpider)
    process.crawl(crawler, url=url, **(spider_args or {}))
    process.start()
    return dict(crawler.stats.get_stats()) if crawler.stats else {}
