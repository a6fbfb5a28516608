"""Article filter options shared by ``search`` and ``export``."""

from __future__ import annotations

import argparse

from crawler.cli import CommandError
from store.filters import ArticleFilter, FilterError


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """``--portal``, ``--province``, ``--category``, ``--since``, ``--until``, ``--person``."""
    group = parser.add_argument_group("filters (names match with or without diacritics)")
    group.add_argument("--portal", help="portal id, e.g. thainguyen.dcs.vn")
    group.add_argument("--province", help="the portal's province, e.g. 'Thái Nguyên' or 'thai nguyen'")
    group.add_argument("--category", help="category name as shown by the portal, e.g. 'Tin tức'")
    group.add_argument("--since", metavar="DATE", help="published on or after (YYYY, YYYY-MM or YYYY-MM-DD)")
    group.add_argument("--until", metavar="DATE", help="published on or before (same forms, inclusive)")
    group.add_argument("--person", metavar="NAME", help="articles mentioning this person")


def filters_from_args(args: argparse.Namespace) -> ArticleFilter:
    """The filter the options describe; a bad value becomes a :class:`CommandError`."""
    try:
        return ArticleFilter(portal=args.portal, province=args.province, category=args.category,
                             since=args.since, until=args.until, person=args.person)
    except FilterError as exc:
        raise CommandError(str(exc)) from None
