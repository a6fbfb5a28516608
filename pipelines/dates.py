"""Pipeline stage: normalise publish/update times and find event dates in the body.

Settings: ``DATES_ORDER`` (``"dmy"``, the default, or ``"mdy"``: ``datenorm.ORDERS``; another
value stops the crawl with a one-line error rather than read every numeric date wrongly),
``DATES_TIMEZONE`` (default ``"Asia/Ho_Chi_Minh"``; another IANA zone is recorded as the
portal's zone, tz_source ``"portal"``; a name that is not a zone stops the crawl with one line),
``DATES_EVENTS_ENABLED`` (default True).

NukeViet renders displayed times in the visitor's zone: when ``time_meta`` (the malformed
``article:published_time`` or ISO microdata) reveals the zone, publish and update lines are
read in it (tz_source ``"meta"``) and converted to +07:00. Body prose is written in local time,
so event dates always use the portal zone. Items are never dropped and bad dates never raise.
"""

from __future__ import annotations

import logging
from datetime import datetime, tzinfo
from typing import Any

from itemadapter import ItemAdapter

from crawler.items import ArticleItem
from pipelines.datenorm import ORDERS, find_event_dates, get_zone, normalise_date, rendered_zone
from pipelines.timezones import VN_TZ, VN_TZ_NAME

logger = logging.getLogger(__name__)


def parse_fetched_at(value: Any) -> datetime:
    """``fetched_at`` as an aware datetime (now when missing or unreadable)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN_TZ)
    if isinstance(value, str) and value.strip():
        try:
            when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            return when if when.tzinfo else when.replace(tzinfo=VN_TZ)
    return datetime.now(VN_TZ)


class DatesPipeline:
    """Settings: DATES_ORDER (default "dmy"), DATES_TIMEZONE (default "Asia/Ho_Chi_Minh"),
    DATES_EVENTS_ENABLED (default True)."""

    def __init__(self, order: str = "dmy", timezone: str = VN_TZ_NAME,
                 events_enabled: bool = True) -> None:
        zone = get_zone(timezone)
        if zone is None:  # reading every date in another zone would shift it: invented times
            raise ValueError(f"DATES_TIMEZONE {timezone!r} is not an IANA time zone "
                             f"(for example {VN_TZ_NAME})")
        if order not in ORDERS:  # another order would read 3/8 wrongly: invented dates
            raise ValueError(f"DATES_ORDER {order!r} is not a date order: use "
                             f"{' or '.join(ORDERS)}")
        self.order = order
        self.zone: tzinfo = zone
        self.tz_source = "default" if timezone == VN_TZ_NAME else "portal"
        self.events_enabled = events_enabled

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatesPipeline:
        """Build from the crawler's settings."""
        settings = crawler.settings
        return cls(
            order=settings.get("DATES_ORDER", "dmy") or "dmy",
            timezone=settings.get("DATES_TIMEZONE", VN_TZ_NAME) or VN_TZ_NAME,
            events_enabled=settings.getbool("DATES_EVENTS_ENABLED", True),
        )

    def process_item(self, item: Any) -> Any:
        """Fill ``published``, ``updated`` and ``event_dates`` of an ArticleItem."""
        if not isinstance(item, ArticleItem):
            return item
        adapter = ItemAdapter(item)
        try:
            self._complete(adapter)
        except Exception:  # never lose an item because of a date
            logger.exception("date normalisation failed for %s", adapter.get("url"))
        return item

    def _complete(self, adapter: ItemAdapter) -> None:
        fetched = parse_fetched_at(adapter.get("fetched_at"))
        meta_zone = rendered_zone(adapter.get("time_meta"))
        zone, source = (meta_zone, "meta") if meta_zone is not None else (self.zone, self.tz_source)
        published = None
        for field in ("published", "updated"):
            raw = adapter.get(f"{field}_raw")
            if not isinstance(raw, str) or not raw.strip():
                adapter[field] = None
                continue
            result = normalise_date(raw.strip(), reference=fetched, order=self.order, tz=zone,
                                    tz_source=source)
            adapter[field] = result.to_dict()
            if field == "published":
                published = result
        if not self.events_enabled:
            return
        body = adapter.get("body_text")
        if not isinstance(body, str) or not body.strip():
            adapter["event_dates"] = []
            return
        reference = published.datetime if published is not None and published.ok else None
        events = find_event_dates(body, reference=reference or fetched, order=self.order,
                                  tz=self.zone, tz_source=self.tz_source)
        adapter["event_dates"] = [event.to_dict() for event in events]
