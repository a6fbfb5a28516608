"""Every golden file says whether its expected values are independent or a snapshot."""

from __future__ import annotations

from tests.golden.support import GOLDEN_DIR, expected_kind

NOTES = sorted(GOLDEN_DIR.glob("*/*.source.md")) + sorted(GOLDEN_DIR.glob("realpages/*.toml"))


def test_every_golden_declares_how_its_expected_values_were_made():
    kinds = {note.relative_to(GOLDEN_DIR).as_posix(): expected_kind(note) for note in NOTES}
    assert kinds and set(kinds.values()) <= {"independent", "snapshot"}
    assert kinds["realpages/liferay.toml"] == "independent"


def test_every_golden_page_has_a_note():
    for page in GOLDEN_DIR.glob("*/*.html"):
        assert page.with_suffix(".source.md").exists(), page
