"""Retry-After parsing."""

from datetime import UTC, datetime

from crawler.middlewares import parse_retry_after


def test_delta_seconds():
    assert parse_retry_after(b"120") == 120.0
    assert parse_retry_after(" 5 ") == 5.0


def test_http_date():
    now = datetime(2024, 3, 14, 8, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Thu, 14 Mar 2024 08:00:30 GMT", now) == 30.0
    assert parse_retry_after("Thu, 14 Mar 2024 07:00:00 GMT", now) == 0.0


def test_garbage():
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
