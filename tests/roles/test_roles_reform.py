"""The 1 July 2025 reform is one date (``REFORM_DATE``) for every year after it: January-June of
2026 and 2027 are after the reform, not before it (levels and gazetteer versions)."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.rolenorm.extractor import extract_roles
from pipelines.rolenorm.gazetteer import REFORM_DATE, gazetteer, versions_for

# (date, after the reform?) either side of 1 July in 2025, 2026 and 2027
DATES = [
    (date(2025, 1, 15), False), (date(2025, 6, 30), False), (date(2025, 7, 1), True),
    (date(2025, 12, 31), True), (date(2026, 3, 1), True), (date(2026, 6, 30), True),
    (date(2026, 7, 1), True), (date(2027, 1, 10), True), (date(2027, 8, 1), True),
]


@pytest.mark.parametrize(("when", "after"), DATES, ids=[d.isoformat() for d, _ in DATES])
def test_gazetteer_version(when: date, after: bool) -> None:
    assert (when >= REFORM_DATE) is after
    assert versions_for(when) == (("2025",) if after else ("legacy",))
    # Bạch Thông: a district of Bắc Kạn until 30 June 2025, a commune of Thái Nguyên after
    gaz = gazetteer()
    assert bool(gaz.lookup("Bạch Thông", levels=("commune",), when=when)) is after
    assert bool(gaz.lookup("Bạch Thông", levels=("district",), when=when)) is not after


@pytest.mark.parametrize(("when", "after"), DATES, ids=[d.isoformat() for d, _ in DATES])
def test_city_without_a_name_is_province_level_after_the_reform(when: date, after: bool) -> None:
    [person] = extract_roles("Đồng chí Nguyễn Văn An, Chủ tịch UBND thành phố phát biểu.",
                             date=when.isoformat())
    assert person["roles"][0]["level"] == ("province" if after else None)


@pytest.mark.parametrize(("when", "after"), DATES, ids=[d.isoformat() for d, _ in DATES])
def test_locality_by_version(when: date, after: bool) -> None:
    if after:
        [person] = extract_roles("Bà Hoàng Thị Thu, Chủ tịch UBND xã Bạch Thông, phát biểu.",
                                 date=when.isoformat(), province="Thái Nguyên")
        [role] = person["roles"]
        assert (role["level"], role["locality"]) == ("commune", "Bạch Thông")
    [person] = extract_roles("Ông Hà Văn Thắng, Bí thư Huyện ủy Bạch Thông, phát biểu.",
                             date=when.isoformat(), province="Bắc Kạn")
    [role] = person["roles"]
    assert (role["level"], role["locality"]) == ("district", "Bạch Thông")
