"""Learning to rank over the fused candidates: a small linear model re-orders the best passages.

The fused score (BM25 and dense z-scores with fixed weights, see `search.fuse_scores`) is one
number per passage. The ranker looks at more of what the index already holds, per passage:
the fused score and ranks, the cosine of its best passage window and of its best and second
best sentence (vectors stored at ingest), how much of the question's weighted terms the
passage and its headings cover, whether it is a kb entry, its length. Cosines and coverage
are also given relative to the best candidate, so the model compares passages within one
question. None of these names a document or a question.

The weights are a pairwise logistic regression (right passage minus wrong passage of the same
question) trained by `eval/train_ranker.py` on the train splits of the domain set and NorQuAD,
with C chosen by grouped cross-validation; the model file is `prompts/passage_ranker.json`.
Only the top `depth` fused passages are re-ordered; the rest keep their order below them.
The weights hold for the embedder the model was trained with (its cosines have their own
scale); an index built with another embedder keeps the fused order.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from veiviser.core.errors import VeiviserError
from veiviser.core.linear import linear_fields, read_linear_fields, write_model
from veiviser.core.types import SearchHit
from veiviser.index.versions import IndexVersion
from veiviser.text.terms import QueryTerms, TextTokens, passage_tokens

RANKER_FILE = "passage_ranker.json"
RANK_DEPTH = 20
PASSAGE_FEATURES = (
    "fused_score",
    "fused_gap",
    "fused_rank",
    "lexical_rank",
    "dense_rank",
    "window_cosine",
    "window_cosine_gap",
    "best_sentence_cosine",
    "best_sentence_gap",
    "second_sentence_cosine",
    "coverage",
    "coverage_gap",
    "heading_coverage",
    "kb",
    "log_chars",
    "n_sentences",
)


class RankerModelError(VeiviserError, ValueError):
    """The passage ranker file cannot be used; the message says which and what to do."""

    exit_code = 2


def passage_features(
    hits: Sequence[SearchHit], terms: QueryTerms, vector: np.ndarray, version: IndexVersion
) -> list[dict[str, float]] | None:
    """The ranker's features of each hit, or None when the index lacks the vectors they need."""
    sentences = version.sentence_vectors
    windows = version.window_vectors
    chunks = version.chunk_vectors
    if sentences is None or (windows is None and chunks is None) or not hits:
        return None
    rows = version.lexical.by_id
    found = [rows.get(h.chunk.id) for h in hits]
    if any(r is None for r in found):
        return None
    indices = [int(r) for r in found if r is not None]
    unit = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(unit))
    if norm > 0:
        unit = unit / norm
    similar = windows.best_similarities if windows is not None else chunks.similarities  # type: ignore[union-attr]
    window_cosines = [float(x) for x in similar(unit, indices)]
    top = hits[0].score
    out: list[dict[str, float]] = []
    for hit, row, window in zip(hits, indices, window_cosines):
        _, vectors = sentences.of_row(row)
        cosines = np.sort(vectors @ unit)[::-1] if len(vectors) else np.array([window])
        chunk = hit.chunk
        tokens = passage_tokens(chunk)
        heading = TextTokens(" ".join([chunk.title, *chunk.heading_path, chunk.section]), chunk.lang)
        out.append(
            {
                "fused_score": hit.score,
                "fused_gap": hit.score - top,
                "fused_rank": 1.0 / hit.rank,
                "lexical_rank": 1.0 / hit.lexical_rank if hit.lexical_rank else 0.0,
                "dense_rank": 1.0 / hit.dense_rank if hit.dense_rank else 0.0,
                "window_cosine": window,
                "best_sentence_cosine": float(cosines[0]),
                "second_sentence_cosine": float(cosines[1]) if len(cosines) > 1 else float(cosines[0]),
                "coverage": terms.coverage(tokens),
                "heading_coverage": terms.coverage(heading),
                "kb": 1.0 if chunk.doc_type == "kb" else 0.0,
                "log_chars": math.log1p(len(chunk.text)),
                "n_sentences": float(len(vectors)),
            }
        )
    for name, gap in (
        ("window_cosine", "window_cosine_gap"),
        ("best_sentence_cosine", "best_sentence_gap"),
        ("coverage", "coverage_gap"),
    ):
        best = max(f[name] for f in out)
        for f in out:
            f[gap] = f[name] - best
    return out


@dataclass(frozen=True)
class PassageRanker:
    """A linear score over standardised passage features; higher ranks first."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    meta: dict[str, Any]
    depth: int = RANK_DEPTH

    @property
    def embedder(self) -> str:
        """The embedder whose cosines it was trained on ("" when the file does not say)."""
        return str(self.meta.get("embedder", ""))

    def suits(self, version: IndexVersion) -> bool:
        """Cosines of another embedder lie on another scale: the weights only hold for the one trained on."""
        return not self.embedder or self.embedder == version.embedder_name

    def scores(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        x = np.array([[r.get(n, 0.0) for n in self.features] for r in rows], dtype=np.float64)
        return ((x - self.mean) / self.scale) @ self.coef

    def rerank(
        self, hits: Sequence[SearchHit], terms: QueryTerms, vector: np.ndarray, version: IndexVersion
    ) -> list[SearchHit]:
        """The top `depth` hits re-ordered by the model (scores replaced by its own), the rest after them."""
        head, tail = list(hits[: self.depth]), list(hits[self.depth :])
        rows = passage_features(head, terms, vector, version)
        if rows is None or len(head) < 2:
            return list(hits)
        scores = self.scores(rows)
        order = sorted(range(len(head)), key=lambda i: (-scores[i], head[i].rank))
        floor = float(np.min(scores))
        ranked = [replace(head[i], score=float(scores[i]), rank=r) for r, i in enumerate(order, 1)]
        # the passages below the re-ordered ones keep their order and score below them
        rest = [replace(h, score=floor - 1.0 - i, rank=len(ranked) + i + 1) for i, h in enumerate(tail)]
        return ranked + rest

    def as_dict(self) -> dict[str, Any]:
        return linear_fields(self.features, self.mean, self.scale, self.coef) | {"depth": self.depth, "meta": self.meta}

    def save(self, path: Path) -> None:
        write_model(path, self.as_dict())

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PassageRanker:
        names, mean, scale, coef = read_linear_fields(data, PASSAGE_FEATURES, "the passage ranker", RankerModelError)
        if not all(np.all(np.isfinite(a)) for a in (mean, scale, coef)):
            raise RankerModelError("the passage ranker holds values that are not finite numbers; retrain it")
        depth = int(data.get("depth", RANK_DEPTH))
        if depth < 2:
            raise RankerModelError(f"the passage ranker's depth must be at least 2 (it is {depth})")
        return cls(names, mean, scale, coef, dict(data.get("meta", {})), depth)


def load_passage_ranker(prompts_dir: Path) -> PassageRanker | None:
    """The trained ranker in prompts_dir, or None when none has been trained there."""
    path = Path(prompts_dir) / RANKER_FILE
    if not path.exists():
        return None
    try:
        return PassageRanker.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except RankerModelError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RankerModelError(
            f"{path} is not a usable passage ranker ({exc}); retrain it with eval/train_ranker.py or delete it"
        ) from exc
