"""Find a short quote, written in correct spelling, in a possibly OCR-damaged source text.

Curators write quotes as the words should read ("oppfølgingsteam"); the corpus
may hold "oppfglgingsteam" or "oppfa@lging". Both sides are folded to a plain
alphabet (æøå and common OCR stand-ins mapped, punctuation and whitespace
collapsed) and compared with rapidfuzz's partial_ratio. The repaired source
(veiviser.text.repair) is tried as well.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 85.0

_FOLD = str.maketrans(
    {
        "ø": "o",
        "ö": "o",
        "ó": "o",
        "å": "a",
        "ä": "a",
        "á": "a",
        "æ": "ae",
        "é": "e",
        "ü": "u",
        "|": "i",  # OCR reads a capital I as a bar
        "@": "o",  # OCR stand-in for ø
    }
)
_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case, map Nordic letters and OCR stand-ins, keep only letters and digits separated by single spaces."""
    t = unicodedata.normalize("NFKC", text).lower().translate(_FOLD)
    return _NON_WORD.sub(" ", t).strip()


def _load_repair() -> Callable[[str, str], str] | None:
    """The OCR repair of veiviser.text (None keeps quote matching working if it cannot load)."""
    try:
        from veiviser.text.repair import repair_text
    except ImportError:  # its word lists come from wordfreq; matching works without repair
        return None
    return lambda text, lang: str(repair_text(text, lang))


@dataclass(frozen=True)
class QuoteMatch:
    score: float
    found: bool
    context: str  # the folded stretch of the source that matched best


class QuoteFinder:
    """One source text, prepared once, searched for many quotes."""

    def __init__(
        self, text: str, lang: str | None = None, *, use_repair: bool = True, threshold: float = DEFAULT_THRESHOLD
    ):
        self.threshold = threshold
        self._text = text
        self._lang = lang
        self._variants = [fold(text)]
        # Repair is slow on a long document, so it runs only when plain fuzzy matching misses a quote.
        self._repair_pending = use_repair and lang in ("nb", "nn", "sv", "da")

    def _add_repaired_variant(self) -> None:
        self._repair_pending = False
        repair = _load_repair()
        lang = self._lang
        if repair is None or lang is None:  # lang is always set when repair is pending
            return
        try:
            repaired = fold(repair(self._text, lang))
        except Exception as exc:  # repair is an optional aid; fuzzy matching still works without it
            log.warning("OCR repair failed, matching quotes without it: %s", exc)
            return
        if repaired != self._variants[0]:
            self._variants.append(repaired)

    def match(self, quote: str) -> QuoteMatch:
        needle = fold(quote)
        if not needle:
            return QuoteMatch(0.0, False, "")
        best = self._best(needle)
        if not best.found and self._repair_pending:
            self._add_repaired_variant()
            best = self._best(needle)
        return best

    def _best(self, needle: str) -> QuoteMatch:
        best = QuoteMatch(0.0, False, "")
        for hay in self._variants:
            al = fuzz.partial_ratio_alignment(needle, hay)
            if al is not None and al.score > best.score:
                best = QuoteMatch(al.score, al.score >= self.threshold, hay[al.dest_start : al.dest_end])
        return best
