"""The portal registry: the shipped file is valid and complete; errors name file, entry and field."""

from __future__ import annotations

import pytest

from crawler.registry import RegistryError, load_registry

POST_2025 = ("Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
             "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên",
             "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng",
             "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh",
             "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang")
GOOD = """[[portal]]
id = "x-gov"
name = "X"
province = "Thái Nguyên"
kind = "government"
urls = ["http://x.gov.vn/"]
"""


def write(tmp_path, text):
    path = tmp_path / "portals.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_registry_is_valid_and_covers_every_province():
    registry = load_registry()
    assert len(POST_2025) == 34
    for province in POST_2025:
        kinds = {p.kind for p in registry if p.province == province and not p.province_before_2025}
        assert {"party", "government"} <= kinds, province
    seed = registry.get("thainguyen-dcs")
    assert seed.platform == "nukeviet4" and seed.verified
    assert set(seed.modules) == {"news", "xay-dung-dang", "hoat-dong-cua-cac-dang-bo"}
    backan = registry.by_url("https://www.backan.gov.vn/Pages/default.aspx")
    assert backan.province == "Thái Nguyên" and backan.province_before_2025 == "Bắc Kạn"
    unverified = [p for p in registry if not p.verified]
    assert unverified and all("not verified" in p.notes for p in unverified)


def test_lookup_by_host_variants_and_close_matches():
    registry = load_registry()
    assert registry.by_url("http://www.thainguyen.dcs.vn/news/").id == "thainguyen-dcs"
    with pytest.raises(RegistryError, match="did you mean: thainguyen-dcs"):
        registry.resolve(["thainguyen-dc"])


@pytest.mark.parametrize(("extra", "message"), [
    ('kind = "ministry"\n', "field 'kind' must be one of"),
    ('platform = "joomla"\n', "field 'platform' must be one of"),
    ('order = "ydm"\n', "field 'order'"),
    ('timezone = "Asia/Hanoi"\n', "field 'timezone' is not an IANA zone"),
    ('delay = -1\n', "field 'delay' must be >= 0"),
    ('delay = true\n', "field 'delay' must be a number"),
    ('selectors = { headline = "h1" }\n', "field 'selectors' has an unknown key 'headline'"),
    ('article_pattern = "(unclosed"\n', "field 'article_pattern' is not a regular expression"),
    ('colour = "red"\n', "unknown field(s) ['colour']"),
    ('verify_tls = "no"\n', "field 'verify_tls' has the wrong type"),
])
def test_field_errors_name_file_entry_and_field(tmp_path, extra, message):
    text = GOOD.replace('kind = "government"\n', "") if extra.startswith("kind") else GOOD
    path = write(tmp_path, text + extra)
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert str(path) in str(info.value)
    assert "portal[0] (id 'x-gov')" in str(info.value)
    assert message in str(info.value)


def test_document_errors(tmp_path):
    with pytest.raises(RegistryError, match="file not found"):
        load_registry(tmp_path / "missing.toml")
    with pytest.raises(RegistryError, match="invalid TOML"):
        load_registry(write(tmp_path, "[[portal]\n"))
    with pytest.raises(RegistryError, match="missing field 'urls'"):
        load_registry(write(tmp_path, GOOD.replace('urls = ["http://x.gov.vn/"]\n', "")))
    with pytest.raises(RegistryError, match="not an http"):
        load_registry(write(tmp_path, GOOD.replace("http://x.gov.vn/", "x.gov.vn")))
    with pytest.raises(RegistryError, match="duplicates portal"):
        load_registry(write(tmp_path, GOOD + GOOD))
    other = GOOD.replace('id = "x-gov"', 'id = "y-gov"').replace("http://x", "https://www.x")
    with pytest.raises(RegistryError, match="already registered by 'x-gov'"):
        load_registry(write(tmp_path, GOOD + other))
