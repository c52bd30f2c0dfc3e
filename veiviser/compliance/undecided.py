"""Spot sentences that only say a topic is not settled yet ("ikke avklart", "ikkje avklart", "TBD").

A routine that names a topic only to say it will be worked out later does not meet
the requirement, so such sentences are never counted as evidence. The phrases cover
bokmål and nynorsk spellings of "not decided / not clarified / in progress / will be
written later" and the English placeholders people paste into drafts.
"""

from __future__ import annotations

import re

# Each entry is a regular expression over the text (case-insensitive; \b is Unicode-aware).
_NEGATION = (
    r"(?:ikke|ikkje|ennå\s+ikke|enda\s+ikke|enno\s+ikkje|framleis\s+ikkje|fortsatt\s+ikke|"
    r"foreløpig\s+ikke|førebels\s+ikkje)"
)
_SETTLED = (
    r"(?:avklart|avklara|bestemt|bestemd|besluttet|beslutta|vedtatt|vedteke|fastsatt|fastsett|fastlagt|"
    r"utarbeidet|utarbeidd|utarbeida|laget|laga|utformet|utforma|beskrevet|skildra|klart|ferdig|"
    r"ferdigstilt|på\s+plass|avgjort)"
)
# A copula or the start of a cell before the negation, so "krever ikke en bestemt diagnose" is not caught.
_BEFORE = r"(?:\b(?:er|ble|blir|blitt|vert|vart|vorte|var|har)\s+(?:det\s+|dette\s+|vi\s+)?|^\s*|[:|–]\s*)"
_LATER = (
    r"(?:senere|seinare|seinere|etter\s+hvert|etter\s+kvart|på\s+et\s+senere\s+tidspunkt|"
    r"på\s+eit\s+seinare\s+tidspunkt|i\s+løpet\s+av)"
)
_PATTERNS = (
    rf"{_BEFORE}{_NEGATION}\s+(?:helt\s+|heilt\s+|endelig\s+|endeleg\s+)?{_SETTLED}\b",
    r"\buavklart\b|\buavklara\b|\buavgjort\b",
    r"\bunder\s+(?:arbeid|utarbeid(?:else|ing)|utvikling|revisjon)(?!\w)",
    r"\b(?:arbeidet|arbeid)\s+(?:pågår|er\s+i\s+gang|held\s+fram)\b",
    rf"\bvil\s+bli\s+(?:\w+\s+){{0,2}}(?:utarbeidet|utarbeidd|utarbeida|beskrevet|skildra|avklart|avklara|"
    rf"bestemt|fastsatt|fastsett|laget|laga|utformet|utforma|vurdert)\s+{_LATER}",
    rf"\b(?:skal|må|vil)\s+(?:avklares|avklarast|bestemmes|bestemmast|besluttes|utarbeides|utarbeidast|"
    rf"fastsettes|fastsetjast)\s+{_LATER}",
    r"\b(?:kommer|kjem)\s+(?:senere|seinare|seinere)\b",
    r"\b(?:ikke|ikkje)\s+(?:tatt|teke)\s+stilling\b",
    r"\b(?:tbd|tba|to\s+be\s+decided|to\s+be\s+determined|not\s+yet\s+decided)\b",
)
_UNDECIDED = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def undecided_phrase(text: str) -> str | None:
    """The phrase that marks `text` as 'not yet decided', or None."""
    match = _UNDECIDED.search(text)
    return match.group(0) if match else None


def is_undecided(text: str) -> bool:
    return _UNDECIDED.search(text) is not None
