"""A role typed without diacritics gives the same people as its accented form, in ``holders``,
``people --role`` and the Datasette canned query, on the demo database."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from crawler.cli import main
from crawler.datasette import plugin
from pipelines.rolenorm.query import normalise_role_text, role_query

# (accented, unaccented): abbreviations expanded on both paths.
PAIRS = [
    ("Bí thư Tỉnh ủy", "bi thu tinh uy"),
    ("Chủ tịch UBND tỉnh", "chu tich ubnd tinh"),
    ("Chủ tịch Ủy ban nhân dân tỉnh", "chu tich uy ban nhan dan tinh"),
    ("Bí thư Huyện ủy Phú Bình", "bi thu huyen uy phu binh"),
    ("Phó Bí thư Tỉnh ủy", "pho bi thu tinh uy"),
    ("Phó Chủ tịch HĐND tỉnh", "pho chu tich hdnd tinh"),
    ("Bí thư Huyện ủy", "bi thu huyen uy"),
    ("Phó Bí thư Thường trực Huyện ủy Định Hóa", "pho bi thu thuong truc huyen uy dinh hoa"),
    ("Trưởng Ban Chỉ đạo 35 huyện Định Hóa", "truong ban chi dao 35 huyen dinh hoa"),
    # a province whose name holds a lexicon word (``nguyên`` = former) after the title
    ("Bí thư Tỉnh ủy Thái Nguyên", "bi thu tinh uy thai nguyen"),
    ("Bí thư Tỉnh ủy tỉnh Thái Nguyên", "bi thu tinh uy tinh thai nguyen"),
    ("Chủ tịch UBND tỉnh Thái Nguyên", "chu tich ubnd tinh thai nguyen"),
]
# Read by hand from the fixture corpus (fixtures/portal): who the demo shows in each post.
EXPECTED = {
    "Bí thư Tỉnh ủy": {"Lâm Quốc Bảo", "Hoàng Văn Liêm", "Triệu Quang Vinh"},
    "Chủ tịch UBND tỉnh": {"Nông Đức Thịnh"},
    "Bí thư Huyện ủy Phú Bình": {"Phạm Thị Hằng"},
    "Bí thư Tỉnh ủy Thái Nguyên": {"Lâm Quốc Bảo", "Hoàng Văn Liêm", "Triệu Quang Vinh"},
    "Bí thư Tỉnh ủy tỉnh Thái Nguyên": {"Lâm Quốc Bảo", "Hoàng Văn Liêm", "Triệu Quang Vinh"},
    "Chủ tịch UBND tỉnh Thái Nguyên": {"Nông Đức Thịnh"},
}


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list]:
    capsys.readouterr()
    status = main([*args, "--json"])
    return status, json.loads(capsys.readouterr().out or "[]")


@pytest.mark.parametrize(("accented", "plain"), PAIRS)
def test_parts_are_the_same(accented: str, plain: str) -> None:
    parsed = role_query(accented)
    assert parsed is not None, normalise_role_text(accented)
    unaccented = role_query(plain)
    assert unaccented is not None, normalise_role_text(plain)
    assert {k: v for k, v in unaccented.items() if k != "locality"} == \
        {k: v for k, v in parsed.items() if k != "locality"}


@pytest.mark.parametrize(("accented", "plain"), PAIRS)
def test_holders_and_people_agree(demo_db: Path, capsys: pytest.CaptureFixture[str],
                                  accented: str, plain: str) -> None:
    results = {}
    for role in (accented, plain):
        _, holders = cli_json(capsys, "holders", role, "--db", str(demo_db))
        _, people = cli_json(capsys, "people", "--role", role, "--db", str(demo_db))
        results[role] = ({(r["name"], r["position"]) for r in holders},
                         {r["name"] for r in people})
    assert results[accented] == results[plain]
    assert {name for name, _ in results[accented][0]} == results[accented][1]
    if accented in EXPECTED:
        assert results[accented][1] == EXPECTED[accented]


def test_no_deputy_in_the_post_itself(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for role in ("bi thu tinh uy", "Bí thư Tỉnh ủy"):
        _, rows = cli_json(capsys, "holders", role, "--db", str(demo_db))
        assert rows and not any(r["position"].startswith("Phó") for r in rows)


def test_datasette_canned_query_agrees(demo_db: Path) -> None:
    meta = json.loads((Path(plugin.__file__).parent / "metadata.json").read_text(encoding="utf-8"))
    sql = meta["databases"]["portalnews"]["queries"]["holders_on_date"]["sql"]
    conn = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    plugin.register_functions(conn)
    for accented, plain in PAIRS:
        for day in ("2024-06-01", "2025-10-01"):
            names = [{row[0] for row in conn.execute(sql, {"role": role, "date": day})}
                     for role in (accented, plain)]
            assert names[0] == names[1], (accented, day)
    held = {row[0] for row in conn.execute(sql, {"role": "chu tich ubnd tinh",
                                                  "date": "2024-06-01"})}
    assert held == {"Nông Đức Thịnh"}
    conn.close()


def test_locality_option_without_diacritics(demo_db: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    _, a = cli_json(capsys, "holders", "Bí thư Huyện ủy", "--locality", "Phú Bình", "--db",
                    str(demo_db))
    _, b = cli_json(capsys, "holders", "bi thu huyen uy", "--locality", "phu binh", "--db",
                    str(demo_db))
    assert [r["name"] for r in a] == [r["name"] for r in b] == ["Phạm Thị Hằng"]
