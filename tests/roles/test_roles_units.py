"""Tokens, lexicon, surnames, gazetteer versions and robustness of the extractor."""

from __future__ import annotations

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.rolenorm.extractor import extract_roles
from pipelines.rolenorm.gazetteer import as_date, gazetteer, versions_for
from pipelines.rolenorm.names import surnames
from pipelines.rolenorm.query import role_query
from pipelines.rolenorm.tokens import split_sentences, tokenize


def test_surname_list_is_curated_and_large() -> None:
    table = surnames()
    assert len(table) >= 150
    assert table["nguyễn"] == "name"
    assert table["hà"] == "context" and table["hoàng"] == "context"
    assert "giàng" in table and "ksor" in table and "điểu" in table


def test_sentences_do_not_split_after_abbreviations() -> None:
    text = "Đồng chí PGS.TS. Nguyễn Văn A, Q. Giám đốc Sở Y tế phát biểu. Hội nghị kết thúc."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Đồng chí PGS.TS. Nguyễn Văn A, Q. Giám đốc Sở Y tế phát biểu.", "Hội nghị kết thúc."]


def test_tokens_keep_offsets_and_apostrophes() -> None:
    toks = tokenize("Điểu K'Ré, HĐND", 10)
    assert [t.text for t in toks] == ["Điểu", "K'Ré", ",", "HĐND"]
    assert toks[0].start == 10 and toks[1].key == "k'ré"


def test_gazetteer_is_versioned_with_successors() -> None:
    gaz = gazetteer()
    old = gaz.lookup("Định Hóa", levels=("district",), when=date(2023, 5, 1))
    assert old and old[0].uid.startswith("legacy:d:") and old[0].province == "Thái Nguyên"
    assert not gaz.lookup("Định Hóa", levels=("district",), when=date(2025, 8, 1))
    bac_kan = gaz.lookup("Bắc Kạn", levels=("province",), when=date(2024, 1, 1))[0]
    assert [u.name for u in gaz.successors(bac_kan)] == ["Thái Nguyên"]
    assert {"bắc kạn", "thái nguyên"} <= gaz.province_keys("Thái Nguyên", None)
    assert versions_for(date(2025, 6, 30)) == ("legacy",)
    assert versions_for(date(2025, 7, 1)) == ("2025",)


def test_tone_styles_match_the_same_unit() -> None:
    gaz = gazetteer()
    assert gaz.lookup("Định Hoá", levels=("district",)) == gaz.lookup("Định Hóa",
                                                                       levels=("district",))


def test_as_date_accepts_iso_dates_and_datetimes() -> None:
    assert as_date("2023-12-27T05:16:00+07:00") == date(2023, 12, 27)
    assert as_date(datetime(2024, 1, 2, 3, 4)) == date(2024, 1, 2)
    assert as_date("2023-12") == date(2023, 12, 1)
    assert as_date("không rõ") is None


def test_date_chooses_the_map() -> None:
    text = "Đồng chí Nguyễn Văn A, Chủ tịch UBND thành phố Thái Nguyên phát biểu."
    before = extract_roles(text, date="2024-03-01")[0]["roles"][0]
    assert before["level"] == "district"


def test_nfd_input_and_odd_separators() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Đ/c Trần Văn B\u00a0-\u00a0Bí thư Huyện ủy Phú Lương")
    [entry] = extract_roles(text)
    assert entry["name"] == "Trần Văn B"
    assert entry["roles"][0]["locality"] == "Phú Lương"


def test_kiem_gives_two_roles() -> None:
    [entry] = extract_roles("Ông Lê Văn C, Chủ tịch HĐND kiêm Chủ tịch UBND xã Tân Long.")
    assert [r["organ"] for r in entry["roles"]] == ["Hội đồng nhân dân", "Ủy ban nhân dân"]
    assert all(r["level"] == "commune" and r["locality"] == "Tân Long" for r in entry["roles"])


def test_same_person_twice_is_one_entry() -> None:
    text = ("Đồng chí Nguyễn Văn A, Bí thư Tỉnh ủy dự hội nghị. "
            "Phát biểu kết luận, đồng chí Nguyễn Văn A, Bí thư Tỉnh ủy nhấn mạnh ba nhiệm vụ.")
    result = extract_roles(text, province="Thái Nguyên")
    assert len(result) == 1 and len(result[0]["roles"]) == 1


def test_role_query_reads_user_roles() -> None:
    assert role_query("Phó Chủ tịch UBND tỉnh") == {
        "title": "Chủ tịch", "modifiers": ["deputy"], "organ": "Ủy ban nhân dân",
        "level": "province", "locality": None}
    assert role_query("hội nghị") is None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ĐđBí thưChủ tịch UBND,;-–(): .NguyễnVănAHàxãtỉnh"
                                              "đồng chíPhóQ.TSkiêm\n")), max_size=120))
def test_never_raises_and_spans_are_names(text: str) -> None:
    for entry in extract_roles(text):
        start, end = entry["span"]
        assert entry["name"] and start < end
        for role in entry["roles"]:
            assert entry["name"] not in role["raw"]
