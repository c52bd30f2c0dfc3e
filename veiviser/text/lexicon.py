"""Word lexicons with frequencies for OCR repair, indexed by "accent skeleton".

Repair needs two questions answered fast: how common is this word, and which
known words differ from a damaged token only where the national letters
(æ/ø/å, ä/ö/å) stand. The second is answered by an index from each word's
skeleton (national letters replaced by `*`) to the words sharing it, so a
damaged token is looked up by starring the positions that may hide such a
letter instead of by scanning the lexicon.

The wordfreq lists are loaded once per process and language; a corpus' own
clean words can be layered on top without touching the shared base.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from veiviser.core.errors import VeiviserError

log = logging.getLogger(__name__)

STAR = "*"

# The national letters each language writes; OCR damage hides exactly these.
NATIONAL_LETTERS = {
    "nb": "æøå",
    "nn": "æøå",
    "da": "æøå",
    "sv": "äöå",
}
# wordfreq has no Nynorsk list; Bokmål is the closest it offers.
_WORDFREQ_CODE = {"nb": "nb", "nn": "nb", "da": "da", "sv": "sv"}

# Frequency given to a word that only the caller's extra lexicon knows: as
# common as an ordinary domain word, so it can win over junk but never over
# a genuinely frequent word.
EXTRA_WORD_ZIPF = 3.0


class UnsupportedLanguageError(VeiviserError, ValueError):
    """Repair only knows the Nordic languages whose letters OCR damages."""

    exit_code = 2


def normalize_lang(lang: str) -> str:
    code = (lang or "").strip().lower()
    if code in ("no", "nob"):
        code = "nb"
    if code not in NATIONAL_LETTERS:
        supported = ", ".join(sorted(NATIONAL_LETTERS))
        raise UnsupportedLanguageError(f"unsupported language {lang!r} for OCR repair; use one of: {supported}")
    return code


def skeleton(word: str, letters: str) -> str:
    """The word with each national letter replaced by `*`."""
    return "".join(STAR if ch in letters else ch for ch in word)


@dataclass(frozen=True)
class _BaseLexicon:
    zipf: dict[str, float]
    by_skeleton: dict[str, tuple[str, ...]]


def _build_index(words: Iterable[str], letters: str) -> dict[str, tuple[str, ...]]:
    buckets: dict[str, list[str]] = {}
    national = frozenset(letters)
    for word in words:
        if not national.isdisjoint(word):
            buckets.setdefault(skeleton(word, letters), []).append(word)
    return {key: tuple(group) for key, group in buckets.items()}


@lru_cache(maxsize=8)
def _base_lexicon(lang: str) -> _BaseLexicon:
    """wordfreq's largest list for the language (Danish only has the small one)."""
    from wordfreq import available_languages, get_frequency_dict

    code = _WORDFREQ_CODE[lang]
    wordlist = "large" if code in available_languages("large") else "small"
    freqs = get_frequency_dict(code, wordlist)
    zipf = {w: round(math.log10(f) + 9.0, 2) for w, f in freqs.items() if f > 0 and STAR not in w}
    log.debug("loaded wordfreq %s/%s: %d words", code, wordlist, len(zipf))
    return _BaseLexicon(zipf=zipf, by_skeleton=_build_index(zipf, NATIONAL_LETTERS[lang]))


class Lexicon:
    """Frequencies and skeleton lookups for one language, plus optional extra words."""

    def __init__(self, lang: str, extra_words: Iterable[str] | None = None) -> None:
        self.lang = normalize_lang(lang)
        self.letters = NATIONAL_LETTERS[self.lang]
        base = _base_lexicon(self.lang)
        self._zipf = base.zipf
        self._by_skeleton = base.by_skeleton
        extra: dict[str, float] = {}
        for raw in extra_words or ():
            word = raw.strip().lower() if isinstance(raw, str) else ""
            if len(word) > 1 and word.isalpha() and self._zipf.get(word, 0.0) < EXTRA_WORD_ZIPF:
                extra[word] = EXTRA_WORD_ZIPF
        self._extra_zipf = extra
        self._extra_by_skeleton = _build_index(extra, self.letters)

    def zipf(self, word: str) -> float:
        """Zipf frequency (log10 per billion words), 0.0 for an unknown word."""
        return self._extra_zipf.get(word) or self._zipf.get(word, 0.0)

    def __contains__(self, word: str) -> bool:
        return word in self._extra_zipf or word in self._zipf

    def words_with_skeleton(self, key: str) -> tuple[str, ...]:
        """Known words that have national letters exactly where `key` has `*`."""
        found = self._by_skeleton.get(key, ())
        extra = self._extra_by_skeleton.get(key)
        if extra:
            found = tuple(dict.fromkeys(found + extra))
        return found
