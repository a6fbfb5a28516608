"""Time zones used throughout: Vietnam is Asia/Ho_Chi_Minh (+07:00, no DST since 1975)."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo

VN_TZ_NAME = "Asia/Ho_Chi_Minh"
VN_TZ: tzinfo = ZoneInfo(VN_TZ_NAME)
