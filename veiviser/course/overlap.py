"""When one key point says nothing another does not already say, so a course never lists it twice.

The kb states a few things in several places: the glossary's definition of a coordinator,
the role card's summary and its first duty all say "sørger for oppfølging, samordning og
framdrift i individuell plan"; the Swedish team coordinator's summary and duty are one
sentence apart in wording. A course built from ranked facts picked them all. Point `a`
is covered by point `b` when nearly all of `a`'s content words are in `b` and `a` matches
one clause of `b` closely (Dice over content-word stems): words scattered over a long
provision do not make a duplicate, the same clause in other words does. Of two such
points the fuller one is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from veiviser.text.terms import content_words
from veiviser.text.tokens import fold, stem_tokens

CONTAINED = 0.75  # share of the shorter point's content words that must occur in the other
CLAUSE_DICE = 0.55  # how closely it must match one clause of the other
MIN_SHARED = 3  # fewer shared words than this is never a duplicate
_CLAUSE_END = re.compile(r"(?<=[.!?;:])\s+")
T = TypeVar("T")


@lru_cache(maxsize=4096)
def _stems(text: str, lang: str) -> frozenset[str]:
    return frozenset(fold(s) for s in stem_tokens(content_words(text, lang), lang))


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_END.split(text) if c.strip()]


def covered(a: str, b: str, lang: str) -> bool:
    """Whether point `a` adds nothing to point `b` (see the module docstring)."""
    mine, theirs = _stems(a, lang), _stems(b, lang)
    shared = mine & theirs
    if len(shared) < MIN_SHARED or len(mine) > len(theirs) or len(shared) < CONTAINED * len(mine):
        return False
    for clause in _clauses(b):
        words = _stems(clause, lang)
        common = len(mine & words)
        if common >= MIN_SHARED and 2 * common / (len(mine) + len(words)) >= CLAUSE_DICE:
            return True
    return False


def keep_new(chosen: list[T], new: T, text: Callable[[T], str], lang: str) -> bool:
    """Add `new` to `chosen` unless a chosen item already says it; chosen items it says in full make way.

    Returns whether `new` was added, so a caller filling a quota can take the next candidate.
    """
    if any(covered(text(new), text(c), lang) for c in chosen):
        return False
    chosen[:] = [c for c in chosen if not covered(text(c), text(new), lang)]
    chosen.append(new)
    return True
