"""sentence-transformers CrossEncoder as reranker: reads question and passage together.

A cross-encoder judges a passage with the question in view, which a single vector per text
cannot; it is also one model run per passage, so only the best `depth` fused hits are
re-scored. Loading never downloads (model hubs are unreachable): give a local folder, or a
name already in the Hugging Face cache.
"""

from __future__ import annotations

from collections.abc import Sequence

from veiviser.backends.embedders.sentence_transformers_embedder import resolve_model_path
from veiviser.backends.rerankers.base import RerankerUnavailable, ScoringReranker


class CrossEncoderReranker(ScoringReranker):
    def __init__(self, model: str, depth: int = 20, batch_size: int = 16, device: str = "cpu") -> None:
        super().__init__(depth)
        try:
            from sentence_transformers import CrossEncoder
        except ImportError as exc:
            raise RerankerUnavailable(
                "The cross-encoder reranker needs `pip install torch==2.13.0 sentence-transformers` "
                "(pin torch on these machines, or pip pulls a multi-GB CUDA build)."
            ) from exc
        try:
            self._model = CrossEncoder(resolve_model_path(model), device=device, local_files_only=True)
        except Exception as exc:  # the library raises many types for a missing or broken model
            raise RerankerUnavailable(
                f"Could not load cross-encoder model {model!r} offline: {exc}. Give a local model folder "
                "(VEIVISER_RERANKER_MODEL=/path/to/model), or set VEIVISER_RERANKER=none to search without it."
            ) from exc
        self.name = f"cross-encoder:{model}"
        self.batch_size = batch_size

    def score_pairs(self, query: str, passages: Sequence[str]) -> list[float]:
        if not passages:
            return []
        scores = self._model.predict(
            [(query, text) for text in passages], batch_size=self.batch_size, show_progress_bar=False
        )
        return [float(s) for s in scores]
