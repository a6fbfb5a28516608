"""The zero-width guards of lexicon.ANCHOR only make it faster: each is implied by what it guards.

A guard that is too strict would silently lose dates, so every alternative is tried bare at every
position of generated texts: wherever it matches, its guard must match too.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.datenorm import lexicon as lx

PIECES = [
    "1", "2", "3", "12", "14", "25", "31", "2024", "1999", "st", "th", " ", "  ", "/", "-", ".", ",", ":",
    "h", "g", "ngày", "tháng", "năm", "thg", "giờ", "phút", "giây", "tiếng", "tuần", "trước", "về",
    "đến", "tới", "và", "hết", "cách", "đây", "một", "hai", "ba", "mười", "hôm", "nay", "qua", "kia",
    "mai", "bữa", "sáng", "rạng", "chiều", "tối", "vừa", "xong", "just", "now", "today", "yesterday",
    "mar", "march", "dec", "nov", "giêng", "chạp", "x", "thứ", "t",
]
texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=9).map("".join)

_BARE = {name: re.compile(pattern) for name, pattern in lx._NUM2 + lx._WORD}
_REL_AGO = re.compile(rf"(?<![^\W\d_])(?P<rb_n>\d{{1,3}}){lx._AGO_TAIL.format(p='rb')}")
_NUM2_GUARD = re.compile(lx._NUM2_GUARD)
_WORD_GUARD = re.compile(lx._WORD_GUARD)
_REL_AGO_GUARD = re.compile(lx._REL_AGO_GUARD)
_FIRST = re.compile(lx._ANCHOR_FIRST)
_NUM2 = {name for name, _ in lx._NUM2}


def _check(low: str) -> None:
    for p in range(len(low)):
        for name, bare in _BARE.items():
            if bare.match(low, p):
                guard = _NUM2_GUARD if name in _NUM2 else _WORD_GUARD
                assert guard.match(low, p), (name, low, p)
                assert _FIRST.match(low, p), (name, low, p)
        if _REL_AGO.match(low, p):
            assert _REL_AGO_GUARD.match(low, p), ("rel_ago", low, p)


@settings(max_examples=400, deadline=None)
@given(text=texts)
def test_guards_are_implied_by_their_alternatives(text: str) -> None:
    _check(lx.prepare(text))


def test_guards_on_known_dates() -> None:
    for text in ("14/3/2024", "ngày 14 tháng 3 năm 2024", "25 - 27/12", "2 giờ trước", "14 march 2024",
                 "cách đây 2 ngày", "hai ngày trước", "hôm qua", "tháng 3", "năm 2024", "dec 27th, 2023",
                 "3/2024", "14.3", "từ 25/12 đến 2/1", "ngày 11 và 12/8", "14 thg 3, 2024"):
        _check(lx.prepare(text))
        assert lx.ANCHOR.search(lx.prepare(text)), text


def test_neighbour_hint_covers_every_neighbour() -> None:
    """grammar._NEIGHBOUR_HINT starts with a set of first characters: it must cover every hint."""
    from pipelines.datenorm.grammar import _NEIGHBOUR_HINT
    from pipelines.datenorm.neighbours import POD_HINT, WEEKDAY_HINT

    for text in ("14:30", "9h", "sáng", "trưa", "chiều", "tối", "đêm", "khuya", "rạng sáng", "thứ hai",
                 "chủ nhật", "cn", "t2", "t 7", "mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        assert _NEIGHBOUR_HINT.search(text), text
    for word in POD_HINT.pattern.split("|") + WEEKDAY_HINT.pattern.split("|"):
        assert re.match(r"\(\?=\[\\d(\w+)\]\)", _NEIGHBOUR_HINT.pattern).group(1).find(word[0]) >= 0, word
