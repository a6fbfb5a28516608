"""Vietnamese date normaliser (pure functions, no Scrapy).

``normalise_date`` reads one date string; ``find_event_dates`` finds dates in body prose;
``rendered_zone`` reads the zone of a NukeViet page from its metadata; ``parse_rss_pubdate``
reads RSS ``pubDate`` (with NukeViet's pre-4.6 minutes bug). See docs/dates.md.
"""

from __future__ import annotations

from pipelines.datenorm.events import find_event_dates
from pipelines.datenorm.normalise import ORDERS, normalise_date
from pipelines.datenorm.result import DateResult, EventDate
from pipelines.datenorm.rss import parse_rss_pubdate
from pipelines.datenorm.zones import get_zone, rendered_zone

__all__ = [
    "ORDERS",
    "DateResult",
    "EventDate",
    "find_event_dates",
    "get_zone",
    "normalise_date",
    "parse_rss_pubdate",
    "rendered_zone",
]
