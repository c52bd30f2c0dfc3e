"""A deterministic stand-in for a cross-encoder: the share of the question's content words in a passage.

For tests and for trying the reranking stage without a model; not a quality reranker.
"""

from __future__ import annotations

from collections.abc import Sequence

from veiviser.backends.rerankers.base import ScoringReranker
from veiviser.text.tokens import INDEX_LANGS, analyse


class FakeReranker(ScoringReranker):
    name = "fake"

    def score_pairs(self, query: str, passages: Sequence[str]) -> list[float]:
        wanted = {tok for lang in INDEX_LANGS for tok in analyse(query, lang)}
        if not wanted:
            return [0.0] * len(passages)
        scores = []
        for text in passages:
            found = {tok for lang in INDEX_LANGS for tok in analyse(text, lang)}
            scores.append(len(wanted & found) / len(wanted))
        return scores
