"""Central Committee membership written with an abbreviation followed by "Đảng"."""

import pytest

from pipelines.rolenorm.extractor import extract_roles


@pytest.mark.parametrize("member", ["Ủy viên TƯ Đảng", "Ủy viên BCH TW Đảng", "Ủy viên T.Ư Đảng",
                                    "Ủy viên Trung ương Đảng"])
def test_member_of_central_committee_then_provincial_secretary(member):
    text = f"Đoàn do đồng chí Triệu Quang Vinh – {member}, Bí thư Tỉnh ủy dẫn đầu."
    (person,) = extract_roles(text, locality="Thái Nguyên")
    assert person["name"] == "Triệu Quang Vinh"
    roles = [(r["raw"], r["title"], r["organ"], r["level"]) for r in person["roles"]]
    assert roles == [
        (member, "Ủy viên", "Ban Chấp hành Trung ương Đảng", "central"),
        ("Bí thư Tỉnh ủy", "Bí thư", "Tỉnh ủy", "province"),
    ]
