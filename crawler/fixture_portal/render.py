"""Rendering helpers shared by pages and feeds: PHP ``date()``, text forms, escaping, context.

NukeViet formats every time with PHP ``date()`` (through ``nv_date``, which translates weekday and
month names); :func:`php_date` reproduces the handful of format letters the templates use,
including the ``T`` (zone abbreviation) that breaks ``article:published_time``.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass
from datetime import datetime, tzinfo
from urllib.parse import quote

from crawler.fixture_portal.corpus import Article

VI_WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class RenderContext:
    """Per-request rendering facts: absolute base URL (from the Host header), zone, clock."""

    base: str
    tz: tzinfo
    now: datetime

    def abs(self, path: str) -> str:
        """Absolute URL of a site path (``/news/...`` -> ``http://host/news/...``)."""
        return self.base.rstrip("/") + path


def _offset(dt: datetime, colon: bool) -> str:
    off = dt.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    return f"{sign}{hh:02d}:{mm:02d}" if colon else f"{sign}{hh:02d}{mm:02d}"


def php_date(fmt: str, dt: datetime, tz: tzinfo, *, vietnamese: bool = True) -> str:
    """PHP ``date(fmt)`` of ``dt`` shown in ``tz`` (``l`` in Vietnamese unless told otherwise).

    Supported letters: d j D l m n M Y y H G h i s A a O P T U; a backslash escapes one letter.
    """
    local = dt.astimezone(tz)
    out: list[str] = []
    chars = iter(fmt)
    for ch in chars:
        if ch == "\\":
            out.append(next(chars, ""))
            continue
        match ch:
            case "d": out.append(f"{local.day:02d}")
            case "j": out.append(str(local.day))
            case "D": out.append(EN_WEEKDAYS[local.weekday()])
            case "l":
                out.append(VI_WEEKDAYS[local.weekday()] if vietnamese
                           else local.strftime("%A"))
            case "m": out.append(f"{local.month:02d}")
            case "n": out.append(str(local.month))
            case "M": out.append(EN_MONTHS[local.month - 1])
            case "Y": out.append(f"{local.year:04d}")
            case "y": out.append(f"{local.year % 100:02d}")
            case "H": out.append(f"{local.hour:02d}")
            case "G": out.append(str(local.hour))
            case "h": out.append(f"{(local.hour % 12) or 12:02d}")
            case "i": out.append(f"{local.minute:02d}")
            case "s": out.append(f"{local.second:02d}")
            case "A": out.append("AM" if local.hour < 12 else "PM")
            case "a": out.append("am" if local.hour < 12 else "pm")
            case "O": out.append(_offset(local, colon=False))
            case "P": out.append(_offset(local, colon=True))
            case "T": out.append(local.tzname() or _offset(local, colon=True))
            case "U": out.append(str(int(local.timestamp())))
            case _: out.append(ch)
    return "".join(out)


def iso(dt: datetime, tz: tzinfo) -> str:
    """ISO 8601 with offset, seconds precision, in ``tz`` (``2023-12-27T05:16:00+07:00``)."""
    return dt.astimezone(tz).replace(microsecond=0).isoformat()


def served_text(article: Article, text: str) -> str:
    """``text`` in the article's stored form: NFC, NFD, or with Đ/đ written as eth (Ð/ð)."""
    if article.text_form == "nfd":
        return unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", text)
    if article.text_form == "eth":
        return text.replace("Đ", "\u00d0").replace("đ", "\u00f0")
    return text


def esc(text: str | None) -> str:
    """HTML-escape text for element content and attribute values."""
    return html.escape(text or "", quote=True)


def title_of(article: Article) -> str:
    """The escaped title as served."""
    return esc(served_text(article, article.title))


def quote_path(path: str) -> str:
    """Percent-encode a site path (keeps ``/``, ``%`` and ASCII punctuation of URLs)."""
    return quote(path, safe="/%:-._~!$&'()*+,;=@")


def tag_path(module: str, alias: str, page: int = 1, *, short: bool = False) -> str:
    """Tag listing path ``/{module}/tag/{alias}[/page-N]`` (``/tag/...`` when ``short``)."""
    base = f"/tag/{alias}" if short else f"/{module}/tag/{alias}"
    return base if page <= 1 else f"{base}/page-{page}"
