"""``portalnews portals list|show|check [ID...]``: the portal registry and portal health."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from crawler.cli import CommandError, NoResults
from crawler.cli.options import add_db_option, db_path
from crawler.registry import OVERLAY_ENV, Portal, Registry, RegistryError, load_configured


def add_registry_option(parser: argparse.ArgumentParser) -> None:
    """``--registry PATH``: one complete registry file instead of the packaged one + overlay."""
    parser.add_argument("--registry", type=Path, default=None, metavar="PATH",
                        help="read only this complete registry TOML (default: the packaged "
                        f"registry, with ${OVERLAY_ENV} or ./data/portals.toml layered over it)")


def registry_from(args: argparse.Namespace) -> Registry:
    """Load the registry chosen by ``--registry`` or the defaults; errors become CommandError."""
    try:
        return load_configured(getattr(args, "registry", None))
    except RegistryError as exc:
        raise CommandError(f"portal registry: {exc}") from exc


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``portals`` command group."""
    parser = subparsers.add_parser("portals", help="list, show and check registered portals",
                                   description="The portal registry: the packaged one, with your overlay "
                                   f"(${OVERLAY_ENV} or ./data/portals.toml) layered over it.")
    sub = parser.add_subparsers(dest="portals_command", metavar="SUBCOMMAND")
    sub.required = True
    listing = sub.add_parser("list", help="one line per portal",
                             description="List registered portals (id, platform, province, kind).")
    listing.add_argument("ids", nargs="*", metavar="ID")
    listing.add_argument("--province", help="only portals of this (post-2025) province")
    listing.add_argument("--enabled", action="store_true", help="only enabled portals")
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    add_registry_option(listing)
    listing.set_defaults(func=run_list)
    show = sub.add_parser("show", help="every field of some portals",
                          description="Show registry entries (and their last health check).")
    show.add_argument("ids", nargs="+", metavar="ID")
    add_registry_option(show)
    add_db_option(show)
    show.set_defaults(func=run_show)
    check = sub.add_parser(
        "check", help="fetch home pages live and record their health",
        description="Fetch each portal's home page (live network), follow redirects, fingerprint "
        "the platform and record the result in the portal_checks table. Without ids: every "
        "enabled portal (--all: every portal).")
    check.add_argument("ids", nargs="*", metavar="ID")
    check.add_argument("--all", action="store_true", help="include disabled portals")
    check.add_argument("--timeout", type=float, default=20.0, help="seconds per portal (20)")
    check.add_argument("--json", action="store_true", help="one JSON object per line")
    add_registry_option(check)
    add_db_option(check)
    check.set_defaults(func=run_check)


def _select(registry: Registry, ids: list[str]) -> list[Portal]:
    try:
        return registry.resolve(ids) if ids else list(registry)
    except RegistryError as exc:
        raise CommandError(str(exc)) from exc


def _public(portal: Portal, registry: Registry) -> dict:
    data = {k: v for k, v in vars(portal).items()}
    data["urls"] = list(portal.urls)
    data["modules"] = list(portal.modules)
    data["feeds"] = list(portal.feeds)
    origin = registry.origin(portal.id)
    data["source"] = origin.label
    if origin.fields:
        data["overlay_fields"] = list(origin.fields)
    return data


def _overlay_flag(registry: Registry, portal: Portal) -> str:
    """`` overlay`` (added by the overlay) or `` overlay:enabled,delay`` (fields it changed)."""
    origin = registry.origin(portal.id)
    if not origin.overlay:
        return ""
    return " overlay" + (":" + ",".join(origin.fields) if origin.fields else "")


def run_list(args: argparse.Namespace) -> int:
    """Print the selected portals."""
    registry = registry_from(args)
    portals = _select(registry, args.ids)
    if args.province:  # with or without diacritics: "Thái Nguyên", "thai nguyen"
        from pipelines.vntext import names_match

        portals = [p for p in portals if names_match(args.province, p.province)
                   or names_match(args.province, p.province_before_2025)]
    if args.enabled:
        portals = [p for p in portals if p.enabled]
    for p in portals:
        if args.json:
            print(json.dumps(_public(p, registry), ensure_ascii=False))
            continue
        flags = ("" if p.enabled else " disabled") + ("" if p.verified else " unverified")
        before = f" (before 2025: {p.province_before_2025})" if p.province_before_2025 else ""
        print(f"{p.id:38} {p.platform:13} {p.kind:11} {p.province}{before}{flags}"
              f"{_overlay_flag(registry, p)}")
    if not portals:
        raise NoResults("no portal matches; `portalnews portals list` shows them all")
    return 0


def _last_checks(path: Path, portals: list[Portal]) -> dict[str, dict]:
    """Each portal's latest health check in the database (read-only; none when unusable)."""
    from store.readonly import DatabaseProblem, open_readonly

    if not path.exists():
        return {}
    try:
        db = open_readonly(path)
    except DatabaseProblem as exc:
        print(f"portalnews: note: last checks not shown: {exc}", file=sys.stderr)
        return {}
    checks: dict[str, dict] = {}
    for p in portals:
        row = next(db["portal_checks"].rows_where("portal = ?", [p.id], order_by="id desc",
                                                  limit=1), None)
        if row:
            checks[p.id] = row
    db.close()
    return checks


def run_show(args: argparse.Namespace) -> int:
    """Print every field of each portal, where it comes from, and its latest check if any."""
    registry = registry_from(args)
    portals = _select(registry, args.ids)
    checks = _last_checks(db_path(args), portals)
    for i, p in enumerate(portals):
        if i:
            print()
        for key, value in _public(p, registry).items():
            if value in (None, "", [], {}) or key in ("source", "overlay_fields"):
                continue
            shown = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value
            print(f"{key:22} {shown}")
        print(f"{'source':22} {registry.origin(p.id).describe()}")
        if p.id in checks:
            c = checks[p.id]
            print(f"{'last check':22} {c['checked_at']}: HTTP {c['http_status']} {c['final_url'] or ''} "
                  f"platform={c['platform']} tls_error={c['tls_error']} error={c['error']}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    """Check the portals, record each result, print one line each; status 1 if any failed."""
    from crawler.health import check_portal, record_check
    from store.database import open_db

    registry = registry_from(args)
    portals = _select(registry, args.ids)
    if not args.ids and not args.all:
        portals = [p for p in portals if p.enabled]
    from crawler.settings import USER_AGENT as user_agent
    db = open_db(db_path(args))
    failed = 0
    try:
        for portal in portals:
            result = check_portal(portal, timeout=args.timeout, user_agent=user_agent)
            record_check(db, result)
            failed += not result.ok
            if args.json:
                print(json.dumps(vars(result), ensure_ascii=False), flush=True)
                continue
            moved = f" -> {result.final_url}" if result.final_url and result.final_url != result.url else ""
            notes = "; ".join(x for x in (
                f"platform changed (registry: {portal.platform})"
                if result.platform and portal.platform not in ("unknown", result.platform) else "",
                "redirected off-site" if result.redirected else "",
                f"TLS: {result.tls_error}" if result.tls_error else "",
                result.error or "") if x)
            print(f"{portal.id:38} {result.http_status or '-':>3} {result.platform or '-':13}"
                  f"{moved}{'  ' + notes if notes else ''}", flush=True)
    finally:
        db.close()
    return 1 if failed else 0
