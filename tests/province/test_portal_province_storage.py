"""``record_portal_province``: the registry or a setting always wins over a page."""

from __future__ import annotations

from pipelines.rolenorm.site_province import PortalProvince
from store.database import ensure_portal, open_db, record_portal_province

PAGE_BK = PortalProvince("Bắc Kạn", "Thái Nguyên", "page", "title: Cổng thông tin điện tử tỉnh Bắc Kạn")
PAGE_CB = PortalProvince("Cao Bằng", "Cao Bằng", "page", "footer: UBND tỉnh Cao Bằng")
REGISTRY = PortalProvince("Lạng Sơn", "Lạng Sơn", "registry", "registry: Lạng Sơn")


def _row(db: object) -> tuple:
    return db.execute(  # type: ignore[attr-defined]
        "SELECT province, province_named, province_source, province_evidence FROM portals"
    ).fetchone()


def test_page_province_stored_then_replaced_by_a_newer_page_reading() -> None:
    db = open_db(":memory:")
    ensure_portal(db, "p", base_url="http://p/")
    record_portal_province(db, "p", None)
    assert _row(db) == (None, None, None, None)
    record_portal_province(db, "p", PAGE_BK)
    assert _row(db) == ("Thái Nguyên", "Bắc Kạn", "page", PAGE_BK.evidence)
    record_portal_province(db, "p", None)  # a later crawl that reads nothing keeps it
    assert _row(db)[1] == "Bắc Kạn"
    record_portal_province(db, "p", PAGE_CB)
    assert _row(db)[1] == "Cao Bằng"


def test_a_page_never_overrides_the_registry() -> None:
    db = open_db(":memory:")
    ensure_portal(db, "p", base_url="http://p/")
    record_portal_province(db, "p", PAGE_BK)
    record_portal_province(db, "p", REGISTRY)
    record_portal_province(db, "p", PAGE_CB)
    assert _row(db) == ("Lạng Sơn", "Lạng Sơn", "registry", "registry: Lạng Sơn")


def test_unknown_portal_is_left_alone() -> None:
    db = open_db(":memory:")
    record_portal_province(db, "missing", REGISTRY)
    assert db.execute("SELECT COUNT(*) FROM portals").fetchone() == (0,)
