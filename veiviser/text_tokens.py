"""Tokenising and per-language Snowball stemming for the lexical index (PyStemmer)."""

from __future__ import annotations

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


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens; digits kept (years, section numbers and counts matter here)."""
    return [t for t in _WORD.findall(text.lower()) if len(t) > 1 or t.isdigit()]


@lru_cache(maxsize=8)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_FOR_LANG.get(lang, "norwegian"))


def stem_tokens(tokens: list[str], lang: str) -> list[str]:
    return _stemmer(lang).stemWords(tokens)


def analyse(text: str, lang: str) -> list[str]:
    """Tokens as stored in the lexical index for a text in `lang`."""
    return stem_tokens(tokenize(text), lang)
