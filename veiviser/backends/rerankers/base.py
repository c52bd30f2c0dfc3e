"""What every reranker shares: score (question, passage) pairs, then reorder the best fused hits.

A backend only says how much a passage answers a question (`score_pairs`); the reordering,
the depth it looks at and what happens to the hits below that depth are the same for all.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import replace

from veiviser.core.config import ConfigError
from veiviser.core.errors import VeiviserError
from veiviser.core.types import SearchHit


class RerankerError(VeiviserError, RuntimeError):
    """A reranker failed while scoring."""


class RerankerUnavailable(RerankerError, ConfigError):
    """The configured reranker cannot be loaded: a setting to fix, so shells report it as one."""

    exit_code = 2


class ScoringReranker(ABC):
    name: str = "reranker"

    def __init__(self, depth: int = 20) -> None:
        if depth < 1:
            raise ValueError("rerank depth must be at least 1")
        self.depth = depth

    @abstractmethod
    def score_pairs(self, query: str, passages: Sequence[str]) -> list[float]:
        """How well each passage answers the query (higher is better), one score per passage."""

    def rerank(self, query: str, hits: Sequence[SearchHit], k: int) -> list[SearchHit]:
        """The top `depth` hits re-scored and reordered, then the rest in their fused order; `k` of them.

        Ties keep the fused order, so a backend that cannot tell two passages apart leaves them
        as hybrid search ranked them. Reranked hits carry the reranker's score.
        """
        if k <= 0 or not hits:
            return []
        head, tail = list(hits[: self.depth]), list(hits[self.depth :])
        scores = self.score_pairs(query, [h.chunk.text for h in head])
        if len(scores) != len(head):
            raise RerankerError(f"{self.name} gave {len(scores)} scores for {len(head)} passages")
        order = sorted(range(len(head)), key=lambda i: (-float(scores[i]), i))
        reranked = [replace(head[i], score=float(scores[i])) for i in order] + tail
        return [replace(h, rank=rank) for rank, h in enumerate(reranked[:k], 1)]
