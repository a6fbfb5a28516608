"""Search: diacritics, `đ`, tone styles, ranking, snippets, syntax, filters, the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database
from storage_corpus import fill, make_db

from crawler.cli import main
from pipelines.database import open_db
from pipelines.filters import FilterError
from pipelines.search import SearchSyntaxError, search


@pytest.fixture(scope="module")
def db() -> Database:
    database = open_db(":memory:")
    fill(database)
    return database


def titles(hits) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.title for h in hits}


DINH_HOA = {"Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa", "Định Hoá phát triển sản phẩm OCOP",
            "Thăm hỏi gia đình chính sách dịp Tết"}


@pytest.mark.parametrize("query", ["Định Hóa", "Định Hoá", "dinh hoa", "ĐỊNH HÓA", "DINH HOA"])
def test_with_and_without_diacritics_and_tone_styles(db: Database, query: str) -> None:
    assert titles(search(db, query)) == DINH_HOA


@pytest.mark.parametrize("query", ["đường", "Đường", "duong", "DUONG"])
def test_d_with_stroke(db: Database, query: str) -> None:
    assert titles(search(db, query)) == {"Đường giao thông nông thôn Đồng Hỷ"}


def test_uy_tone_style_in_body(db: Database) -> None:
    # the body writes "Uỷ ban"; both styles and no marks find it
    for query in ("Ủy ban nhân dân xã", "Uỷ ban nhân dân xã", "uy ban nhan dan xa"):
        assert "Đường giao thông nông thôn Đồng Hỷ" in titles(search(db, query)), query


def test_accented_matches_rank_first(db: Database) -> None:
    hits = search(db, "năm")
    accented = [h.accented for h in hits]
    assert accented == sorted(accented, reverse=True)
    assert hits[-1].title == "Tỉnh Nam Định trao đổi kinh nghiệm" and not hits[-1].accented
    assert all(h.accented for h in hits[:-1])
    # without diacritics nothing is "accented" and both spellings are found
    assert not any(h.accented for h in search(db, "nam"))
    assert "Tỉnh Nam Định trao đổi kinh nghiệm" in titles(search(db, "nam"))


def test_snippets_show_published_text(db: Database) -> None:
    [hit] = search(db, "mo hinh che")
    assert "[mô] [hình] [chè]" in hit.snippet
    [hit] = search(db, "duong")
    assert hit.snippet.startswith("[Đường]")


def test_phrase_or_not_prefix(db: Database) -> None:
    assert titles(search(db, '"hoi nghi"')) == {"Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa"}
    assert titles(search(db, '"nghi hoi"')) == set()
    assert titles(search(db, "ocop OR giao")) == {"Định Hoá phát triển sản phẩm OCOP",
                                                 "Đường giao thông nông thôn Đồng Hỷ"}
    assert titles(search(db, "dinh hoa NOT binh")) == DINH_HOA - {"Thăm hỏi gia đình chính sách dịp Tết"}
    assert titles(search(db, "nghi*")) == {"Tỉnh Nam Định trao đổi kinh nghiệm",
                                           "Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa"}
    assert titles(search(db, "(ocop OR tet) AND dinh")) == {"Định Hoá phát triển sản phẩm OCOP",
                                                          "Thăm hỏi gia đình chính sách dịp Tết"}


def test_fts_characters_are_plain_text(db: Database) -> None:
    for query in ("title:dinh", "dinh^", "dinh-hoa", "NEAR(dinh hoa)", "{title}: x", '"unbalanced',
                  "a + b", "12/2023", "hoa;", "*dinh"):
        search(db, query)  # no sqlite3 error


@pytest.mark.parametrize("query, message", [
    ("(dinh hoa", "unbalanced '('"), ("dinh)", "unbalanced ')'"), ("NOT dinh", "NOT needs a word"),
    ("dinh OR", "ends with an operator"), ("OR dinh", "OR needs a word"), ("*", "'*' must follow"),
    ("dinh ()", "empty parentheses"), ("dinh AND AND hoa", "AND needs a word"),
])
def test_syntax_errors(db: Database, query: str, message: str) -> None:
    with pytest.raises(SearchSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("*", r"\*")):
        search(db, query)


def test_filters(db: Database) -> None:
    assert titles(search(db, "dong chi", portal="bk")) == {"Tỉnh Nam Định trao đổi kinh nghiệm"}
    for province in ("Bắc Kạn", "bac kan", "BẮC KẠN"):
        assert titles(search(db, "dong chi", province=province)) == {"Tỉnh Nam Định trao đổi kinh nghiệm"}
    assert search(db, "dong chi", province="Hà Giang") == []
    assert titles(search(db, "dinh hoa", category="xay dung dang")) == {
        "Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa", "Thăm hỏi gia đình chính sách dịp Tết"}
    assert titles(search(db, "dinh hoa", since="2023-06", until="2023-12")) == {
        "Định Hoá phát triển sản phẩm OCOP"}
    assert titles(search(db, "dinh hoa", until="2023-03-01")) == {
        "Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa"}
    assert titles(search(db, "dinh hoa", since="2024")) == {"Thăm hỏi gia đình chính sách dịp Tết"}
    assert titles(search(db, "dong chi", person="Nguyễn Văn An")) == {
        "Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa", "Tỉnh Nam Định trao đổi kinh nghiệm"}
    assert titles(search(db, "dinh hoa", person="le thi binh")) == {"Thăm hỏi gia đình chính sách dịp Tết"}
    assert titles(search(db, "dong chi", person="nguyen van an", province="Thái Nguyên")) == {
        "Hội nghị Ban Chấp hành Đảng bộ huyện Định Hóa"}
    with pytest.raises(FilterError, match="YYYY-MM-DD"):
        search(db, "x", since="14/3/2024")


def test_limit_fills_from_both_tiers(db: Database) -> None:
    assert len(search(db, "năm", limit=2)) == 2
    assert len(search(db, "năm", limit=3)) == 3


def test_cli_filters_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = make_db(tmp_path / "s.db")
    assert main(["search", "dinh hoa", "--province", "thai nguyen", "--since", "2024",
                 "--db", str(path), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"title": "Thăm hỏi gia đình chính sách dịp Tết"' in out and out.count("\n") == 1
    assert main(["search", "(dinh", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unbalanced '('" in err and "Traceback" not in err
    assert main(["search", "dinh", "--until", "2024-02-30", "--db", str(path)]) == 2
    assert "bad date" in capsys.readouterr().err
