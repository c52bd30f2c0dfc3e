"""Does a passage use a requirement's keywords, allowing for inflection, compounds and nynorsk?

Keywords are short phrases ("oppnevne koordinator", "så få som mulig"). A keyword is
found when each of its content words occurs in the passage, where a passage word
matches a keyword word when it is the same word or an inflected form of it
("møte" -> "møtet", "møtene"; "fastlege" -> "fastlegane") and compounds count by
their parts ("koordinatoropplæringen" holds "opplæring"). Function words of the
keyword ("så", "som", "og") are ignored. Everything is lower-cased and folded
(ø->o, æ->a, å->a) so bokmål and nynorsk spellings that differ only there meet.

A keyword shared by several requirements says less about each: `KeywordIndex`
weighs each keyword by 1 / (number of requirements it belongs to).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from veiviser.text.terms import zipf
from veiviser.text.tokens import fold, split_compound, tokenize

FUNCTION_WORD_ZIPF = 6.2  # keyword words at least this common in everyday text are ignored
MIN_PREFIX = 4  # a word must keep at least this many letters to match inflected forms by prefix
MAX_SUFFIX = 5  # inflections and derivations may add at most this many letters


@lru_cache(maxsize=100_000)
def _word_forms(word: str, lang: str) -> tuple[str, ...]:
    """A passage word and its compound parts, folded."""
    parts = split_compound(word, lang)
    return tuple(fold(w) for w in (word, *parts))


def passage_words(text: str, lang: str) -> frozenset[str]:
    """The folded words of `text`, with the parts of its compounds."""
    out: set[str] = set()
    for word in tokenize(text):
        out.update(_word_forms(word, lang))
    return frozenset(out)


def _stem_key(word: str) -> str:
    """The part of a keyword word an inflected form must start with."""
    if len(word) <= MIN_PREFIX:
        return word
    # drop a final vowel or "er"/"ar"/"en" (nb/nn inflection), keep at least MIN_PREFIX letters
    for ending in ("ene", "ane", "er", "ar", "en", "et", "e", "a"):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_PREFIX:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Keyword:
    text: str
    keys: tuple[str, ...]  # folded stem keys of its content words

    def found_in(self, words: frozenset[str]) -> bool:
        return bool(self.keys) and all(key_in(key, words) for key in self.keys)


def key_in(key: str, words: frozenset[str]) -> bool:
    """Whether a word key (see `make_keyword`) or an inflected form of it is among `words`."""
    if key in words:
        return True
    if len(key) < 3:
        return False
    return any(w.startswith(key) and len(w) - len(key) <= MAX_SUFFIX for w in words)


def make_keyword(text: str, lang: str = "nb") -> Keyword:
    words = [w for w in tokenize(text) if not w.isdigit()]
    content = [w for w in words if zipf(w, lang) < FUNCTION_WORD_ZIPF] or words
    return Keyword(text=text, keys=tuple(dict.fromkeys(_stem_key(fold(w)) for w in content)))


@dataclass(frozen=True)
class KeywordHit:
    keyword: str
    weight: float


class KeywordIndex:
    """Keywords of every requirement, weighted by how specific they are to it."""

    def __init__(self, keywords_by_requirement: dict[str, Sequence[str]], lang: str = "nb") -> None:
        self.keywords: dict[str, tuple[Keyword, ...]] = {
            rid: tuple(make_keyword(k, lang) for k in kws) for rid, kws in keywords_by_requirement.items()
        }
        vocab = {rid: words_of(kws, lang) for rid, kws in keywords_by_requirement.items()}
        self.weights: dict[tuple[str, ...], float] = {}
        for kws in self.keywords.values():
            for kw in kws:
                owners = sum(1 for words in vocab.values() if kw.found_in(words))
                self.weights[kw.keys] = 1.0 / max(1, owners)

    def hits(self, requirement_id: str, words: frozenset[str]) -> list[KeywordHit]:
        out: list[KeywordHit] = []
        seen: set[tuple[str, ...]] = set()
        for kw in self.keywords.get(requirement_id, ()):
            if kw.keys in seen or not kw.found_in(words):
                continue
            seen.add(kw.keys)
            out.append(KeywordHit(kw.text, self.weights[kw.keys]))
        return out

    def score(self, requirement_id: str, words: frozenset[str]) -> float:
        return sum(h.weight for h in self.hits(requirement_id, words))


def words_of(texts: Iterable[str], lang: str) -> frozenset[str]:
    out: set[str] = set()
    for text in texts:
        out |= passage_words(text, lang)
    return frozenset(out)
