"""Phone numbers (NO, SE, DK) and e-mail addresses in free text.

Each detector proposes spans from a strict layout and confirms phone numbers
with libphonenumber (`phonenumbers`), the reference for which numbers exist.
Strict layouts are what keep years ("2018–2023"), sections ("§ 2-5"), dates
("01.09.2018") and amounts out. Each pattern begins with what its match must
start with (a digit, "+", "@"), before any look-behind, so the regex engine can
skip ahead instead of trying every position: that keeps a 50 MB document fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers

from veiviser.pii.ids import is_valid_date

Candidate = tuple[int, int, str]

_PHONE_SPACE = r"[ \u00a0\u202f]"
_NOT_AFTER_DIGITS = r"(?<![\d+])(?<!\d[ .\-\u00a0\u202f])"
_NOT_BEFORE_DIGITS = r"(?!\d)(?![ .\-\u00a0\u202f]\d)"
# International form for NO (+47), DK (+45) and SE (+46): "+47 ...", "0047 ...", "(+47) ...", "+46 (0)8-...".
_INTL_PHONE_RE = re.compile(
    rf"(?=[(+0])(?<![\w+])(?:\((?:\+|00)(?P<cc1>47|45|46)\)|(?:\+|00){_PHONE_SPACE}?(?P<cc2>47|45|46))"
    rf"{_PHONE_SPACE}?-?(?:\(0\){_PHONE_SPACE}?)?(?P<body>\d(?:(?:{_PHONE_SPACE}|-)?\d){{5,9}})(?!\d)"
)
# National 8-digit NO/DK layouts: 22334455, 22 33 44 55, 22.33.44.55, 223 34 455, 2233 4455.
_NORDIC8_PHONE_RE = re.compile(
    rf"(?=\d){_NOT_AFTER_DIGITS}"
    rf"(\d{{8}}|\d{{2}}({_PHONE_SPACE}|\.)\d{{2}}\2\d{{2}}\2\d{{2}}"
    rf"|\d{{3}}{_PHONE_SPACE}\d{{2}}{_PHONE_SPACE}\d{{3}}|\d{{4}}{_PHONE_SPACE}\d{{4}})"
    rf"{_NOT_BEFORE_DIGITS}"
)
# Swedish national layouts with trunk 0: 070-123 45 67, 08-123 456 78, 031 12 34 56, 0701234567.
_SE_PHONE_RE = re.compile(
    rf"(?=0){_NOT_AFTER_DIGITS}"
    rf"(0\d{{1,3}}(?:[-/]{_PHONE_SPACE}?|{_PHONE_SPACE})\d{{2,3}}(?:(?:{_PHONE_SPACE}|-)?\d{{2,3}}){{0,3}}|0[1-9]\d{{7,8}})"
    rf"{_NOT_BEFORE_DIGITS}"
)
_YEAR_PAIR_RE = re.compile(r"(?:19|20)\d\d\D+(?:19|20)\d\d")
_COMPACT_DATE_RE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])\d\d|\d\d(?:0[1-9]|1[0-2])(?:19|20)\d\d")

# "@" or a bracketed "(at)"/"[at]" that people write to dodge address harvesters.
_AT = r"(?:@|[ ]?[\[(]at[\])][ ]?)"
_EMAIL_RE = re.compile(
    rf"(?<![\w.+%-])[\w%+-]+(?:\.[\w%+-]+)*{_AT}[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*"
    r"\.[^\W\d_]{2,}(?![\w-])"
)
_AT_RE = re.compile(r"@|[\[(]at[\])]")
_MAX_LOCAL_PART = 200  # longer than any real local part (64), so a match never starts mid-address
_MAX_DOMAIN = 260
_DIGITS_RE = re.compile(r"\d")


def digits_of(s: str) -> str:
    return "".join(_DIGITS_RE.findall(s))


def valid_phone(number: str, region: str | None) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def find_intl_phones(text: str) -> Iterator[Candidate]:
    for m in _INTL_PHONE_RE.finditer(text):
        country_code = m.group("cc1") or m.group("cc2")
        body_start = m.start("body")
        # The body may run into following digits ("+47 22 33 44 55 12"): try the longest
        # prefix that ends at a group boundary and is a valid number.
        cuts = [i + 1 for i in range(body_start, m.end()) if text[i].isdigit()]
        cuts = [c for c in cuts if c == m.end() or not text[c].isdigit()]
        for cut in reversed(cuts):
            if valid_phone(f"+{country_code}{digits_of(text[body_start:cut])}", None):
                yield m.start(), cut, "phone"
                break


def _looks_like_compact_date(raw: str) -> bool:
    """A compact date such as "20190912" or "31122018" (reference lists), not a phone number."""
    if not _COMPACT_DATE_RE.fullmatch(raw):
        return False
    if raw[:2] in ("19", "20") and is_valid_date(int(raw[6:8]), int(raw[4:6]), int(raw[:4])):
        return True
    return raw[4:6] in ("19", "20") and is_valid_date(int(raw[:2]), int(raw[2:4]), int(raw[4:]))


def find_nordic8_phones(text: str) -> Iterator[Candidate]:
    for m in _NORDIC8_PHONE_RE.finditer(text):
        raw = m.group(1)
        if _YEAR_PAIR_RE.fullmatch(raw) or _looks_like_compact_date(raw):
            continue
        digits = digits_of(raw)
        if valid_phone(digits, "NO") or valid_phone(digits, "DK"):
            yield m.start(), m.end(), "phone"


def find_se_phones(text: str) -> Iterator[Candidate]:
    for m in _SE_PHONE_RE.finditer(text):
        digits = digits_of(m.group(1))
        if 8 <= len(digits) <= 10 and valid_phone(digits, "SE"):
            yield m.start(), m.end(), "phone"


def find_emails(text: str) -> Iterator[Candidate]:
    """E-mail addresses, looked for only around an "@" or "(at)": most words are not tried at all."""
    last_end = 0
    for at in _AT_RE.finditer(text):
        if at.start() < last_end:
            continue
        for m in _EMAIL_RE.finditer(text, max(last_end, at.start() - _MAX_LOCAL_PART), at.end() + _MAX_DOMAIN):
            if m.start() <= at.start() < m.end():
                last_end = m.end()
                yield m.start(), m.end(), "email"
                break
