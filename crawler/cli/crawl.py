"""``portalnews crawl PORTAL_ID... | --url URL``: crawl portals (platform detected) into the database.

Registered portals come from the registry (packaged, with the overlay ``$PORTALNEWS_REGISTRY`` or
``data/portals.toml``; or ``--registry``) with their own settings (delay, date order, time zone,
selectors, hosts); a ``--url`` whose host is registered uses that portal's id and settings. Every
crawl starts at the home page, which tells the platform (``crawler.spiders.portal``).
"""

from __future__ import annotations

import argparse
import sys

from crawler.cli import CommandError
from crawler.cli.options import add_db_option, add_incremental_options, db_path, incremental_overrides
from crawler.cli.portals import add_registry_option, registry_from
from crawler.crawl import CrawlTarget, parse_setting_overrides, run_crawls
from crawler.registry import RegistryError
from crawler.targets import portal_target


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``crawl`` command."""
    parser = subparsers.add_parser(
        "crawl",
        help="crawl portals into the database",
        description="Crawl registered portals by id, or any portal by base URL (the platform is "
        "detected from its home page). Polite by default: robots.txt, one request at a time, a "
        "2 s delay (or the portal's own delay).",
    )
    parser.add_argument("portal_ids", nargs="*", metavar="PORTAL_ID",
                        help="registered portal ids (see `portalnews portals list`)")
    parser.add_argument("--url", help="base URL of the portal, e.g. http://thainguyen.dcs.vn/")
    parser.add_argument("--portal", help="portal id to store articles under (default: the registered "
                        "id of the URL's host, else the host)")
    parser.add_argument("-s", "--set", dest="settings", action="append", metavar="NAME=VALUE",
                        help="override a Scrapy setting (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    add_incremental_options(parser)
    add_registry_option(parser)
    add_db_option(parser)
    parser.set_defaults(func=run)


def targets_from(args: argparse.Namespace) -> list[CrawlTarget]:
    """Resolve ids and ``--url`` into crawl targets (clear errors for unknown ids)."""
    from crawler.spiders.portal import PortalSpider

    if not args.portal_ids and not args.url:
        raise CommandError("give portal ids or a base URL: portalnews crawl PORTAL_ID... or "
                           "portalnews crawl --url http://host/")
    registry = registry_from(args)
    targets = []
    if args.portal_ids:
        try:
            portals = registry.resolve(args.portal_ids)
        except RegistryError as exc:
            raise CommandError(str(exc)) from exc
        for portal in portals:
            if not portal.enabled:
                print(f"portalnews: note: {portal.id} is disabled in the registry; crawling it "
                      "because it was named", file=sys.stderr)
            targets.append(portal_target(portal))
    if args.url:
        portal = registry.by_url(args.url)
        if portal is not None:
            target = portal_target(portal, args.url)
            if args.portal:
                target.portal = args.portal
        else:
            target = CrawlTarget(url=args.url, portal=args.portal, spider=PortalSpider)
        targets.append(target)
    return targets


def run(args: argparse.Namespace) -> int:
    """Run the crawls in one process and report each outcome."""
    try:
        overrides = parse_setting_overrides(args.settings)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    overrides = {**incremental_overrides(args), **overrides}
    targets = targets_from(args)
    overrides.setdefault("PROGRESS_ENABLED", not args.quiet)
    overrides.setdefault("LOG_LEVEL", "WARNING")
    path = db_path(args)
    all_stats = run_crawls(targets, db_path=path, overrides=overrides)
    if len(all_stats) == 1:
        return report(all_stats[0], path)
    worst = 0
    for target, stats in zip(targets, all_stats, strict=True):
        print(f"{target.portal or target.url}: ", end="")
        try:
            worst = max(worst, report(stats, path))
        except CommandError as exc:
            print(f"portalnews: error: {exc}", file=sys.stderr)
            worst = 2
    return worst


def report(stats: dict, path: object) -> int:
    """Print the outcome; exit status 0 when the crawl worked, 2 for an unusable portal."""
    if stats.get("portalnews/error"):
        raise CommandError(str(stats["portalnews/error"]))
    new = stats.get("portalnews/articles_new", 0)
    updated = stats.get("portalnews/articles_updated", 0)
    unchanged = stats.get("portalnews/articles_unchanged", 0)
    failures = stats.get("portalnews/failures", 0)
    print(f"{new} new, {updated} updated, {unchanged} unchanged articles; {failures} failures "
          f"-> {path}")
    if not stats.get("portalnews/platform"):
        print("portalnews: error: the portal's home page could not be fetched "
              "(see the failures table)", file=sys.stderr)
        return 1
    return 0
