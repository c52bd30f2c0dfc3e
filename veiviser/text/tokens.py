"""Tokenising, per-language Snowball stemming, compound splitting and letter folding.

The lexical index and the query go through the same `analyse`, so they meet in the
same token space:
- stems per language (PyStemmer), chosen by the chunk's and the query's language;
- compounds split into known parts ("oppfølgingsteam" also gives "oppfølging", "team"),
  because Nordic compounds hide the word a user searches for;
- stems folded to plain letters (ø/ö -> o, æ/ä/å -> a), so "oppfolging" typed on an
  English keyboard, Swedish "för" and Norwegian "før" meet.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

STEMMER_FOR_LANG = {
    "nb": "norwegian",
    "nn": "norwegian",
    "no": "norwegian",
    "sv": "swedish",
    "da": "danish",
    "en": "english",
}
INDEX_LANGS = ("nb", "sv", "da", "en")
_WORDFREQ_LANG = {"nb": "nb", "nn": "nb", "no": "nb", "sv": "sv", "da": "da", "en": "en"}
_FOLD = str.maketrans({"ø": "o", "ö": "o", "æ": "a", "ä": "a", "å": "a", "é": "e", "ü": "u"})
_LINKS = ("", "s", "e")  # Nordic linking morphemes: oppfølging-s-team, barn-e-hage
_MIN_PART = 4
_MIN_COMPOUND = 9


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; digits kept (years, section numbers and counts matter here).

    "§" becomes the word "paragraf" (the same in nb, nn, sv and da), so a question about
    "paragrafen" or "hvilken paragraf" meets the "§ 7-2" in the law text.
    """
    return [t for t in _WORD.findall(text.lower().replace("§", " paragraf ")) if len(t) > 1 or t.isdigit()]


def fold(token: str) -> str:
    return token.translate(_FOLD)


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_FOR_LANG.get(lang, "norwegian"))


@lru_cache(maxsize=8)
def _lexicon(lang: str) -> dict[str, float]:
    """Known words of at least _MIN_PART letters with their Zipf frequency."""
    from wordfreq import get_frequency_dict, top_n_list

    code = _WORDFREQ_LANG.get(lang, "nb")
    # zipf from the frequency table directly: the same values as zipf_frequency(), which
    # re-tokenises every word and took 1.2 s per language (5 s of each ingest and app start)
    frequencies = get_frequency_dict(code)
    return {
        w: round(math.log10(frequencies[w]) + 9, 2)
        for w in top_n_list(code, 60000)
        if len(w) >= _MIN_PART and frequencies.get(w, 0) > 0
    }


@lru_cache(maxsize=200_000)
def split_compound(token: str, lang: str) -> tuple[str, ...]:
    """Two known parts of a compound (head last), or () when the token is not one."""
    if len(token) < _MIN_COMPOUND or not token.isalpha():
        return ()
    lexicon = _lexicon(lang)
    best: tuple[str, ...] = ()
    best_score = 0.0
    for cut in range(_MIN_PART, len(token) - _MIN_PART + 1):
        head = token[cut:]
        if head not in lexicon:
            continue
        left = token[:cut]
        for link in _LINKS:
            if link and not left.endswith(link):
                continue
            modifier = left[: len(left) - len(link)] if link else left
            if len(modifier) >= _MIN_PART and modifier in lexicon:
                # the split whose rarer part is most common wins: oppfølging+team, not oppfølgings+steam
                score = min(lexicon[modifier], lexicon[head])
                if score > best_score:
                    best, best_score = (modifier, head), score
    return best


def stem_tokens(tokens: list[str], lang: str) -> list[str]:
    return _stemmer(lang).stemWords(tokens)


def analyse(text: str, lang: str) -> list[str]:
    """Tokens as stored in the lexical index for a text in `lang`."""
    words = tokenize(text)
    expanded: list[str] = []
    for word in words:
        expanded.append(word)
        expanded.extend(split_compound(word, lang))
    return [fold(s) for s in stem_tokens(expanded, lang)]
