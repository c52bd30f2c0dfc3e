"""Question terms with weights, and how well a text covers them.

A question word weighs more the rarer it is in everyday language (wordfreq Zipf
frequency in the question's language): "hva" and "med" say nothing about the
topic, "koordinator" and "telefonnummeret" say nearly everything. Numbers weigh
like rare words, because a year or a count the sources never mention usually
means they do not answer the question. Matching goes through the same stemming,
compound splitting and letter folding as the lexical index (`text_tokens.analyse`),
done in both the question's and the passage's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from veiviser.core.types import Chunk
from veiviser.text.tokens import analyse, fold, tokenize

FUNCTION_WORD_ZIPF = 6.0  # at or above this everyday frequency a word is a function word
CONTENT_WORD_ZIPF = 5.5  # below this a word names something (used to spot elliptical follow-ups)
MAX_WEIGHT = 3.5
NUMBER_WEIGHT = 2.5
PART_CREDIT = 0.5  # a compound matched only through its parts counts half
EXPANSION_SHARE = 0.5  # synonyms can make up at most this share of the weight the question's own words miss
_WORDFREQ_LANG = {"nb": "nb", "nn": "nb", "no": "nb", "sv": "sv", "da": "da", "en": "en"}
_NUMBER = re.compile(r"\d+")


@lru_cache(maxsize=50_000)
def zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, _WORDFREQ_LANG.get(lang, "nb"))


def word_weight(word: str, lang: str) -> float:
    """0 for function words, up to MAX_WEIGHT for words rare in everyday language."""
    if word.isdigit():
        return NUMBER_WEIGHT if len(word) >= 2 else 0.5
    if len(word) < 2:
        return 0.0
    frequency = zipf(word, lang)
    if frequency >= FUNCTION_WORD_ZIPF:
        return 0.0
    return min(MAX_WEIGHT, FUNCTION_WORD_ZIPF + 0.5 - frequency)


def content_words(text: str, lang: str) -> list[str]:
    """Words of `text` that name something (not function words, not common verbs and pronouns)."""
    return [w for w in tokenize(text) if w.isdigit() or (len(w) > 2 and zipf(w, lang) < CONTENT_WORD_ZIPF)]


@lru_cache(maxsize=200_000)
def _stems(word: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """The folded stem of `word` and of its compound parts, as the index stores them."""
    stems = analyse(word, lang)
    if not stems:
        return "", ()
    return stems[0], tuple(stems[1:])


@dataclass(frozen=True)
class Term:
    word: str
    weight: float


@dataclass(frozen=True)
class QueryTerms:
    """The weighted terms of a question, plus weaker expansion terms (synonyms)."""

    lang: str
    terms: tuple[Term, ...]
    expansions: tuple[Term, ...] = ()

    @classmethod
    def build(cls, text: str, lang: str, expansions: Iterable[tuple[str, float]] = ()) -> QueryTerms:
        seen: dict[str, float] = {}
        for word in tokenize(text):
            weight = word_weight(word, lang)
            if weight > 0:
                seen[word] = max(weight, seen.get(word, 0.0))
        extra: dict[str, float] = {}
        for phrase, factor in expansions:
            for word in tokenize(phrase):
                weight = word_weight(word, lang) * factor
                if weight > 0 and word not in seen:
                    extra[word] = max(weight, extra.get(word, 0.0))
        return cls(
            lang,
            tuple(Term(w, x) for w, x in seen.items()),
            tuple(Term(w, x) for w, x in extra.items()),
        )

    @property
    def total_weight(self) -> float:
        return sum(t.weight for t in self.terms)

    def coverage(self, tokens: TextTokens) -> float:
        """Weighted share (0..1) of the question's terms found in `tokens`; synonyms fill gaps."""
        total = self.total_weight
        if total <= 0:
            return 0.0
        found = sum(t.weight * tokens.match(t.word, self.lang) for t in self.terms)
        synonyms = sum(t.weight * tokens.match(t.word, self.lang) for t in self.expansions)
        return min(1.0, (found + min(synonyms, EXPANSION_SHARE * (total - found))) / total)

    def missing(self, tokens: TextTokens) -> list[Term]:
        return [t for t in self.terms if tokens.match(t.word, self.lang) == 0.0]


class TextTokens:
    """The folded stems of a text (in its own language), for repeated term look-ups."""

    def __init__(self, text: str, lang: str) -> None:
        self.lang = lang or "nb"
        self.stems = frozenset(analyse(text, self.lang))
        # folded surface forms too: OCR-damaged words ("besta" for "bestå") stem differently
        self.words = frozenset(fold(w) for w in tokenize(text))
        self.numbers = frozenset(_NUMBER.findall(text.replace("\u00a0", " ")))

    def match(self, word: str, query_lang: str) -> float:
        """1 when `word` occurs, up to PART_CREDIT when only parts of the compound do, else 0."""
        if word.isdigit():
            return 1.0 if word in self.numbers else 0.0
        if fold(word) in self.words:
            return 1.0
        best = 0.0
        for lang in {self.lang, query_lang}:
            stem, parts = _stems(word, lang)
            if stem and stem in self.stems:
                return 1.0
            if parts:
                best = max(best, PART_CREDIT * sum(p in self.stems for p in parts) / len(parts))
        return best


@lru_cache(maxsize=4096)
def _cached_tokens(text: str, lang: str) -> TextTokens:
    return TextTokens(text, lang)


def passage_tokens(chunk: Chunk) -> TextTokens:
    """A passage's tokens, its section heading included; cached (TextTokens never change once built),
    since the passage ranker, the evidence signals, the sentence candidates and the decision all
    read the same top passages of one question."""
    return _cached_tokens(f"{chunk.section}\n{chunk.text}", chunk.lang)
