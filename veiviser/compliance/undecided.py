"""Spot sentences that only say a topic is not settled yet ("ikke avklart", "ej beslutat", "endnu ikke afklaret").

A routine that names a topic only to say it will be worked out later does not meet the
requirement, so such sentences are never counted as evidence. The cue words per language
(Norwegian bokmål and nynorsk, Swedish, Danish, and English placeholders such as "TBD")
are data in `undecided_cues`; this module builds one pattern from them:

- a copula (or the start of a cell) and a negation before a "settled" participle:
  "er ikke avklart", "är ännu inte fastställda", "er endnu ikke afklaret" – the copula
  keeps "krever ikke en bestemt diagnose" out;
- "skal/ska/må/vil" and a passive of deciding followed by "later": "skal avklares senere",
  "ska beslutas senare"; or such a passive opening a sentence with no subject:
  "Skal fastlægges, når det nye system er indført.";
- expressions that say it on their own: "uavklart", "ej beslutat", ": under utredning".
"""

from __future__ import annotations

import re

from veiviser.compliance.undecided_cues import CUES


def _alternatives(words: set[str]) -> str:
    # longest first, so "ennå ikke" is tried before "ikke"; spaces match any run of white space
    return "|".join(w.replace(" ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _collect(key: str) -> set[str]:
    return {w for cues in CUES.values() for w in cues.get(key, ())}


def build_pattern() -> re.Pattern[str]:
    copulas, negations, settled = _collect("copulas"), _collect("negations"), _collect("settled")
    passives, later, phrases = _collect("passives"), _collect("later"), _collect("phrases")
    before = rf"(?:\b(?:{_alternatives(copulas)})\s+(?:det\s+|dette\s+|vi\s+)?|^\s*|[:|–]\s*)"
    modal = r"(?:skal|må|vil|ska|skall|bør|kommer\s+att)"
    patterns = [
        rf"{before}(?:{_alternatives(negations)})\s+(?:helt\s+|heilt\s+|endelig\s+|endeleg\s+|slutgiltigt\s+)?"
        rf"(?:{_alternatives(settled)})(?!\w)",
        rf"\b{modal}\s+(?:først\s+|först\s+)?(?:{_alternatives(passives)})\s+(?:{_alternatives(later)})\b",
        rf"(?:^|[.:–]\s+|^\W*){modal}\s+(?:først\s+|först\s+)?(?:{_alternatives(passives)})\b",
        *(rf"(?<!\w)(?:{p})(?!\w)" if not p.startswith("(?:^") else p for p in sorted(phrases)),
    ]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


_UNDECIDED = build_pattern()


def undecided_phrase(text: str) -> str | None:
    """The phrase that marks `text` as 'not yet decided', or None."""
    match = _UNDECIDED.search(text)
    return match.group(0).strip() if match else None


def is_undecided(text: str) -> bool:
    return _UNDECIDED.search(text) is not None
