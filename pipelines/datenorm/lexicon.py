"""Vietnamese (and a little English) date vocabulary and the precompiled patterns of the grammar.

Every pattern runs on *prepared* text: NFC, lower-cased, odd spaces and dashes mapped one to
one (so character offsets are those of the original text).
"""

from __future__ import annotations

import re

from pipelines.vntext import DASHES, ETH, HYPHENS, INVISIBLE, SPACES

__all__ = ["ANCHOR", "prepare"]

# ---------------------------------------------------------------- text preparation
_PREP = str.maketrans({  # the look-alikes of pipelines.vntext, one character for one
    **dict.fromkeys(SPACES + INVISIBLE + "\t\r", " "),
    **dict.fromkeys(HYPHENS + DASHES + "\u2013", "-"),  # every dash, en dash too, is a hyphen here
    **{c: v.lower() for c, v in ETH.items()},
    "\uff5c": "|", "\uff1a": ":", "\uff0f": "/",  # full-width bar, colon, slash
})


# Any character _PREP maps (after lower-casing; "Ð" lower-cases to "ð", which maps to "đ" too).
_ODD = re.compile("[" + "".join(re.escape(chr(k)) for k in _PREP) + "]")


def prepare(text: str) -> str:
    """Lower-case and map look-alike characters one to one (length preserved when possible)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (rare): keep it as is
        return "".join(c if len(c.lower()) != 1 else c.lower() for c in text.translate(_PREP))
    # lower() then translate == translate then lower(): no mapped character is upper case except
    # "Ð", whose lower case is mapped to the same "đ"; translate() is slow, so only when needed.
    return low.translate(_PREP) if _ODD.search(low) else low


# ---------------------------------------------------------------- vocabularies
WEEKDAYS: dict[str, int] = {  # Monday = 0
    "hai": 0, "2": 0, "ba": 1, "3": 1, "tư": 2, "bốn": 2, "4": 2, "năm": 3, "5": 3,
    "sáu": 4, "6": 4, "bảy": 5, "bẩy": 5, "7": 5,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
MONTH_WORDS: dict[str, int] = {
    "một": 1, "giêng": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7,
    "bẩy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12, "chạp": 12,
}
EN_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
NUMBER_WORDS: dict[str, int] = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8,
    "chín": 9, "mười": 10,
}
# Part of day: a day, not a time; shifts 12-hour clock times ("8 giờ tối" = 20:00).
PARTS_OF_DAY = ("rạng sáng", "sáng", "trưa", "chiều", "tối", "đêm", "khuya")

NB = r"(?<![^\W\d_])"  # not after a letter
NA = r"(?![^\W\d_])"  # not before a letter
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?!\d)"
MON = r"(?:1[0-2]|0?[1-9])(?!\d)"
YEAR4 = r"(?:1[89]\d\d|2[01]\d\d)(?!\d)"
MW = r"(?:mười\s+một|mười\s+hai|mười|một|giêng|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín|chạp)" + NA
EN = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
     r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)" + NA
SEP = r"[/.\-]"
JOIN_DAYS = r"(?:-|đến(?:\s+hết)?(?:\s+ngày)?|tới(?:\s+ngày)?|và(?:\s+ngày)?)"
JOIN_DATES = r"(?:-|đến(?:\s+hết)?(?:\s+ngày)?|tới(?:\s+ngày)?)"
NUMW = r"(?:\d{1,3}|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
UNIT = r"(?:giây|phút|giờ|tiếng|ngày|tuần|tháng|năm)"


def _nb_words(*alternatives: str) -> str:
    """``NB(?:a|b|...)`` written so that every alternative starts with its first word.

    The "not after a letter" look-behind is checked after that word instead (same matches);
    a pattern whose alternatives all start with a literal lets ``re`` jump to the candidate
    characters instead of trying every position, which matters for the ``...$`` cue searches.
    """
    out = []
    for alt in alternatives:
        word = re.match(r"[^\W\d_]+", alt).group()  # type: ignore[union-attr]
        out.append(f"{word}(?<![^\\W\\d_]{word}){alt[len(word):]}")
    return "(?:" + "|".join(out) + ")"


# ---------------------------------------------------------------- anchors (dates)
# One regex scanned left to right; at one position the first alternative wins. Alternatives are
# grouped by how they start (a number of 1-3 or 4 digits, or a word) so that most positions are
# rejected by one cheap test.
# A zone written where the ``T`` should be: NukeViet's ``article:published_time`` (PHP
# ``date('Y-m-dTH:i:s')``): ``2023-08-24+0714:03:00``, ``2023-08-24UTC07:03:00``.
_META_ZONE = r"(?P<iso_z0>[a-z]{1,5}|[+-]\d{2}(?::?\d{2})?)"
# The shape of a clock time at the end of a range (read again with TIME): "17h00", "11 giờ",
# "17:00", "5 giờ 30 phút chiều".
_CLOCK_SHAPE = (r"\d{1,2}(?::\d{2}(?::\d{2})?|\s?[hg](?:\s?\d{1,2})?(?:\s?(?:'|p(?:hút)?))?"
                r"|\s*giờ(?:\s*\d{1,2}(?:\s*phút)?)?)(?:\s*(?:sa|ch|am|pm|sáng|trưa|chiều|tối|đêm))?"
                r"(?![^\W\d_])")
# Day lists ("các ngày 5, 6, 7/3") are read only right after "ngày" (a cue inside the pattern).
_AFTER_NGAY = r"(?=\d\d?\s*,)(?:(?<=ngày )|(?<=ngày))"  # a guard first: a day and a comma
_AGO_TAIL = (r"\s*(?P<{p}_u>" + UNIT + r")\s+(?:về\s+)?trước"
             r"(?!\s+(?:khi|đó|lúc|ngày|giờ|kỳ|hạn|mắt|tiên|hết|tết|\d))" + NA)
_NUM4: list[tuple[str, str]] = [
    ("iso", rf"(?<![\d/.:])(?P<iso_y>{YEAR4})(?P<iso_s>[-/.])(?P<iso_m>{MON})(?P=iso_s)"
            rf"(?P<iso_d>{DAY})(?:(?:t|\s|{_META_ZONE})(?P<iso_H>\d{{1,2}}):(?P<iso_M>\d{{2}})"
            r"(?::(?P<iso_S>\d{2})(?:[.,]\d{1,9})?)?"
            r"(?P<iso_z>\s?(?:z(?![^\W\d_])|[+-]\d{2}(?::?\d{2})?(?![\d/:\-]|\.\d)))?)?(?![\d/])"),
    ("yrange", rf"(?<![\d/.:,\-])(?P<yr_a>{YEAR4})\s*-\s*(?P<yr_b>{YEAR4})(?![\d/]|[.\-]\d)"),
    ("byear", rf"(?<![\d/.:,\-])(?P<by_y>{YEAR4})(?![\d/]|[.\-:]\d)"),
]
_NUM2: list[tuple[str, str]] = [
    ("rdm", r"(?=[\d\s/.]*+[-đt])"  # guard: digits, spaces, separators, then a "-" or the join
            rf"(?P<rdm_a>{DAY})\s*(?P<rdm_s>{SEP})\s*(?P<rdm_b>{DAY})"
            rf"(?:\s*(?P=rdm_s)\s*(?P<rdm_y1>{YEAR4}))?\s*"
            rf"(?:(?:đến|tới)\s*(?P<rdm_t>{_CLOCK_SHAPE})\s*ngày\s*|{JOIN_DATES}\s*)(?P<rdm_c>{DAY})\s*"
            rf"(?P<rdm_s2>{SEP})\s*(?P<rdm_d>{DAY})(?:\s*(?P=rdm_s2)\s*(?P<rdm_y2>{YEAR4}))?"
            r"(?![\d/]|[.\-]\d)"),
    ("rlist", rf"{_AFTER_NGAY}"  # several days of one month, after "ngày" (a cue in the pattern)
              rf"(?P<rl_a>{DAY})(?:\s*,\s*{DAY})*?\s*(?:,|và)\s*(?P<rl_b>{DAY})\s*(?P<rl_s>{SEP})\s*"
              rf"(?P<rl_m>{MON})(?:\s*(?P=rl_s)\s*(?P<rl_y>{YEAR4}))?(?![\d/]|[.\-]\d)"),
    ("dmy", rf"(?P<dmy_a>{DAY})\s*(?P<dmy_s>{SEP})\s*(?P<dmy_b>{DAY})\s*(?P=dmy_s)\s*"
            r"(?P<dmy_y>(?:1[89]|2[01])\d\d|\d\d)(?![\d/]|[.\-]\d|-[^\W\d_])"),
    ("rdd", r"(?=\d\d?\s*[-đtv])"  # guard: a join word after the day
            rf"(?P<rdd_a>{DAY})\s*{JOIN_DAYS}\s*(?P<rdd_b>{DAY})\s*(?P<rdd_s>{SEP})\s*"
            rf"(?P<rdd_c>{MON})(?:\s*(?P=rdd_s)\s*(?P<rdd_y>{YEAR4}))?(?![\d/]|[.\-]\d)"),
    ("words", r"(?=\d\d?\s*[-đtv,])"  # guard: a join word, "," or "th..." after the first day
              rf"(?:(?P<w_a>{DAY})\s*{JOIN_DAYS}\s*"
              rf"|{_AFTER_NGAY}(?P<w_l>{DAY})(?:\s*,\s*{DAY})*?\s*(?:,|và)\s*)?"
              rf"(?P<w_d>{DAY})\s*(?:tháng|thg|th\.?)"
              rf"\s*(?P<w_m>{MON}|{MW})(?:\s*(?:,|/|-|năm)?\s*(?:năm\s+)?(?P<w_y>{YEAR4}))?"
              r"(?![\d/])"),
    ("en", r"(?=\d\d?(?:st|nd|rd|th)?\s)"  # guard
           rf"(?P<e_d>{DAY})(?:st|nd|rd|th)?\s+(?P<e_m>{EN})\.?,?\s+(?P<e_y>{YEAR4})"),
    ("dm", rf"(?P<dm_a>{DAY})(?:(?P<dm_s>[/.])|\s*-\s*)(?P<dm_b>{DAY})(?![\d/]|[.,]\d|\s*/)"),
    ("my", rf"(?<![.:,\-])(?P<my_m>{MON})\s*[/.\-]\s*(?P<my_y>{YEAR4})"
           r"(?![\d/]|[.\-]\d|-[^\W\d_])"),
]
# "năm sau/tới" (next year), "năm trước" (last year): not "năm sau khi" (five... after),
# "năm trước đó" (the year before that: not against the reference).
_REL_YEAR = r"(?:sau|tới|trước)(?!\s+(?:khi|đó|đây|nữa|kia|này|\d))"
# A relative year after a year-less date or month: "ngày 5/3 năm sau", "tháng 6 năm ngoái".
REL_YEAR_AFTER = re.compile(r"\s*,?\s*năm\s+(?P<ry>nay|ngoái|" + _REL_YEAR + r")(?![^\W\d_])")
REL_YEAR_DELTA = {"nay": 0, "ngoái": -1, "trước": -1, "sau": 1, "tới": 1}
_WORD: list[tuple[str, str]] = [
    ("rel_agow", rf"cách\s+đây\s+(?P<ra_n>{NUMW})\s*(?P<ra_u>{UNIT}){NA}(?:\s+về\s+trước)?"
                 rf"|(?P<rw_n>một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)"
                 + _AGO_TAIL.format(p="rw")),
    ("rel_word", r"(?P<rw>hôm\s+nay|hôm\s+qua|hôm\s+kia|bữa\s+qua|ngày\s+mai|ngày\s+kia"
                 r"|(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|khuya)\s+(?:nay|qua|mai)"
                 r"|tuần\s+(?:trước|qua|này)|tháng\s+(?:trước|này)|năm\s+(?:ngoái|nay|"
                 + _REL_YEAR + ")"
                 r"|vừa\s+xong|just\s+now|today|yesterday)" + NA),
    ("enw", rf"(?P<e_m2>{EN})\.?\s+(?P<e_d2>{DAY})(?:st|nd|rd|th)?,?\s+(?P<e_y2>{YEAR4})"),
    ("month", rf"tháng\s*(?:(?P<mo_a>{MON}|{MW})\s*(?:-|đến|tới|và)\s*(?:tháng\s*)?)?"
              rf"(?P<mo_m>{MON}|{MW})(?:\s*(?:[/.\-,])?\s*(?:năm\s+)?(?P<mo_y>{YEAR4})(?![\d/]))?"),
    ("year", r"năm\s+(?P<y_y>(?:1\d|20|21)\d\d)(?![\d/]|[.\-]\d)"),
]
def _alts(items: list[tuple[str, str]]) -> str:
    return "|".join(f"(?P<k_{name}>{pat})" for name, pat in items)


# Guards: every alternative begins with a lookahead that is a cheap necessary condition of it, so
# that most positions (a clock's "14h30", "30 ngày", a "ngày" before a number) fail at once instead
# of trying each alternative (``re`` costs about as much per alternative tried as per character).
# No two-digit alternative continues with ":", "h" or "g" right after the number (so clock times
# such as 14:30, 14h30, 14g30 fail at once); each continues with a separator, a join word, "th..."
# or an English month. tests/dates/test_anchor_guards.py checks the guards against the bare
# alternatives.
_EN3 = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_NUM2_GUARD = rf"(?=\d\d?(?![\d:hg])(?:\s*[/.\-đtv]|\s*,\s*\d|(?:st|nd|rd|th)?\s+{_EN3}))"
_REL_AGO_GUARD = rf"(?=\d{{1,3}}\s*{UNIT}\s+(?:về\s+)?trước)"
# How every _WORD alternative begins (add the start of any new one here, or it can never match).
_WORD_STARTS = (
    r"cách|(?:một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s*" + UNIT
    + r"|hôm\s+(?:nay|qua|kia)|bữa\s+qua|ngày\s+(?:mai|kia)"
    r"|(?:rạng\s+sáng|sáng|trưa|chiều|tối|đêm|khuya)\s+(?:nay|qua|mai)"
    r"|tuần\s+(?:trước|qua|này)|tháng|năm\s|vừa\s+xong|just\s+now|today|yesterday|" + _EN3
)
_WORD_GUARD = f"(?={_WORD_STARTS})"
# The first characters any anchor can start with (a digit, or the first letter of a _WORD_GUARD
# word): one cheap test that fails at most positions before the two branches are tried.
_ANCHOR_FIRST = r"(?=[\dcmhbnstđkrvjyfaod])"
ANCHOR = re.compile(
    _ANCHOR_FIRST + r"(?:(?<![\d/])(?=\d)(?:"
    rf"(?P<k_rel_ago>(?<![^\W\d_]){_REL_AGO_GUARD}(?P<rb_n>\d{{1,3}}){_AGO_TAIL.format(p='rb')})"
    rf"|(?=\d{{4}}(?!\d))(?:{_alts(_NUM4)})"
    rf"|{_NUM2_GUARD}(?<!\d[.:,])(?<!thứ )(?<!thứ)(?<!\bt)(?<!\bt )(?:{_alts(_NUM2)})"
    rf")|(?<![^\W\d_]){_WORD_GUARD}(?:{_alts(_WORD)}))"
)
# ---------------------------------------------------------------- clock times
_AMPM = r"(?:\s*(?P<ap>a\.?m\.?|p\.?m\.?|sa|ch)(?![^\W\d_]))?"
# The hour is read first (not after a digit, ":", "." or "/"; checked once its first digit is
# consumed) so that the pattern starts with a digit class and ``re`` jumps from digit to digit.
# The hour is always the whole 1-2 digit number (a ":", space, "h", "g" must follow), so trying
# the three tails for it is the same as the three alternatives each reading its own hour.
TIME = re.compile(
    r"(?P<hh>\d(?<![\d:./]\d)\d?)(?:"
    r"(?P<c>):(?P<c_m>[0-5]\d|\d(?!\d))(?::(?P<c_s>[0-5]\d|\d(?!\d))(?:[.,]\d{1,6})?)?"
    + _AMPM
    + r"|(?P<h>)\s?[hg](?:\s?(?P<h_m>[0-5]\d|\d(?!\d))(?:\s?(?:'|p(?:hút)?))?)?"
    r"(?![^\W\d_])"
    r"|\s*giờ(?:\s*(?:kém\s*(?P<g_k>\d{1,2})(?:\s*phút)?"
    r"|(?P<g_m>[0-5]?\d)(?![\d/.\-])(?:\s*phút)?))?"
    r"(?!\s*(?:trước|qua|sau|nữa|đồng|làm|liền|đồng hồ|mỗi|[/.\-]\d))"
    r")"
)
WEEKDAY = re.compile(
    r"(?=[tcmwfs])" + NB
    + r"(?<!lần )(?<!kỳ )(?<!khóa )(?<!khoá )(?<!phiên )(?<!đợt )(?<!lớp )(?<!hạng )(?<!giải )"
    r"(?:thứ\s*(?P<wd>hai|ba|tư|bốn|năm|sáu|bảy|bẩy|[2-7])|(?P<cn>chủ\s*nhật|cn)"
    r"|t\s?(?P<wt>[2-7])|(?P<en>mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?=,))"
    r"(?![^\W\d_]|\d|\s*/)"
)
PART_OF_DAY = re.compile(
    r"(?P<pod>" + _nb_words(r"rạng\s+sáng", "sáng", "trưa", "chiều", "tối", "đêm", "khuya") + ")" + NA
)
# What may separate the parts of one date expression (time, weekday, date).
_GAP_PUNCT = r"[\s,;|\-:()\[\]/.*]*"
_GAP_WORDS = (r"lúc|vào|từ|ngày|hôm|nay|rạng|sáng|trưa|chiều|tối|đêm|khuya|giờ"
              r"|(?:gmt|utc)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?|ict")
GAP = re.compile(f"{_GAP_PUNCT}(?:(?:{_GAP_WORDS}){_GAP_PUNCT})*")
# Between a clock time and its date a weekday may stand too ("09:41, Thứ Hai, 03/06/2019").
CLOCK_GAP = re.compile(
    f"{_GAP_PUNCT}(?:(?:{_GAP_WORDS}"
    r"|thứ\s*(?:hai|ba|tư|bốn|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t\s?[2-7])"
    f"{_GAP_PUNCT})*"
)
# Words that let a year-less day/month be a date (cue right before it).
DAY_CUE = re.compile(
    r"(?P<cue>" + _nb_words("ngày", "hôm", r"rạng\s+sáng", "sáng", "trưa", "chiều", "tối", "đêm", "khuya",
                            "lúc", "vào", "hạn", r"cập\s+nhật", "đăng", "gửi") + r")\s*[,:]?\s*$"
)
CONJ_CUE = re.compile(r"(?P<cue>" + _nb_words("từ", "đến", "tới", "và", "hoặc", "đến hết") + r")\s*$")
YEAR_CUE = re.compile(
    _nb_words(r"nhiệm\s+kỳ", r"giai\s+đoạn", r"niên\s+khóa", r"niên\s+khoá", "năm", "từ", "khóa", "khoá",
              r"thời\s+kỳ") + r"\s*[,:]?\s*$"
)
LOOKALIKE_LEFT = re.compile(
    _nb_words("số", "số hiệu", "ký hiệu", "mã", "tỷ lệ", "tỉ lệ", "tỷ số", "tỉ số") + r"\s*[:.]?\s*$"
)
# Words that may follow a year-less date without making it a fraction or a score.
AFTER_OK = re.compile(
    r"\s*(?:$|[^\w\s]|\d|(?:tới|này|vừa|qua|lúc|vào|hôm|năm|sáng|trưa|chiều|tối|đêm|khuya|nay"
    r"|gmt|utc|sẽ|đã|thì|là|tại|ở|do|của|đến|tới|và|hoặc)" + NA + ")"
)
LEFT_OK = re.compile(r"(?:^|[^\w\s]|\d)\s*$")
SENTENCE_START = re.compile(r"^[\s\"'“”‘’(\[\-•*+–]*$")
