"""``portalnews crawl PORTAL_ID... | --url URL``: crawl portals (platform detected) into the database.

Registered portals come from the registry (packaged, with the overlay ``$PORTALNEWS_REGISTRY`` or
``data/portals.toml``; or ``--registry``) with their own settings (delay, date order, time zone,
selectors, hosts); a ``--url`` whose host is registered uses that portal's id and settings. Every
crawl starts at the home page, which tells the platform (``crawler.spiders.portal``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crawler.cli import EXIT_FAILURE, CommandError
from crawler.cli.options import (
    add_db_option,
    add_incremental_options,
    checked_write_path,
    count,
    db_path,
    incremental_overrides,
)
from crawler.cli.portals import add_registry_option, registry_from
from crawler.crawl import BadURL, CrawlTarget, check_url, parse_setting_overrides, run_crawls
from crawler.registry import RegistryError
from crawler.targets import portal_target


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``crawl`` command."""
    parser = subparsers.add_parser(
        "crawl",
        help="crawl portals into the database",
        description="Crawl registered portals by id, or any portal by base URL (the platform is "
        "detected from its home page). Polite by default: robots.txt, one request at a time, a "
        "2 s delay (or the portal's own delay). The terminal shows progress and one line per "
        "portal; Scrapy's log goes to --log-file. Exit status: 0 crawled, 2 bad input or an "
        "unsupported platform, 3 the portal could not be reached.",
    )
    parser.add_argument("portal_ids", nargs="*", metavar="PORTAL_ID",
                        help="registered portal ids (see `portalnews portals list`)")
    parser.add_argument("--url", help="base URL of the portal, e.g. http://thainguyen.dcs.vn/")
    parser.add_argument("--portal", help="portal id to store articles under (default: the registered "
                        "id of the URL's host, else the host)")
    parser.add_argument("-s", "--set", dest="settings", action="append", metavar="NAME=VALUE",
                        help="override a Scrapy setting (repeatable)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="also print Scrapy's warnings and errors on the terminal")
    parser.add_argument("--log-file", type=Path, default=Path("logs") / "portalnews.log",
                        help="where Scrapy's log goes (default logs/portalnews.log, rotating)")
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
        try:
            check_url(args.url)
        except BadURL as exc:
            raise CommandError(str(exc)) from None
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
    overrides.update(log_overrides(args.log_file, verbose=args.verbose))
    path = checked_write_path(db_path(args))
    all_stats = run_crawls(targets, db_path=path, overrides=overrides)
    worst = 0
    for target, stats in zip(targets, all_stats, strict=True):
        prefix = f"{target.portal or target.url}: " if len(targets) > 1 else ""
        try:
            worst = max(worst, report(stats, path, prefix=prefix, log_file=args.log_file,
                                      target=target))
        except CommandError as exc:
            if len(targets) == 1:
                raise
            print(f"portalnews: error: {prefix}{exc}", file=sys.stderr)
            worst = max(worst, exc.status)
    return worst


def log_overrides(log_file: Path | None, *, verbose: bool) -> dict[str, Any]:
    """Scrapy's log into the rotating ``log_file`` (INFO); on the terminal only with
    ``verbose`` (warnings and errors), so a failing portal is one line, not pages of tracebacks."""
    if log_file is not None:
        from crawler.scheduled import setup_log_file

        setup_log_file(log_file)
    if verbose:
        return {"LOG_LEVEL": "INFO" if log_file else "WARNING"}
    # LOG_ENABLED off: no terminal handler; LOG_LEVEL still feeds the file and the counters.
    return {"LOG_ENABLED": False, "LOG_LEVEL": "INFO"}


def _unreached(path: object, stats: dict) -> str | None:
    """Why this run's home page failed (its ``failures`` row); the portal row the run created is
    removed when no crawl ever reached it (``forget_unreached``)."""
    from crawler.crawl import forget_unreached
    from store.database import open_db

    run_id = stats.get("portalnews/run_id")
    if run_id is None:
        return None
    db = open_db(Path(str(path)))
    try:
        run = db.execute("SELECT portal FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
        row = db.execute("SELECT reason FROM failures WHERE run_id = ? AND stage = 'home'"
                         " ORDER BY id DESC LIMIT 1", [run_id]).fetchone()
    finally:
        db.close()
    if run:
        forget_unreached(Path(str(path)), run[0])
    return row[0] if row else None


def report(stats: dict, path: object, *, prefix: str = "", log_file: Path | None = None,
           target: CrawlTarget | None = None) -> int:
    """Print the outcome in one line; exit status 0 when the crawl worked, 2 for an unusable
    portal (CommandError), 3 when its home page could not be fetched."""
    if stats.get("portalnews/error"):
        raise CommandError(str(stats["portalnews/error"]))
    new = stats.get("portalnews/articles_new", 0)
    updated = stats.get("portalnews/articles_updated", 0)
    unchanged = stats.get("portalnews/articles_unchanged", 0)
    failures = stats.get("portalnews/failures", 0)
    if not stats.get("portalnews/platform"):
        reason = (_unreached(path, stats) or "no response").rstrip(".")
        where = f"; details in {log_file}" if log_file else ""
        url = target.url if target else "the portal"
        print(f"portalnews: error: {prefix}could not fetch the home page of {url} (retries "
              f"exhausted): {reason}{where}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"{prefix}{new} new, {updated} updated, {count(unchanged, 'unchanged article')}; "
          f"{count(failures, 'failure')} -> {path}")
    return 0
