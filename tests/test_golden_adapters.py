"""Golden-file tests: each saved page gives exactly its expected JSON (see *.source.md)."""

from __future__ import annotations

import json

import pytest

from tests.golden.support import GOLDEN_DIR, extract

PAGES = sorted(GOLDEN_DIR.glob("*/*.html"))
NOT_BODY = ("Những tin mới hơn", "Những tin cũ hơn", "Ý kiến bạn đọc", "Tổng số điểm",
            "Tin đọc nhiều", "Đang truy cập", "Tác giả:", "Nguồn tin:", "Từ khóa")


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_golden_page_gives_expected_json(page):
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    assert page.with_suffix(".source.md").exists(), "every golden page says where it came from"
    assert extract(page, expected["url"]) == expected["fields"]


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_golden_body_has_no_page_furniture(page):
    expected = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))
    body = extract(page, expected["url"])["body_text"]
    for text in NOT_BODY:
        assert text not in body


def test_golden_pages_exist():
    assert PAGES, "golden pages missing"
