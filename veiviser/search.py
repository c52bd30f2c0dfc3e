"""Hybrid retrieval: BM25 over stemmed tokens + dense vectors, fused by weighted reciprocal rank."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from veiviser.config import Settings
from veiviser.index import IndexVersion
from veiviser.protocols import Embedder, Reranker
from veiviser.text_tokens import INDEX_LANGS
from veiviser.types import Chunk, SearchFilters, SearchHit

log = logging.getLogger(__name__)

# A query expander returns weighted lexical query parts: the query itself first,
# then synonyms and OCR variants with smaller weights.
QueryExpander = Callable[[str], list[tuple[str, float]]]


def no_expansion(query: str) -> list[tuple[str, float]]:
    return [(query, 1.0)]


@dataclass(frozen=True)
class FusionParams:
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    rrf_k: int = 60
    candidate_depth: int = 50
    document_weight: float = 0.0  # weight of the question's most similar documents (0: off)

    @classmethod
    def from_settings(cls, settings: Settings) -> "FusionParams":
        return cls(
            settings.lexical_weight, settings.dense_weight, settings.rrf_k, settings.candidate_depth,
            settings.document_weight,
        )


def fuse(
    lexical: Sequence[tuple[Chunk, float]],
    dense: Sequence[tuple[Chunk, float]],
    params: FusionParams,
    document_ranks: dict[str, int] | None = None,
) -> list[SearchHit]:
    """Weighted reciprocal-rank fusion; ties broken by chunk id so results are deterministic.

    With `document_ranks`, every candidate also gets document_weight / (rrf_k + rank of its
    document), so a passage from the document the question is about rises.
    """
    scores: dict[str, float] = {}
    chunks: dict[str, Chunk] = {}
    lex_rank: dict[str, int] = {}
    dense_rank: dict[str, int] = {}
    for rank, (chunk, _) in enumerate(lexical, 1):
        chunks[chunk.id] = chunk
        lex_rank[chunk.id] = rank
        scores[chunk.id] = scores.get(chunk.id, 0.0) + params.lexical_weight / (params.rrf_k + rank)
    for rank, (chunk, _) in enumerate(dense, 1):
        chunks.setdefault(chunk.id, chunk)
        dense_rank[chunk.id] = rank
        scores[chunk.id] = scores.get(chunk.id, 0.0) + params.dense_weight / (params.rrf_k + rank)
    if document_ranks and params.document_weight:
        worst = len(document_ranks) + 1
        for cid in scores:
            rank = document_ranks.get(chunks[cid].doc_id, worst)
            scores[cid] += params.document_weight / (params.rrf_k + rank)
    order = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [
        SearchHit(chunks[cid], scores[cid], i, lex_rank.get(cid), dense_rank.get(cid))
        for i, cid in enumerate(order, 1)
    ]


class HybridRetriever:
    def __init__(
        self,
        version: IndexVersion,
        embedder: Embedder | None,
        params: FusionParams = FusionParams(),
        expander: QueryExpander = no_expansion,
        reranker: Reranker | None = None,
    ) -> None:
        self.version = version
        self.embedder = embedder
        self.params = params
        self.expander = expander
        self.reranker = reranker
        self._dense = bool(embedder is not None and version.dim and getattr(embedder, "dim", 0) == version.dim)
        if embedder is not None and version.dim and not self._dense:
            log.warning("embedder dimension does not match the index; dense search is off")

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        query = query.strip()
        if not query or k <= 0:
            return []
        depth = max(self.params.candidate_depth, k)
        terms = self.expander(query)
        lexical = self.version.lexical.top(terms, depth, filters, langs=INDEX_LANGS)
        dense: list[tuple[Chunk, float]] = []
        doc_ranks = None
        if self._dense:
            vector = self.embedder.embed_query(query)  # type: ignore[union-attr]
            dense = self.version.store.query(vector, depth, filters)
            if self.version.doc_vectors is not None and self.params.document_weight:
                doc_ranks = self.version.doc_vectors.ranks(vector)
        hits = fuse(lexical, dense, self.params, doc_ranks)
        if self.reranker is not None:
            hits = self.reranker.rerank(query, hits[:depth], k)
        return hits[:k]
