"""Text canonicalisation and match keys."""

import unicodedata

import pytest

from pipelines.vntext import ascii_key, canonicalise, canonicalise_inline, fold_tone, match_key


def test_nfd_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Tỉnh ủy Thái Nguyên")
    assert canonicalise(nfd) == "Tỉnh ủy Thái Nguyên"


def test_eth_becomes_d_with_stroke():
    assert canonicalise("\u00d0ảng bộ \u00f0ồng chí") == "Đảng bộ đồng chí"


def test_invisible_characters_and_spaces():
    assert canonicalise_inline("Bí\u00a0thư\u200b Tỉnh\u00ad ủy \ufeff") == "Bí thư Tỉnh ủy"


def test_dashes_unified():
    assert canonicalise("Kinh tế \u2014 Xã hội \u2212 1") == "Kinh tế – Xã hội – 1"
    assert canonicalise("a\u2010b") == "a-b"


def test_paragraph_breaks_survive():
    assert canonicalise("  một  \n\n\n\n hai ") == "một\n\nhai"


def test_display_tone_style_kept():
    assert canonicalise("Uỷ ban nhân dân tỉnh Thanh Hoá") == "Uỷ ban nhân dân tỉnh Thanh Hoá"


@pytest.mark.parametrize(
    ("old", "new"),
    [("Hoá", "Hóa"), ("Hoà", "Hòa"), ("Thuỷ", "Thủy"), ("Uỷ", "Ủy"), ("Thuý", "Thúy"),
     ("khoẻ", "khỏe"), ("HOÁ", "HÓA")],
)
def test_fold_tone_open_syllables(old, new):
    assert fold_tone(old) == new


@pytest.mark.parametrize("word", ["Quý", "Quỳnh", "Hoàng", "hoàn", "Huỳnh", "thuyền", "khuỷu",
                                  "Hóa", "Thủy"])
def test_fold_tone_leaves_other_syllables(word):
    assert fold_tone(word) == word


def test_match_key_and_ascii_key():
    assert match_key("Uỷ ban  nhân dân") == match_key("ỦY BAN NHÂN DÂN") == "ủy ban nhân dân"
    assert ascii_key("Đảng ủy Định Hóa") == "dang uy dinh hoa"


def test_mojibake_repaired():
    broken = "Phó Bí thư".encode().decode("latin-1")
    assert canonicalise(broken) == "Phó Bí thư"


def test_empty():
    assert canonicalise(None) == ""
    assert canonicalise_inline("") == ""
