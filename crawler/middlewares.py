"""Downloader middleware: honour ``Retry-After`` on 429 and 503 by pausing the portal's slot.

Scrapy's RetryMiddleware retries 429/503 after the normal delay; NukeViet's flood protection
says how long to wait. This middleware pauses every request to that portal for the announced
time (capped by ``RETRY_AFTER_MAX``), then retries the request (at most
``RETRY_AFTER_TIMES`` times); the slot's normal delay comes back after the next good response.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

RETRY_AFTER_STATUSES = (429, 503)


def parse_retry_after(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta-seconds or HTTP date), else None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware:
    """Pause the download slot for ``Retry-After`` seconds, then retry the request."""

    def __init__(self, crawler: Crawler, max_wait: float, max_times: int) -> None:
        self.crawler = crawler
        self.max_wait = max_wait
        self.max_times = max_times
        self._saved: dict[str, tuple[float, float, float]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        """Settings ``RETRY_AFTER_MAX`` (seconds, default 600), ``RETRY_AFTER_TIMES`` (3)."""
        return cls(crawler, crawler.settings.getfloat("RETRY_AFTER_MAX", 600.0),
                   crawler.settings.getint("RETRY_AFTER_TIMES", 3))

    def process_response(self, request: Request, response: Response) -> Request | Response:
        """Retry after the announced wait, or pass the response on."""
        downloader = self.crawler.engine.downloader if self.crawler.engine else None
        if downloader is None:
            return response
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if response.status not in RETRY_AFTER_STATUSES:
            saved = self._saved.get(key)
            # A response already in flight when the pause began must not end the pause early.
            if saved and slot is not None and monotonic() >= saved[2]:
                slot.delay, slot.jitter, _ = self._saved.pop(key)
            return response
        wait = parse_retry_after(response.headers.get("Retry-After"))
        tries = request.meta.get("retry_after_times", 0)
        if wait is None or wait > self.max_wait or tries >= self.max_times or slot is None:
            return response
        now = monotonic()
        delay, jitter, _ = self._saved.get(key, (slot.delay, slot.jitter, 0.0))
        self._saved[key] = (delay, jitter, now + wait)
        slot.delay, slot.jitter = max(wait, 0.001), 0.0
        slot.lastseen = now
        self.crawler.stats.inc_value(f"retry_after/{response.status}")
        retry = request.replace(dont_filter=True)
        retry.meta["retry_after_times"] = tries + 1
        retry.priority = request.priority + 1
        return retry


LATIN_CHARSETS = frozenset({"latin-1", "latin1", "iso-8859-1", "iso8859-1", "cp1252",
                            "windows-1252", "ascii", "us-ascii"})


class CharsetRepairMiddleware:
    """A page declared Latin-1/Windows-1252 whose bytes are valid UTF-8 is read as UTF-8.

    Misconfigured Vietnamese servers send UTF-8 with ``charset=iso-8859-1``; decoding it as
    declared turns ``Đảng`` into ``Ä�áº£ng`` and loses bytes for good. Multi-byte sequences that
    decode as UTF-8 are a reliable sign (Latin-1 text almost never forms them).
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetRepairMiddleware:
        """No settings."""
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        """Re-decode misdeclared UTF-8; pass everything else unchanged."""
        from scrapy.http import TextResponse

        if not isinstance(response, TextResponse):
            return response
        declared = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        charset = declared.partition("charset=")[2].split(";")[0].strip(" \"'")
        if charset not in LATIN_CHARSETS:
            return response
        body = response.body
        if body.isascii():
            return response
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            return response
        request.meta["portalnews_charset_repaired"] = charset
        return response.replace(encoding="utf-8")
