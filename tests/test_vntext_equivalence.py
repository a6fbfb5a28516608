"""The fast text functions give exactly what the plain formulations give (speed work, issue 14)."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines import vntext
from pipelines.vntext import canonicalise, canonicalise_inline, fold_tone

# Letters of the old-style pairs in every case and tone, q, other marks, every whitespace and
# special character the canonicaliser knows, NFD pieces and mojibake starters.
ALPHABET = (
    "aAeEoOuUyYqQhHtTđĐ" "àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴòóỏõọÒÓỎÕỌùúủũụ" "ơưâêôăƠƯÂÊÔĂ"
    "\u0300\u0301\u0303\u0309\u0323\u0302" " \t\r\n\u00a0\u202f\u3000\u200b\u00ad\ufeff\x0b\x0c"
    "\u2028\u2014\u2212\u2010\u00d0\u00f0" "ÃÄÆ\u00a9\u00ba\u0152" ".,-–()0123456789"
)
texts = st.text(alphabet=ALPHABET, max_size=60)
FOLD = vntext._FOLD
OLD_STYLE = re.compile("(?<![qQ])(?:" + "|".join(sorted(FOLD)) + r")(?!\w)")


def reference_canonicalise(text: str | None) -> str:
    """The previous implementation (one regex pass per line)."""
    if not text:
        return ""
    text = vntext.repair_mojibake(text)
    if vntext._SPECIAL.search(text):
        text = text.translate(vntext._TRANSLATE)
    text = unicodedata.normalize("NFC", text)
    lines = (vntext._SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return vntext._BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def reference_fold_tone(text: str) -> str:
    """The previous implementation (an alternation of the 45 old-style pairs)."""
    return OLD_STYLE.sub(lambda m: FOLD[m.group(0)], unicodedata.normalize("NFC", text))


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_canonicalise_as_before(text: str) -> None:
    assert canonicalise(text) == reference_canonicalise(text)
    assert canonicalise_inline(text) == " ".join(reference_canonicalise(text).split())


@settings(max_examples=3000, deadline=None)
@given(texts)
def test_fold_tone_as_before(text: str) -> None:
    assert fold_tone(text) == reference_fold_tone(text)


def test_fold_tone_leaves_class_pairs_that_are_not_old_style() -> None:
    for word in ("uà", "oÀ", "Hoà.", "quý", "Uỷ ban", "khoẻ,", "thuà"):
        assert fold_tone(word) == reference_fold_tone(word)
