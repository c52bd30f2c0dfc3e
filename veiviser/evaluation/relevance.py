"""When a chunk counts as containing a piece of gold evidence.

Evidence strings are exact text of the source files, OCR damage included, while our
chunks hold repaired text (and the pre-repair text beside it). A chunk contains a
piece of evidence when rapidfuzz partial_ratio >= 85 on lower-cased, whitespace-folded
text, against either form. When the evidence is longer than the chunk, the ratio is
scaled by the share of the evidence the chunk can hold, so a tiny chunk (a heading)
does not "contain" a long passage just because it occurs in it.

NorQuAD's gold answers are short spans of the context, so there containment is exact
after folding case and whitespace (`contains_gold`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz

from veiviser.core.types import Chunk

MATCH_THRESHOLD = 85.0
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).strip()


def match_score(evidence: str, text: str) -> float:
    """0..100: how fully `text` contains `evidence` (fuzzy)."""
    ev, tx = normalise(evidence), normalise(text)
    if not ev or not tx:
        return 0.0
    score = fuzz.partial_ratio(ev, tx)
    if len(ev) > len(tx):
        score *= len(tx) / len(ev)
    return float(score)


def contains_evidence(chunk: Chunk, evidence: str, threshold: float = MATCH_THRESHOLD) -> bool:
    if match_score(evidence, chunk.text) >= threshold:
        return True
    return bool(chunk.original_text) and match_score(evidence, chunk.original_text or "") >= threshold


def fold(text: str) -> str:
    """Case-folded, with every run of whitespace (line breaks included) one space, trimmed."""
    return _SPACES.sub(" ", text.casefold()).strip()


def contains_gold(texts: Iterable[str], golds: Iterable[str]) -> bool:
    """Does one of `texts` contain one of the gold answer strings (case and whitespace folded)?"""
    wanted = [g for g in (fold(gold) for gold in golds) if g]
    return any(g in t for t in (fold(text) for text in texts) for g in wanted)


def quote_carries_evidence(quotes: Iterable[str], evidence: Iterable[str], threshold: float = MATCH_THRESHOLD) -> bool:
    """Do the quoted spans themselves (not just the passages they come from) hold a piece of gold evidence?

    Evidence strings are raw source text (OCR damage included) and quotes repaired text,
    so both are folded to a plain alphabet first (kb.quotes.fold maps æøå and OCR
    stand-ins). The quotes are also tried joined, for evidence that runs over two of them.
    """
    from veiviser.kb.quotes import fold as plain

    texts = [plain(q) for q in quotes if q.strip()]
    if len(texts) > 1:
        texts.append(" ".join(texts))
    return any(match_score(plain(ev), text) >= threshold for ev in evidence for text in texts)
