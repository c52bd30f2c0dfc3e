"""Hybrid retrieval: BM25 over stemmed tokens + dense vectors (best passage window per chunk), fused by z-scores."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field, replace

import numpy as np

from veiviser.core.config import FUSIONS, RetrievalSettings
from veiviser.core.protocols import Embedder, Reranker, SearchResult
from veiviser.core.types import Chunk, SearchFilters, SearchHit
from veiviser.index.versions import IndexVersion
from veiviser.retrieval.passage_ranker import PassageRanker
from veiviser.text.terms import QueryTerms
from veiviser.text.tokens import INDEX_LANGS

log = logging.getLogger(__name__)

# A query expander returns weighted lexical query parts: the query itself first,
# then synonyms and OCR variants with smaller weights.
QueryExpander = Callable[[str], list[tuple[str, float]]]


def no_expansion(query: str) -> list[tuple[str, float]]:
    return [(query, 1.0)]


@dataclass(frozen=True)
class FusionParams:
    """How the lexical and dense lists become one ranking.

    "score" (default): each candidate's BM25 score and cosine similarity are turned into
    z-scores over the candidate set and summed with the weights. It keeps how far ahead a
    passage is, which reciprocal ranks throw away: on the NorQuAD validation set R@5 went
    from 0.956 (tuned RRF + document prior) to 0.985, the dev set stayed level (see #3).
    "rrf": weighted reciprocal-rank fusion, kept for comparison and for stores without
    chunk vectors.
    With passage windows a chunk's dense score is its best window's cosine; the weights were
    checked again for that (and for questions without function words on the lexical side) on
    the dev set and NorQuAD together: 0.4/0.6 stayed best.
    """

    lexical_weight: float = 0.4
    dense_weight: float = 0.6
    rrf_k: int = 10
    candidate_depth: int = 50
    document_weight: float = 0.0  # weight of the question's most similar documents (0: off)
    method: str = "score"
    # Lexical weight multiplier for a question in a language the index barely holds (under
    # FOREIGN_SHARE of its chunks), e.g. English questions on Nordic documents: its words match
    # only through glossary synonyms, so the vectors should lead. Dev set: +1 of 6 English
    # questions in the top 5, NorQuAD unchanged.
    foreign_lexical_factor: float = 0.5

    def __post_init__(self) -> None:
        if self.method not in FUSIONS:
            raise ValueError(f"Unknown fusion {self.method!r}; choose one of: {', '.join(FUSIONS)}")

    @classmethod
    def from_settings(cls, settings: RetrievalSettings) -> FusionParams:
        return cls(
            settings.lexical_weight,
            settings.dense_weight,
            settings.rrf_k,
            settings.candidate_depth,
            settings.document_weight,
            settings.fusion,
        )


@dataclass
class _Candidates:
    """The union of the lexical and dense lists: each chunk with its scores and ranks where it has them."""

    chunks: dict[str, Chunk] = field(default_factory=dict)
    lexical: dict[str, float] = field(default_factory=dict)
    dense: dict[str, float] = field(default_factory=dict)
    lexical_rank: dict[str, int] = field(default_factory=dict)
    dense_rank: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, lexical: Sequence[tuple[Chunk, float]], dense: Sequence[tuple[Chunk, float]]) -> _Candidates:
        out = cls()
        for rank, (chunk, score) in enumerate(lexical, 1):
            out.chunks[chunk.id] = chunk
            out.lexical[chunk.id] = score
            out.lexical_rank[chunk.id] = rank
        for rank, (chunk, score) in enumerate(dense, 1):
            out.chunks.setdefault(chunk.id, chunk)
            out.dense[chunk.id] = score
            out.dense_rank[chunk.id] = rank
        return out

    def ranked(self, scores: dict[str, float]) -> list[SearchHit]:
        """Hits best first; ties broken by chunk id so results are deterministic."""
        order = sorted(scores, key=lambda cid: (-scores[cid], cid))
        return [
            SearchHit(self.chunks[cid], scores[cid], i, self.lexical_rank.get(cid), self.dense_rank.get(cid))
            for i, cid in enumerate(order, 1)
        ]


def fuse(
    lexical: Sequence[tuple[Chunk, float]],
    dense: Sequence[tuple[Chunk, float]],
    params: FusionParams,
    document_ranks: dict[str, int] | None = None,
) -> list[SearchHit]:
    """Weighted reciprocal-rank fusion.

    With `document_ranks`, every candidate also gets document_weight / (rrf_k + rank of its
    document), so a passage from the document the question is about rises.
    """
    c = _Candidates.of(lexical, dense)
    k = params.rrf_k
    scores: dict[str, float] = {}
    for cid in c.chunks:
        score = params.lexical_weight / (k + c.lexical_rank[cid]) if cid in c.lexical_rank else 0.0
        if cid in c.dense_rank:
            score += params.dense_weight / (k + c.dense_rank[cid])
        scores[cid] = score
    if document_ranks and params.document_weight:
        worst = len(document_ranks) + 1
        for cid in scores:
            scores[cid] += params.document_weight / (k + document_ranks.get(c.chunks[cid].doc_id, worst))
    return c.ranked(scores)


def fuse_scores(
    lexical: Sequence[tuple[Chunk, float]],
    dense: Sequence[tuple[Chunk, float]],
    params: FusionParams,
    lexical_score: Callable[[Chunk], float],
    dense_score: Callable[[list[Chunk]], Sequence[float]] | None = None,
    document_similarity: dict[str, float] | None = None,
) -> list[SearchHit]:
    """Weighted sum of z-scores over the union of both candidate lists.

    `lexical_score` gives the BM25 score of a chunk the lexical list did not hold;
    `dense_score`, when given, the dense score of every candidate from the index's stored
    vectors (with passage windows: the chunk's best window, which the store's one vector per
    chunk cannot give); without it, chunks the dense list did not hold get the lowest cosine
    seen, a floor that never lifts them. Signals that do not vary over the candidates (one
    candidate, or no dense side) contribute nothing.
    """
    c = _Candidates.of(lexical, dense)
    if not c.chunks:
        return []
    ids = sorted(c.chunks)
    lex = [c.lexical[cid] if cid in c.lexical else lexical_score(c.chunks[cid]) for cid in ids]
    total = params.lexical_weight * _zscores(lex)
    if dense:
        if dense_score is not None:
            c.dense.update(zip(ids, (float(x) for x in dense_score([c.chunks[cid] for cid in ids]))))
        floor = min(c.dense.values())
        total = total + params.dense_weight * _zscores([c.dense.get(cid, floor) for cid in ids])
    if document_similarity and params.document_weight:
        low = min(document_similarity.values())
        total = total + params.document_weight * _zscores(
            [document_similarity.get(c.chunks[cid].doc_id, low) for cid in ids]
        )
    return c.ranked(dict(zip(ids, (float(x) for x in total))))


def _zscores(values: Sequence[float]) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64)
    std = arr.std()
    if arr.size < 2 or std < 1e-12:
        return np.zeros(arr.size)
    return (arr - arr.mean()) / std


FOREIGN_SHARE = 0.2
DEFAULT_QUERY_LANG = "nb"  # for weighing a question's words when no language detector is given
# Nordic languages share enough stems (after folding) to count as one for lexical matching.
_LEXICAL_FAMILY = {"nb": "nordic", "nn": "nordic", "no": "nordic", "sv": "nordic", "da": "nordic"}


def lexical_family(lang: str) -> str:
    """Languages whose words can be compared as words (brukere/brugare/brugere): the Nordic ones together."""
    return _LEXICAL_FAMILY.get(lang, lang)


def language_shares(chunks: Sequence[Chunk]) -> dict[str, float]:
    """Share of chunks per language family (Nordic languages together)."""
    if not chunks:
        return {}
    counts: dict[str, int] = {}
    for c in chunks:
        family = lexical_family(c.lang)
        counts[family] = counts.get(family, 0) + 1
    return {family: n / len(chunks) for family, n in counts.items()}


class QuerySlots:
    """At most `slots` question embeddings at once; a search that cannot get a slot in time goes on
    with BM25 alone and its hits say so (`SearchHit.degraded`).

    Embedding a question costs ~35 ms of CPU with the default model, so on two cores about 55
    searches a second can include the vectors. When more arrive (a burst of users), queueing for
    the model would make everyone wait; answering from the lexical index keeps searches fast and
    the hits tell the caller that the vectors were left out.
    """

    def __init__(self, slots: int, wait_s: float) -> None:
        if slots < 1:
            raise ValueError("query embedding slots must be at least 1")
        self.slots = slots
        self.wait_s = max(0.0, wait_s)
        self._semaphore = threading.BoundedSemaphore(slots)

    @contextmanager
    def claim(self) -> Iterator[bool]:
        """Yields True with a slot held, False when none came free within wait_s."""
        held = self._semaphore.acquire(timeout=self.wait_s)
        try:
            yield held
        finally:
            if held:
                self._semaphore.release()


class HybridRetriever:
    def __init__(
        self,
        version: IndexVersion,
        embedder: Embedder | None,
        params: FusionParams = FusionParams(),
        expander: QueryExpander = no_expansion,
        reranker: Reranker | None = None,
        query_language: Callable[[str], str] | None = None,
        slots: QuerySlots | None = None,
        ranker: PassageRanker | None = None,
    ) -> None:
        self.version = version
        self.embedder = embedder
        self.params = params
        self.expander = expander
        self.reranker = reranker
        self.query_language = query_language
        self.slots = slots
        self.ranker = ranker
        self._shares = language_shares(version.lexical.chunks)
        self._sentences = _StoredSentences(version) if version.sentence_vectors is not None else None
        self._by_document: dict[str, list[Chunk]] | None = None
        self._dense = bool(embedder is not None and version.dim and getattr(embedder, "dim", 0) == version.dim)
        if embedder is not None and version.dim and not self._dense:
            log.warning("embedder dimension does not match the index; dense search is off")

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]:
        return list(self.retrieve(query, k, filters).hits)

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        if self._by_document is None:
            by_document: dict[str, list[Chunk]] = {}
            for chunk in self.version.lexical.chunks:
                by_document.setdefault(chunk.doc_id, []).append(chunk)
            self._by_document = by_document
        return list(self._by_document.get(doc_id, []))

    def retrieve(
        self, query: str, k: int = 10, filters: SearchFilters | None = None, *, lang: str | None = None
    ) -> SearchResult:
        """One expansion, one BM25 query and one vector query; `lang` skips language detection."""
        query = query.strip()
        if not query or k <= 0:
            return SearchResult(query, (), lang)
        depth = max(self.params.candidate_depth, k)
        terms = self.expander(query)
        lexical, lexical_scores = self.version.lexical.search(terms, depth, filters, langs=INDEX_LANGS)
        dense: list[tuple[Chunk, float]] = []
        vector = None
        degraded = False
        if self._dense:
            vector = self._query_vector(query)
            if vector is None:
                degraded = True
            else:
                dense = self.version.store.query(vector, depth, filters)
        if lang is None and self.query_language is not None:
            lang = self.query_language(query)
        if self.params.method == "rrf":
            doc_ranks = None
            if vector is not None and self.version.doc_vectors is not None and self.params.document_weight:
                doc_ranks = self.version.doc_vectors.ranks(vector)
            hits = fuse(lexical, dense, self.params, doc_ranks)
        else:
            hits = self._fuse_scores(lexical, lexical_scores, dense, vector, self._params_for(lang))
            if self.ranker is not None and vector is not None:
                # the learned ranker re-orders the best fused passages (it needs the question's vector)
                question_terms = QueryTerms.build(query, lang or DEFAULT_QUERY_LANG, list(terms[1:]))
                hits = self.ranker.rerank(hits, question_terms, vector, self.version)
        if self.reranker is not None and not degraded:
            # a busy machine answers from BM25 alone (QuerySlots): a cross-encoder's model runs
            # would cost more than the question embedding that was just skipped
            hits = self.reranker.rerank(query, hits, k)
        hits = hits[:k]
        if degraded:
            hits = [replace(h, degraded=True) for h in hits]
        return SearchResult(
            query,
            tuple(hits),
            lang,
            expansions=tuple(terms[1:]),
            lexical_top=tuple((c.id, s) for c, s in lexical),
            dense_top=tuple((c.id, s) for c, s in dense),
            query_vector=vector,
            embedder=self.embedder if vector is not None else None,
            sentence_vectors=self._sentences if vector is not None else None,
            degraded=degraded,
        )

    def _query_vector(self, query: str) -> np.ndarray | None:
        """The question's vector, or None when the model is busy with others (see QuerySlots)."""
        cached = getattr(self.embedder, "cached_query_vector", None)
        vector = cached(query) if cached is not None else None
        if vector is None:
            assert self.embedder is not None  # only called when dense search is on
            slots = self.slots
            with slots.claim() if slots is not None else nullcontext(True) as held:
                if not held:
                    wait_ms = slots.wait_s * 1000 if slots is not None else 0.0
                    log.info("query embedding busy for %.0f ms: searching with BM25 alone", wait_ms)
                    return None
                vector = self.embedder.embed_query(query)
        return np.asarray(vector, dtype=np.float32)

    def _params_for(self, lang: str | None) -> FusionParams:
        """The fusion weights for a question in `lang`: less lexical weight when few chunks share its language."""
        factor = self.params.foreign_lexical_factor
        if lang is None or factor == 1.0 or not self._shares:
            return self.params
        family = lexical_family(lang)
        if self._shares.get(family, 0.0) >= FOREIGN_SHARE:
            return self.params
        return replace(self.params, lexical_weight=self.params.lexical_weight * factor)

    def _fuse_scores(
        self,
        lexical: list[tuple[Chunk, float]],
        lexical_scores: np.ndarray,
        dense: list[tuple[Chunk, float]],
        vector: np.ndarray | None,
        params: FusionParams,
    ) -> list[SearchHit]:
        rows = self.version.lexical.by_id

        def lexical_score(chunk: Chunk) -> float:
            i = rows.get(chunk.id)
            return float(lexical_scores[i]) if i is not None else 0.0

        dense_score = self._stored_cosines(vector, dense) if vector is not None else None
        doc_sims = None
        if vector is not None and self.version.doc_vectors is not None and self.params.document_weight:
            doc_sims = self.version.doc_vectors.similarities(vector)
        return fuse_scores(lexical, dense, params, lexical_score, dense_score, doc_sims)

    def _stored_cosines(
        self, vector: np.ndarray, dense: list[tuple[Chunk, float]]
    ) -> Callable[[list[Chunk]], Sequence[float]] | None:
        """Exact dense scores of chunks from the index's stored vectors (None for indexes without them).

        With passage windows a chunk scores by its best window, else by its own vector.
        """
        windows = self.version.window_vectors
        vectors = self.version.chunk_vectors
        if windows is None and vectors is None:
            return None
        similarities = windows.best_similarities if windows is not None else vectors.similarities  # type: ignore[union-attr]
        rows = self.version.lexical.by_id
        floor = min((score for _, score in dense), default=0.0)

        def cosines(chunks: list[Chunk]) -> Sequence[float]:
            found = [rows.get(c.id) for c in chunks]
            sims = iter(similarities(vector, [i for i in found if i is not None]))
            return [float(next(sims)) if i is not None else floor for i in found]

        return cosines


class _StoredSentences:
    """The index version's sentence vectors, found by chunk id (see index.vectors.SentenceVectors)."""

    def __init__(self, version: IndexVersion) -> None:
        self.rows = version.lexical.by_id
        self.vectors = version.sentence_vectors

    def vector(self, chunk_id: str, start: int, end: int) -> np.ndarray | None:
        row = self.rows.get(chunk_id)
        if row is None or self.vectors is None:
            return None
        return self.vectors.vector(row, start, end)
