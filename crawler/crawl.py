"""Running crawls from code: project settings, per-run and per-portal overrides, statistics back."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Spider
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.spiders.nukeviet import NukeVietSpider

SETTINGS_MODULE = "crawler.settings"  # inside the package: crawls work from any directory


@dataclass
class CrawlTarget:
    """One portal to crawl: the spider class, its base URL and id, and its own overrides."""

    url: str
    portal: str | None = None
    spider: type[Spider] = NukeVietSpider
    spider_args: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    """Per-portal Scrapy settings (e.g. ``DOWNLOAD_DELAY``, ``DATES_ORDER``)."""


def project_settings(overrides: Mapping[str, Any] | None = None) -> Settings:
    """The project's settings module, then ``overrides`` at command-line priority."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    settings = Settings()
    settings.setmodule(SETTINGS_MODULE, priority="project")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    if "PORTALNEWS_CONTACT_URL" in (overrides or {}) and "USER_AGENT" not in (overrides or {}):
        template = settings.get("USER_AGENT_TEMPLATE") or "portal-news (+{contact})"
        settings.set("USER_AGENT", template.format(contact=settings["PORTALNEWS_CONTACT_URL"]),
                     priority="cmdline")
    return settings


class BadURL(ValueError):
    """A ``--url`` that cannot be a portal's address (checked before Scrapy starts)."""


_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*"
                   r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)


def check_url(url: str) -> str:
    """The portal address as given, if it is ``http(s)://host[:port]/...`` with a plausible
    host (a domain name, ``localhost`` or an IP address); else BadURL saying what to type."""
    text = url.strip()
    parts = urlsplit(text)
    if not parts.scheme or "://" not in text:
        raise BadURL(f"--url needs the scheme: did you mean http://{text.lstrip('/')}?")
    if parts.scheme.lower() not in ("http", "https"):
        raise BadURL(f"--url must start with http:// or https://, not {parts.scheme}://")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise BadURL(f"--url {url!r}: {exc}") from None
    if not host:
        raise BadURL(f"--url {url!r} has no host; e.g. http://thainguyen.dcs.vn/")
    try:
        ipaddress.ip_address(host)
        return text
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        ascii_host = ""
    if not _HOST.match(ascii_host):
        raise BadURL(f"--url {url!r}: {host!r} is not a host name")
    return text


def forget_unreached(db_path: Path, portal: str) -> bool:
    """Remove the ``portals`` row of a portal no crawl ever reached (no article, no run that
    got past the home page): a mistyped ``--url`` leaves no portal behind. Its failed runs and
    failures stay as the record of the attempt. True when a row was removed."""
    from store.database import open_db, transaction

    db = open_db(db_path)
    try:
        with transaction(db):
            cursor = db.execute(
                "DELETE FROM portals WHERE id = ? AND platform IS NULL"
                " AND NOT EXISTS (SELECT 1 FROM articles WHERE portal = ?)"
                " AND NOT EXISTS (SELECT 1 FROM crawl_runs WHERE portal = ?"
                "                 AND health IN ('ok', 'warning'))", [portal, portal, portal])
        return cursor.rowcount > 0
    finally:
        db.close()


def parse_setting_overrides(pairs: list[str] | None) -> dict[str, str]:
    """``NAME=VALUE`` strings (``-s``) to a dict; raise ValueError on a malformed pair."""
    result: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"-s expects NAME=VALUE, got {pair!r}")
        result[name.strip()] = value
    return result


def run_crawls(
    targets: Sequence[CrawlTarget],
    *,
    db_path: Path,
    overrides: Mapping[str, Any] | None = None,
    max_seconds: float | None = None,
) -> list[dict[str, Any]]:
    """Crawl several portals in one process into ``db_path``; statistics per target, in order.

    Per-portal settings apply first, then ``overrides`` (the user's ``-s``) win. One portal's
    failure never stops the others: its statistics carry ``portalnews/error``. After
    ``max_seconds`` every crawl is stopped gracefully (finish reason ``shutdown``). Runs a
    Twisted reactor: call once per process (tests run crawls in subprocesses).
    """
    process = CrawlerProcess(project_settings({"STORAGE_DB_PATH": str(db_path), **(overrides or {})}))
    crawlers: list[Crawler] = []
    errors: dict[int, str] = {}
    for index, target in enumerate(targets):
        spider_cls = target.spider
        if target.settings:
            # Per-portal settings at "spider" priority: the user's -s (cmdline) still wins.
            custom = {**(getattr(spider_cls, "custom_settings", None) or {}), **target.settings}
            spider_cls = type(spider_cls.__name__, (spider_cls,), {"custom_settings": custom})
        crawler = process.create_crawler(spider_cls)
        args = dict(target.spider_args)
        if target.portal:
            args.setdefault("portal", target.portal)
        deferred = process.crawl(crawler, url=target.url, **args)
        deferred.addErrback(_record_error, errors, index, target)
        crawlers.append(crawler)
    if max_seconds:
        from twisted.internet import reactor

        reactor.callLater(max_seconds, process.stop)  # type: ignore[attr-defined]
    process.start()
    results = []
    for index, crawler in enumerate(crawlers):
        stats = dict(crawler.stats.get_stats()) if crawler.stats else {}
        if index in errors:
            stats.setdefault("portalnews/error", errors[index])
        results.append(stats)
    return results


def _record_error(failure: Any, errors: dict[int, str], index: int, target: CrawlTarget) -> None:
    """A crawl that could not start or crashed: keep the reason, let the others go on."""
    errors[index] = f"crawl of {target.portal or target.url} failed: {failure.getErrorMessage()}"


def run_crawl(
    url: str,
    *,
    db_path: Path,
    overrides: Mapping[str, Any] | None = None,
    spider_args: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Crawl one NukeViet portal by base URL; return the crawler's statistics."""
    target = CrawlTarget(url=url, spider_args=dict(spider_args or {}))
    return run_crawls([target], db_path=db_path, overrides=overrides)[0]
