"""Find personal data in free text: Nordic ID numbers, phone numbers, e-mail addresses,
person names, birth dates and street addresses.

Each detector proposes spans and confirms them with a real check: check digits
and a valid date for IDs (veiviser.pii.id_finder), libphonenumber for phone
numbers (veiviser.pii.contacts), a first-name list plus capitalisation and
context for names (veiviser.pii.names), a birth word and a real date for
birth dates and a street ending plus a house number for addresses
(veiviser.pii.places_dates). Invisible characters are removed before any
detector runs and the spans mapped back (veiviser.pii.invisible), so a
zero-width space cannot hide a number.

Overlapping candidates are resolved by specificity: an e-mail address (masks
everything inside it) beats an ID with check digits, which beats an address,
a phone number, a birth date and a name, in that order; within a kind the
longer span wins. Every detector is a precompiled regular expression over the
whole text plus a check per candidate, so a scan is linear in the text.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field

from veiviser.pii.contacts import (
    Candidate,
    find_emails,
    find_intl_phones,
    find_nordic8_phones,
    find_se_phones,
)
from veiviser.pii.id_finder import find_ids
from veiviser.pii.invisible import view
from veiviser.pii.kinds import CONTACT_KINDS, CONTEXT_KINDS, ID_KINDS, KIND_NAMES, KINDS, MASK_LABELS
from veiviser.pii.names import find_names
from veiviser.pii.places_dates import find_addresses, find_birth_dates

__all__ = [
    "CONTACT_KINDS",
    "CONTEXT_KINDS",
    "ID_KINDS",
    "KINDS",
    "KIND_NAMES",
    "MASK_LABELS",
    "PiiFinding",
    "contains_pii",
    "mask",
    "mask_ids",
    "partial_mask",
    "scan",
]

_RANK = {
    **dict.fromkeys(ID_KINDS, 1),
    "email": 0,
    "address": 2,
    "phone": 3,
    "birth_date": 4,
    "name": 5,
}


@dataclass(frozen=True)
class PiiFinding:
    """One piece of personal data: `text[start:end]` of the scanned text.

    `text` is left out of repr so a finding that ends up in a log or a
    traceback does not leak the value; `masked` is safe to show.
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


Detector = Callable[[str], Iterator[Candidate]]

# Each detector with the kinds it can report, so a scan for some kinds runs only the detectors it needs.
_DETECTORS: tuple[tuple[Detector, frozenset[str]], ...] = (
    (find_emails, frozenset({"email"})),
    (find_ids, ID_KINDS),
    (find_intl_phones, frozenset({"phone"})),
    (find_nordic8_phones, frozenset({"phone"})),
    (find_se_phones, frozenset({"phone"})),
    (find_addresses, frozenset({"address"})),
    (find_birth_dates, frozenset({"birth_date"})),
    (find_names, frozenset({"name"})),
)


def partial_mask(kind: str, value: str) -> str:
    """A display form that helps find the value in a document without revealing it."""
    if kind == "email":
        local = value.split("@", 1)[0].split("(", 1)[0].split("[", 1)[0]
        return f"{local[:1]}***@***.{value.rsplit('.', 1)[-1]}"
    if kind in ("name", "address"):
        return " ".join(w[:1] + "*" * (len(w) - 1) if w[:1].isalpha() else "*" * len(w) for w in value.split())
    digit_positions = [i for i, ch in enumerate(value) if ch.isdigit()]
    keep_from = digit_positions[-2] if len(digit_positions) >= 2 else len(value)
    return "".join("*" if ch.isdigit() and i < keep_from else ch for i, ch in enumerate(value))


def _resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates in text order, the most specific (then longest) kept where they overlap.

    The chosen spans are kept sorted by start, so each candidate is checked against its two
    neighbours only: resolving is O(n log n), not O(n²), on a document with many findings.
    """
    candidates.sort(key=lambda c: (_RANK[c[2]], c[0] - c[1], c[0]))
    starts: list[int] = []
    chosen: list[Candidate] = []
    for cand in candidates:
        i = bisect.bisect_left(starts, cand[0])
        if i > 0 and chosen[i - 1][1] > cand[0]:
            continue
        if i < len(chosen) and chosen[i][0] < cand[1]:
            continue
        starts.insert(i, cand[0])
        chosen.insert(i, cand)
    return chosen


def scan(text: str, kinds: Collection[str] | None = None) -> list[PiiFinding]:
    """All personal data in `text` (only `kinds`, if given), in order and non-overlapping.

    Offsets are code-point offsets into `text` as given, invisible characters included.
    """
    wanted = frozenset(KINDS) if kinds is None else frozenset(kinds)
    unknown = wanted - set(KINDS)
    if unknown:
        raise ValueError(f"unknown personal-data kinds {sorted(unknown)}; known: {', '.join(KINDS)}")
    seen = view(text)
    clean = seen.clean
    candidates = [c for detect, can_find in _DETECTORS if can_find & wanted for c in detect(clean) if c[2] in wanted]
    findings = []
    for s, e, kind in _resolve(candidates):
        start, end = seen.original_span(s, e)
        findings.append(
            PiiFinding(kind=kind, start=start, end=end, text=text[start:end], masked=partial_mask(kind, clean[s:e]))
        )
    return findings


def contains_pii(text: str, kinds: Collection[str] | None = None) -> bool:
    return bool(scan(text, kinds))


def _replace(text: str, findings: list[PiiFinding]) -> str:
    parts, pos = [], 0
    for f in findings:
        parts += [text[pos : f.start], f.label]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def mask(text: str, kinds: Collection[str] | None = None) -> str:
    """`text` with every finding replaced by its label, e.g. "[FØDSELSNUMMER]", "[NAVN]".

    Repeats until nothing is found, since removing one number can expose a
    neighbour that was only skipped because it touched other digits.
    """
    for _ in range(10):
        findings = scan(text, kinds)
        if not findings:
            return text
        text = _replace(text, findings)
    return text


def mask_ids(text: str) -> str:
    """`text` with national ID numbers replaced by their label; everything else kept
    (public reports name their contacts and authors; an ID number never belongs in the index)."""
    findings = scan(text, ID_KINDS)
    return _replace(text, findings) if findings else text
