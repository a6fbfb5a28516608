"""``portalnews crawl --url URL``: crawl one portal (platform detected) into the database."""

from __future__ import annotations

import argparse
import sys

from crawler.cli import CommandError
from crawler.cli.options import add_db_option, add_incremental_options, db_path, incremental_overrides
from crawler.crawl import parse_setting_overrides, run_crawl


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``crawl`` command."""
    parser = subparsers.add_parser(
        "crawl",
        help="crawl a portal into the database",
        description="Crawl a portal by base URL (the platform is detected from its home page). "
        "Polite by default: robots.txt, one request at a time, a 2 s delay.",
    )
    parser.add_argument("portal_ids", nargs="*", metavar="PORTAL_ID",
                        help="registered portal ids (the registry comes with the portals issue)")
    parser.add_argument("--url", help="base URL of the portal, e.g. http://thainguyen.dcs.vn/")
    parser.add_argument("--portal", help="portal id to store articles under (default: its host)")
    parser.add_argument("-s", "--set", dest="settings", action="append", metavar="NAME=VALUE",
                        help="override a Scrapy setting (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    add_incremental_options(parser)
    add_db_option(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the crawl and report its outcome."""
    if args.portal_ids:
        raise CommandError(
            "crawling by portal id needs the portal registry, which is not available yet; "
            "use --url http://host/ instead"
        )
    if not args.url:
        raise CommandError("give the portal's base URL: portalnews crawl --url http://host/")
    try:
        overrides = parse_setting_overrides(args.settings)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    overrides = {**incremental_overrides(args), **overrides}
    overrides.setdefault("PROGRESS_ENABLED", not args.quiet)
    overrides.setdefault("LOG_LEVEL", "WARNING")
    spider_args = {"portal": args.portal} if args.portal else {}
    path = db_path(args)
    stats = run_crawl(args.url, db_path=path, overrides=overrides, spider_args=spider_args)
    return report(stats, path)


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
