"""``portalnews chart person|holders|activity|health|provinces -o FILE``: pictures of the database.

The format follows the file name: ``.svg``, ``.png`` or ``.html`` (offline: the Vega libraries
are inlined); ``.json`` writes the Vega-Lite specification itself. See docs/charts.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from crawler.cli import CommandError
from crawler.cli.options import add_db_option, db_path


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``chart`` and its five kinds."""
    parser = subparsers.add_parser(
        "chart", help="draw a career, a post's holders, activity, crawl health or provinces",
        description="Draw a chart of the database into FILE (.svg, .png or .html; .json for the "
        "Vega-Lite specification). Offline, read-only.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND")
    kinds.required = True
    p = kinds.add_parser("person", help="a person's career: positions, mentions, articles")
    p.add_argument("name", help="the person's name (diacritics optional)")
    _common(p, _person)
    p = kinds.add_parser("holders", help="a post's holders over time")
    p.add_argument("role", help="the post, e.g. 'Bí thư Tỉnh ủy Thái Nguyên' (diacritics optional)")
    p.add_argument("--locality", help="the post's locality, e.g. 'Định Hóa'")
    _common(p, _holders)
    p = kinds.add_parser("activity", help="articles per portal per week, or one portal's rhythm")
    p.add_argument("--portal", help="one portal (id): its articles per week and publishing hours")
    _common(p, _activity)
    p = kinds.add_parser("health", help="crawl health per run and portal over time")
    p.add_argument("--portal", help="one portal (id)")
    p.add_argument("--days", type=int, default=90,
                   help="runs within DAYS of the latest run (default 90; 0: all)")
    _common(p, _health)
    p = kinds.add_parser("provinces", help="the 34 provinces coloured by articles or health")
    p.add_argument("--by", choices=("articles", "health"), default="articles",
                   help="colour by articles (default) or the worst latest run verdict")
    _common(p, _provinces)


def _common(parser: argparse.ArgumentParser, build: Any) -> None:
    add_db_option(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                        help="where to write: FILE.svg, FILE.png or FILE.html")
    parser.set_defaults(func=lambda args: run(args, build))


def run(args: argparse.Namespace, build: Any) -> int:
    """Open the database read-only, build the specification, write the file."""
    from crawler.charts.base import ChartError, open_readonly
    from crawler.charts.render import start_engine, write

    # the JavaScript engine starts while the database is read (the engine never outlives this)
    engine = start_engine() if args.output.suffix.lower() in (".svg", ".png") else None
    try:
        spec = build(open_readonly(db_path(args)), args)
        if engine is not None:
            engine.join()
        write(spec, args.output)
    except ChartError as exc:
        raise CommandError(str(exc)) from None
    finally:
        if engine is not None:
            engine.join()
    print(f"wrote {args.output} ({args.output.stat().st_size:,} bytes)")
    return 0


def _person(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    from crawler.charts.person import person_chart

    return person_chart(db, args.name)


def _holders(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    from crawler.charts.holders import holders_chart

    return holders_chart(db, args.role, locality=args.locality)


def _activity(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    from crawler.charts.activity import activity_chart, portal_chart

    return portal_chart(db, args.portal) if args.portal else activity_chart(db)


def _health(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    from crawler.charts.health import health_chart

    return health_chart(db, portal=args.portal, days=args.days)


def _provinces(db: Any, args: argparse.Namespace) -> dict[str, Any]:
    from crawler.charts.provinces import provinces_chart

    return provinces_chart(db, by=args.by)
