"""Find personal data in free text: Nordic ID numbers, phone numbers, e-mail addresses.

Each detector proposes spans from a strict layout (digit groups, separators,
boundaries) and confirms them with a real check: check digits and a valid
date for IDs, libphonenumber (`phonenumbers`) for phone numbers. Strict
layouts are what keep years ("2018–2023"), sections ("§ 2-5"), dates
("01.09.2018") and amounts out. Overlapping candidates are resolved by
specificity: an e-mail address (masks everything inside it) beats an ID with
check digits, which beats a phone number.

Danish CPR is flagged on format + valid date + one confirming signal: the
mod-11 check, the canonical "DDMMYY-SSSS" hyphen, or a context word (CPR,
personnummer) just before it. cpr.dk issues numbers that fail mod 11, so mod
11 cannot be required; a bare 10-digit run with a date-like start is too
common (order numbers, Swedish mobiles) to flag without one of the signals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import phonenumbers

from veiviser.pii.ids import (
    classify_norwegian,
    classify_swedish,
    dk_date_ok,
    dk_mod11_ok,
    is_valid_date,
)

KINDS = ("no_fnr", "no_dnr", "no_hnr", "no_fhnr", "se_pnr", "se_samnr", "dk_cpr", "phone", "email")
ID_KINDS = frozenset(KINDS) - {"phone", "email"}

# What replaces a finding in masked text (logs, LLM prompts).
MASK_LABELS = {
    "no_fnr": "[FØDSELSNUMMER]",
    "no_dnr": "[D-NUMMER]",
    "no_hnr": "[H-NUMMER]",
    "no_fhnr": "[FH-NUMMER]",
    "se_pnr": "[PERSONNUMMER]",
    "se_samnr": "[SAMORDNINGSNUMMER]",
    "dk_cpr": "[CPR-NUMMER]",
    "phone": "[TELEFONNUMMER]",
    "email": "[E-POSTADRESSE]",
}

# Names shown to staff (bokmål), e.g. in error messages and the CLI table.
KIND_NAMES = {
    "no_fnr": "fødselsnummer",
    "no_dnr": "D-nummer",
    "no_hnr": "H-nummer",
    "no_fhnr": "FH-nummer (felles hjelpenummer)",
    "se_pnr": "svensk personnummer",
    "se_samnr": "svensk samordningsnummer",
    "dk_cpr": "dansk CPR-nummer",
    "phone": "telefonnummer",
    "email": "e-postadresse",
}

_RANK = {kind: (0 if kind == "email" else 2 if kind == "phone" else 1) for kind in KINDS}


@dataclass(frozen=True)
class PiiFinding:
    """One piece of personal data: `text[start:end]` of the scanned text.

    `text` is left out of repr so a finding that ends up in a log or a
    traceback does not leak the number; `masked` is safe to show.
    """

    kind: str
    start: int
    end: int
    text: str = field(repr=False)
    masked: str

    @property
    def label(self) -> str:
        return MASK_LABELS[self.kind]

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "start": self.start, "end": self.end, "masked": self.masked}


# ------------------------------------------------------------------ layouts

# Separators inside ID numbers: space, no-break/thin spaces, hyphen and dash variants.
_ID_SEP = r"[ \u00a0\u2009\u202f\-\u2010\u2011\u2012\u2013]"
_NO_ID_RE = re.compile(rf"(?<![\d+])(\d{{6}})({_ID_SEP})?(\d{{5}})(?!\d)")
_SE_LONG_RE = re.compile(rf"(?<![\d+])(18|19|20)(\d{{6}})({_ID_SEP}|\+)?(\d{{4}})(?!\d)")
_SHORT_ID_RE = re.compile(rf"(?<![\d+])(\d{{6}})({_ID_SEP}|\+)?(\d{{4}})(?!\d)")
_HYPHENS = frozenset("-\u2010\u2011\u2012\u2013")

# Words that announce a CPR number within a short window before it (da/no/sv spellings).
_DK_CONTEXT_RE = re.compile(r"(?i)(?<![^\W\d_])(?:cpr|person\s?-?n(?:umme)?r|pers\.\s?nr)")
_DK_STRONG_CONTEXT_RE = re.compile(r"(?i)(?<![^\W\d_])cpr")
_CONTEXT_WINDOW = 40

_PHONE_SPACE = r"[ \u00a0\u202f]"
_NOT_AFTER_DIGITS = r"(?<![\d+])(?<!\d[ .\-\u00a0\u202f])"
_NOT_BEFORE_DIGITS = r"(?!\d)(?![ .\-\u00a0\u202f]\d)"
# International form for NO (+47), DK (+45) and SE (+46): "+47 ...", "0047 ...", "(+47) ...", "+46 (0)8-...".
_INTL_PHONE_RE = re.compile(
    rf"(?<![\w+])(?:\((?:\+|00)(?P<cc1>47|45|46)\)|(?:\+|00){_PHONE_SPACE}?(?P<cc2>47|45|46))"
    rf"{_PHONE_SPACE}?-?(?:\(0\){_PHONE_SPACE}?)?(?P<body>\d(?:(?:{_PHONE_SPACE}|-)?\d){{5,9}})(?!\d)"
)
# National 8-digit NO/DK layouts: 22334455, 22 33 44 55, 22.33.44.55, 223 34 455, 2233 4455.
_NORDIC8_PHONE_RE = re.compile(
    rf"{_NOT_AFTER_DIGITS}"
    rf"(\d{{8}}|\d{{2}}({_PHONE_SPACE}|\.)\d{{2}}\2\d{{2}}\2\d{{2}}"
    rf"|\d{{3}}{_PHONE_SPACE}\d{{2}}{_PHONE_SPACE}\d{{3}}|\d{{4}}{_PHONE_SPACE}\d{{4}})"
    rf"{_NOT_BEFORE_DIGITS}"
)
# Swedish national layouts with trunk 0: 070-123 45 67, 08-123 456 78, 031 12 34 56, 0701234567.
_SE_PHONE_RE = re.compile(
    rf"{_NOT_AFTER_DIGITS}"
    rf"(0\d{{1,3}}(?:[-/]{_PHONE_SPACE}?|{_PHONE_SPACE})\d{{2,3}}(?:(?:{_PHONE_SPACE}|-)?\d{{2,3}}){{0,3}}|0[1-9]\d{{7,8}})"
    rf"{_NOT_BEFORE_DIGITS}"
)
_YEAR_PAIR_RE = re.compile(r"(?:19|20)\d\d\D+(?:19|20)\d\d")
_COMPACT_DATE_RE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])\d\d|\d\d(?:0[1-9]|1[0-2])(?:19|20)\d\d")

_EMAIL_RE = re.compile(
    r"(?<![\w.+%-])[\w%+-]+(?:\.[\w%+-]+)*@[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*"
    r"\.[^\W\d_]{2,}(?![\w-])"
)


# --------------------------------------------------------------- detectors

_Candidate = tuple[int, int, str]


def _digits(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


def _find_norwegian(text: str) -> Iterator[_Candidate]:
    for m in _NO_ID_RE.finditer(text):
        kind = classify_norwegian(m.group(1) + m.group(3))
        if kind:
            yield m.start(), m.end(), kind


def _find_swedish_long(text: str) -> Iterator[_Candidate]:
    for m in _SE_LONG_RE.finditer(text):
        kind = classify_swedish(m.group(2) + m.group(4), century=int(m.group(1)))
        if kind:
            yield m.start(), m.end(), kind


def _dk_signal(text: str, start: int, digits: str, sep: str | None) -> tuple[bool, bool]:
    """(flag it as CPR at all, prefer CPR over a Swedish reading of the same digits)."""
    before = text[max(0, start - _CONTEXT_WINDOW) : start]
    strong = dk_mod11_ok(digits) or bool(_DK_STRONG_CONTEXT_RE.search(before))
    weak = (sep is not None and sep in _HYPHENS) or bool(_DK_CONTEXT_RE.search(before))
    return strong or weak, strong


def _find_short_ids(text: str) -> Iterator[_Candidate]:
    """10-digit forms shared by Swedish personnummer and Danish CPR; one kind per span."""
    for m in _SHORT_ID_RE.finditer(text):
        digits, sep = m.group(1) + m.group(3), m.group(2)
        se_kind = classify_swedish(digits)
        dk_flag, dk_preferred = (False, False)
        if sep != "+" and dk_date_ok(digits):  # "+" is Swedish only (age 100+)
            dk_flag, dk_preferred = _dk_signal(text, m.start(), digits, sep)
        if dk_flag and (dk_preferred or not se_kind):
            yield m.start(), m.end(), "dk_cpr"
        elif se_kind:
            yield m.start(), m.end(), se_kind


def _valid_phone(number: str, region: str | None) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(number, region))
    except phonenumbers.NumberParseException:
        return False


def _find_intl_phones(text: str) -> Iterator[_Candidate]:
    for m in _INTL_PHONE_RE.finditer(text):
        country_code = m.group("cc1") or m.group("cc2")
        body_start = m.start("body")
        # The body may run into following digits ("+47 22 33 44 55 12"): try the longest
        # prefix that ends at a group boundary and is a valid number.
        cuts = [i + 1 for i in range(body_start, m.end()) if text[i].isdigit()]
        cuts = [c for c in cuts if c == m.end() or not text[c].isdigit()]
        for cut in reversed(cuts):
            if _valid_phone(f"+{country_code}{_digits(text[body_start:cut])}", None):
                yield m.start(), cut, "phone"
                break


def _looks_like_compact_date(raw: str) -> bool:
    """A compact date such as "20190912" or "31122018" (reference lists), not a phone number."""
    if not _COMPACT_DATE_RE.fullmatch(raw):
        return False
    if raw[:2] in ("19", "20") and is_valid_date(int(raw[6:8]), int(raw[4:6]), int(raw[:4])):
        return True
    return raw[4:6] in ("19", "20") and is_valid_date(int(raw[:2]), int(raw[2:4]), int(raw[4:]))


def _find_nordic8_phones(text: str) -> Iterator[_Candidate]:
    for m in _NORDIC8_PHONE_RE.finditer(text):
        raw = m.group(1)
        if _YEAR_PAIR_RE.fullmatch(raw) or _looks_like_compact_date(raw):
            continue
        digits = _digits(raw)
        if _valid_phone(digits, "NO") or _valid_phone(digits, "DK"):
            yield m.start(), m.end(), "phone"


def _find_se_phones(text: str) -> Iterator[_Candidate]:
    for m in _SE_PHONE_RE.finditer(text):
        digits = _digits(m.group(1))
        if 8 <= len(digits) <= 10 and _valid_phone(digits, "SE"):
            yield m.start(), m.end(), "phone"


def _find_emails(text: str) -> Iterator[_Candidate]:
    for m in _EMAIL_RE.finditer(text):
        yield m.start(), m.end(), "email"


_DETECTORS: tuple[Callable[[str], Iterator[_Candidate]], ...] = (
    _find_emails,
    _find_norwegian,
    _find_swedish_long,
    _find_short_ids,
    _find_intl_phones,
    _find_nordic8_phones,
    _find_se_phones,
)


# ------------------------------------------------------------------ public


def partial_mask(kind: str, value: str) -> str:
    """A display form that helps find the value in a document without revealing it."""
    if kind == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@***.{domain.rsplit('.', 1)[-1]}"
    keep_from = [i for i, ch in enumerate(value) if ch.isdigit()][-2:][0]
    return "".join("*" if ch.isdigit() and i < keep_from else ch for i, ch in enumerate(value))


def scan(text: str) -> list[PiiFinding]:
    """All personal data in `text`, in order, non-overlapping; offsets are code-point offsets."""
    candidates = [c for detect in _DETECTORS for c in detect(text)]
    candidates.sort(key=lambda c: (_RANK[c[2]], c[0] - c[1], c[0]))
    chosen: list[_Candidate] = []
    for cand in candidates:
        if all(cand[1] <= s or cand[0] >= e for s, e, _ in chosen):
            chosen.append(cand)
    chosen.sort()
    return [
        PiiFinding(kind=kind, start=s, end=e, text=text[s:e], masked=partial_mask(kind, text[s:e]))
        for s, e, kind in chosen
    ]


def contains_pii(text: str) -> bool:
    return bool(scan(text))


def mask(text: str) -> str:
    """`text` with every finding replaced by its label, e.g. "[FØDSELSNUMMER]".

    Repeats until nothing is found, since removing one number can expose a
    neighbour that was only skipped because it touched other digits.
    """
    for _ in range(10):
        findings = scan(text)
        if not findings:
            return text
        parts, pos = [], 0
        for f in findings:
            parts += [text[pos : f.start], f.label]
            pos = f.end
        parts.append(text[pos:])
        text = "".join(parts)
    return text


def mask_ids(text: str) -> str:
    """`text` with national ID numbers replaced by their label; phone numbers and e-mail addresses kept
    (public reports name their contacts; an ID number never belongs in the index)."""
    findings = [f for f in scan(text) if f.kind in ID_KINDS]
    if not findings:
        return text
    parts, pos = [], 0
    for f in findings:
        parts += [text[pos : f.start], f.label]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
