"""Birth dates and street addresses in free text.

A date is personal data when it is someone's birth date, so only a date right
after a birth word counts ("født 1. mars 1990", "f. 01.03.90", "född
1990-03-01", "DOB: March 1, 1990"); meeting dates, deadlines and the years of
a pilot are left alone. The date must be a real calendar date.

A street address is a street name with a Nordic street ending ("Storgata 5",
"Kirkeveien 12 B", "Drottninggatan 3", "Nørregade 7") or a capitalised name
followed by a street word ("Olav Kyrres gate 5", "Bygdøy allé 2"), then a house
number, optionally with a postcode and place ("Storgata 5, 0155 Oslo"). Route
numbers that end like streets ("Riksvei 4", "Fylkesveg 17") are not addresses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache

from veiviser.pii.contacts import Candidate
from veiviser.pii.cues import Cues, load_cues
from veiviser.pii.ids import is_valid_date

_UPPER = "A-ZÀ-ÖØ-Þ"
_NUMERIC_DATE = (
    r"(?P<d1>\d{1,2})[./-](?P<m1>\d{1,2})[./-](?P<y1>\d{4}|\d{2})(?![\d./-]\d)"
    r"|(?P<y2>(?:18|19|20)\d{2})-(?P<m2>\d{2})-(?P<d2>\d{2})(?!\d)"
    r"|(?P<d3>\d{2})(?P<m3>\d{2})(?P<y3>\d{2}|(?:19|20)\d{2})(?![\d./-]?\d)"
)
_HOUSE_NUMBER = r"(?P<number>[1-9]\d{0,2}(?:[ ]?[A-Za-z](?![\w]))?)(?![\d,.]\d)"
# What may stand before a cue word. Patterns start with it (consumed), not with a look-behind,
# so the regex engine jumps from one space or bracket to the next instead of trying every letter.
_BEFORE_WORD = r"[\s(\[«\"',;:/]"
_NAME_BEFORE_RE = re.compile(rf"(?<![\w-])(?:[{_UPPER}][\w.'-]*[ \t\u00a0]+){{1,3}}$")
_POSTCODE_PLACE = rf"(?:,?[ \t]+(?:\d{{4}}|\d{{3}} \d{{2}})[ \t]+[{_UPPER}][^\W\d_]+)?"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    cues = load_cues()
    birth = "|".join(re.escape(w) for w in cues.birth_words)
    months = "|".join(re.escape(m) for m in sorted(cues.months, key=lambda w: (-len(w), w)))
    written = (
        rf"(?P<d4>\d{{1,2}})\.?[ \t]*(?P<mon4>(?i:{months}))\.?(?:[ \t]*,?[ \t]*(?P<y4>\d{{4}}|'?\d{{2}}))?(?![\w])"
        rf"|(?P<mon5>(?i:{months}))\.?[ \t]+(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?(?:,?[ \t]+(?P<y5>\d{{4}}))?(?![\w])"
    )
    birth_after = rf"(?i:{birth})(?:[ \t]*:)?[ \t]*(?:(?i:den|d\.|the|on|i)[ \t]+)?(?P<date>{_NUMERIC_DATE}|{written})"
    # Two forms: inside the text (after a space or bracket, consumed) and at its very start.
    birth_re = re.compile(rf"{_BEFORE_WORD}{birth_after}")
    birth_at_start = re.compile(birth_after)
    compound = "|".join(re.escape(s) for s in cues.street_suffixes)
    street_compound = re.compile(
        rf"(?=[{_UPPER}])(?<![\w-])(?=[^\W\d_]+[ \t\u00a0]+[1-9])(?P<street>[{_UPPER}][^\W\d_]*?(?:{compound}))[ \t\u00a0]+{_HOUSE_NUMBER}{_POSTCODE_PLACE}"
    )
    words = "|".join(re.escape(s) for s in cues.street_words)
    # Found from the street word ("gate 5"), then the capitalised name before it is read backwards:
    # street words are rare, capitalised words are not.
    street_apart = re.compile(rf"[ \t\u00a0](?P<word>{words})[ \t\u00a0]+{_HOUSE_NUMBER}{_POSTCODE_PLACE}")
    return birth_re, birth_at_start, street_compound, street_apart


def _year(raw: str | None) -> int | None:
    """The year as written; two digits stay two digits (century unknown, see is_valid_date)."""
    return int(raw.lstrip("'")) if raw else None


def _date_ok(m: re.Match[str], months: dict[str, int]) -> bool:
    for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "m3", "y3")):
        if m.group(d):
            return is_valid_date(int(m.group(d)), int(m.group(mo)), _year(m.group(y)))
    for d, mon, y in (("d4", "mon4", "y4"), ("d5", "mon5", "y5")):
        if m.group(d):
            return is_valid_date(int(m.group(d)), months[m.group(mon).lower()], _year(m.group(y)))
    return False


def find_birth_dates(text: str) -> Iterator[Candidate]:
    birth_re, birth_at_start, _, _ = _patterns()
    months = load_cues().months
    first = birth_at_start.match(text)
    for m in itertools.chain([first] if first else [], birth_re.finditer(text)):
        if _date_ok(m, months):
            yield m.start("date"), m.end("date"), "birth_date"


def _is_route(street: str, cues: Cues) -> bool:
    first = street.split()[0].lower()
    return first in cues.road_designations or street.strip().lower() in cues.road_designations


def find_addresses(text: str) -> Iterator[Candidate]:
    _, _, compound, apart = _patterns()
    cues = load_cues()
    for m in compound.finditer(text):
        street = m.group("street")
        if any(street.lower() == s for s in cues.street_suffixes) or _is_route(street, cues):
            continue  # "Veien 2" is the word itself; "Riksvei 4" a route
        yield m.start(), m.end(), "address"
    for m in apart.finditer(text):
        name = _NAME_BEFORE_RE.search(text, max(0, m.start() - 90), m.start() + 1)
        if name and not _is_route(name.group(), cues):
            yield name.start(), m.end(), "address"
