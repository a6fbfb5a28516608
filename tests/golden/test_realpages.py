"""Golden tests on real pages of government portals (../shared/realpages; skipped when absent).

Expected values were written by reading the pages (tests/golden/realpages/*.toml), not produced by
the adapters. Fields the adapter is known to get wrong are listed in KNOWN_MISSES with the reason,
so that a regression elsewhere fails and a fix shows up (the test then asks to remove the entry).
"""

from __future__ import annotations

import pytest

from tests.golden.realpages import (
    REALPAGES,
    liferay_cases,
    liferay_fields,
    liferay_page,
    liferay_scores,
    need_real,
)

CASES = liferay_cases()
KNOWN_MISSES: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("registry", [True, False], ids=["registry-selectors", "liferay-only"])
@pytest.mark.parametrize("suffix", sorted(CASES))
def test_liferay_real_article_fields(suffix, registry):
    """With the portal's registry selectors, and without them (Liferay's own markup only)."""
    page = liferay_page(suffix)
    need_real(page)
    scores = liferay_scores(suffix, CASES[suffix], registry)
    wrong = {name: (want, got) for name, (ok, want, got) in scores.items()
             if not ok and (suffix, name) not in KNOWN_MISSES}
    fixed = [name for name, (ok, _, _) in scores.items() if ok and (suffix, name) in KNOWN_MISSES]
    assert not wrong, f"{page.name}: fields differ from the reading of the page: {wrong}"
    assert not fixed, f"{page.name}: {fixed} now right: remove them from KNOWN_MISSES"


def test_same_article_under_two_sections_has_one_identity():
    need_real(REALPAGES / "liferay")
    a, b = liferay_scores("_10", CASES["_10"]), liferay_scores("_11", CASES["_11"])
    assert a["source_id"][2] == b["source_id"][2] == "liferay:1607486"
    assert a["category"][2] != b["category"][2]


def test_every_case_is_development_or_held_out():
    held_out = [s for s, case in CASES.items() if not case["development"]]
    assert held_out and len(held_out) < len(CASES)


@pytest.mark.parametrize("suffix", sorted(CASES))
def test_liferay_traps_leave_no_trace(suffix):
    """Word XML in comments, broken entities, the CMS account line, view counts and labels."""
    page = liferay_page(suffix)
    need_real(page)
    _, fields = liferay_fields(page)
    text = " ".join(filter(None, (fields.title, fields.lead, fields.body_text, fields.author,
                                  *(i["caption"] for i in fields.images))))
    for trace in ("w:WordDocument", "mso-", "Normal.dotm", "grave;", "amp;", "hellip;",
                  "Pho Ban bien tap", "admin admin", "Admin English", "View count", "Other News"):
        assert trace not in text, trace
    assert fields.published_raw and "View count" not in fields.published_raw
    assert not fields.published_raw.startswith(("Ngày đăng", "Publish date"))
