"""Nordic national ID numbers in free text, written with any separators.

People write "010190 10046", "010190.10046", "0101 9010 046", "010190/10046",
"01.01.90-1234", an ID across a line break, or with spaces between every
digit. So the scanner does not match fixed layouts: it reads *runs* of digit
groups joined by up to four separator characters (spaces of every width,
dots, slashes, dashes, "+", line breaks; invisible characters are removed
before, see veiviser.pii.invisible), and tries every window of whole groups
holding 10, 11 or 12 digits against the check-digit and date rules in
veiviser.pii.ids.

A window that is the whole run may be grouped any way; a window inside a
longer run ("2018 010190 10046") must have an ID-like grouping (6+5, 6+4, 8+4,
2+2+2+5, ...), which keeps tables of years, amounts and dates out. Known
look-alikes are excluded by layout: bank accounts (4+2+5), identifiers after a
code prefix ("FOR-2011-12-16-1256"), international phone numbers ("+47 ...",
"0047 ...") and Swedish phone layouts ("070-123 45 67").

Danish CPR numbers that fail modulus 11 (issued since 2007, mostly with a
1 January birth date; cpr.dk) cannot be confirmed by a check digit, so one
of these must hold: the canonical hyphen before the serial number, an ID
word (CPR, personnummer, fødselsnummer, født, ...) just before, or a
1 January date. A bare date-like 10-digit run without any of them is too
common (order numbers, Swedish mobiles) to call a CPR.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from veiviser.pii.contacts import Candidate, valid_phone
from veiviser.pii.cues import load_cues
from veiviser.pii.ids import classify_norwegian, classify_swedish, dk_date_ok, dk_mod11_ok

# Separators inside an ID: every space width, dots, slashes, hyphens and dashes, "+", tabs and line breaks.
_SEP_CHARS = " \t\r\n\u00a0\u2000-\u200a\u202f\u205f\u3000./\\-\u2010-\u2015\u2212+"
_RUN_RE = re.compile(rf"(?=\d)(?<!\d)\d+(?:[{_SEP_CHARS}]{{1,4}}\d+)*")
_GROUP_RE = re.compile(r"\d+")
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212")
_CODE_PREFIX_RE = re.compile(r"(?<![\w])([A-ZÆØÅÄÖ]{2,6})[-\u2010-\u2013]$")
_CONTEXT_WINDOW = 40

# Groupings an ID may have inside a longer run of digits.
CANONICAL_LAYOUTS = frozenset(
    {
        (11,),
        (6, 5),
        (2, 2, 2, 5),
        (6, 3, 2),
        (2, 2, 2, 3, 2),
        (10,),
        (6, 4),
        (2, 2, 2, 4),
        (12,),
        (8, 4),
    }
)
# Groupings that belong to other numbers even when they fill a run: Norwegian bank accounts.
EXCLUDED_LAYOUTS = frozenset({(4, 2, 5)})


@lru_cache(maxsize=1)
def _context_re() -> re.Pattern[str]:
    words = "|".join(re.escape(w) for w in load_cues().id_words)
    return re.compile(rf"(?i)(?<![^\W\d_])(?:{words})(?![^\W\d_])")


def _id_word_before(text: str, start: int) -> str:
    """The last ID word (lowercase) in the few characters before `start`, or ""."""
    found = list(_context_re().finditer(text, max(0, start - _CONTEXT_WINDOW), start))
    return found[-1].group().lower() if found else ""


def _code_prefixed(text: str, start: int) -> bool:
    """The run follows "FOR-", "LOV-", "HR-"... (a code such as "FOR-2011-12-16-1256", not an ID),
    unless the prefix is an ID word ("CPR-"). Only for runs with separators: a packed number stays an ID."""
    m = _CODE_PREFIX_RE.search(text, max(0, start - 8), start)
    return m is not None and m.group(1).lower().rstrip(".") not in load_cues().id_words


def _short_kind(text: str, run_start: int, digits: str, seps: list[str], layout: tuple[int, ...]) -> str | None:
    """Swedish personnummer/samordningsnummer or Danish CPR for a 10-digit window, one kind per span."""
    boundary = seps[-1] if layout in ((6, 4), (2, 2, 2, 4)) else None
    plus = any("+" in s for s in seps)
    if plus and "+" not in (boundary or ""):
        return None  # "+" only stands before the serial number (Swedish, age 100+)
    se_kind = classify_swedish(digits)
    dk_flag = dk_preferred = False
    if not plus and dk_date_ok(digits):
        word = _id_word_before(text, run_start)
        strong = dk_mod11_ok(digits) or word.startswith("cpr")
        hyphen = boundary is not None and boundary.strip() != "" and set(boundary.strip()) <= _HYPHENS
        new_year = digits[:4] == "0101"  # cpr.dk: numbers failing mod 11 mostly have a 1 January birth date
        dk_flag = strong or hyphen or bool(word) or new_year
        dk_preferred = strong
    if dk_flag and (dk_preferred or not se_kind):
        return "dk_cpr"
    return se_kind


def _phone_layout(layout: tuple[int, ...], digits: str) -> bool:
    """Grouped like a Swedish phone number: an area code from 0 (2-4 digits), then groups of 2-3."""
    return (
        layout not in CANONICAL_LAYOUTS
        and digits[0] == "0"
        and len(layout) >= 3
        and 2 <= layout[0] <= 4
        and all(2 <= n <= 3 for n in layout[1:])
    )


def _window_kind(
    text: str, run_start: int, digits: str, seps: list[str], layout: tuple[int, ...], full_run: bool
) -> str | None:
    if not full_run and layout not in CANONICAL_LAYOUTS:
        return None
    if layout in EXCLUDED_LAYOUTS:
        return None
    if len(digits) == 11:
        if any("+" in s for s in seps):
            return None
        return classify_norwegian(digits)
    if len(digits) == 12:
        if digits[:2] not in ("18", "19", "20") or any("+" in s for s in seps):
            return None
        return classify_swedish(digits[2:], century=int(digits[:2]))
    if _phone_layout(layout, digits) and valid_phone(digits, "SE"):
        return None  # "070-123 45 67" is a Swedish phone layout, whatever its digits spell
    return _short_kind(text, run_start, digits, seps, layout)


def find_ids(text: str) -> Iterator[Candidate]:
    """Candidate ID spans (start, end, kind); overlapping windows are resolved by the scanner."""
    for run in _RUN_RE.finditer(text):
        start, end = run.span()
        if end - start < 10:
            continue
        groups = [(m.start() + start, m.end() + start) for m in _GROUP_RE.finditer(run.group())]
        if sum(e - s for s, e in groups) < 10:
            continue
        if start and text[start - 1] == "+" or len(groups) > 1 and _code_prefixed(text, start):
            continue
        yield from _windows(text, groups)


def _international_prefix(text: str, groups: list[tuple[int, int]]) -> bool:
    """ "0047 22 33 44 55" dials abroad; "0006 7497 41" (a Swedish number of someone born in 2000)
    does not: no country code starts with 0, and the digits after 00 must make a valid number."""
    start, end = groups[0]
    if end - start != 4 or not text.startswith("00", start):
        return False
    digits = "".join(text[s:e] for s, e in groups)
    return valid_phone("+" + digits[2:], None)


def _windows(text: str, groups: list[tuple[int, int]]) -> Iterator[Candidate]:
    last = len(groups) - 1
    international = last > 0 and _international_prefix(text, groups)
    for i in range(len(groups)):
        if i == 0 and international:
            continue  # "0047 22 33 44 55": an international prefix, not the start of an ID
        total = 0
        for j in range(i, len(groups)):
            total += groups[j][1] - groups[j][0]
            if total > 12:
                break
            if total < 10:
                continue
            window = groups[i : j + 1]
            layout = tuple(e - s for s, e in window)
            seps = [text[window[k][1] : window[k + 1][0]] for k in range(len(window) - 1)]
            digits = "".join(text[s:e] for s, e in window)
            kind = _window_kind(text, groups[i][0], digits, seps, layout, full_run=(i == 0 and j == last))
            if kind:
                yield window[0][0], window[-1][1], kind
