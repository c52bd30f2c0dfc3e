"""Reranker backends (the optional second stage of search), chosen by settings. Heavy imports on use."""

from __future__ import annotations

from veiviser.backends.rerankers.base import RerankerError, RerankerUnavailable, ScoringReranker
from veiviser.core.config import Settings


def make_reranker(settings: Settings) -> ScoringReranker | None:
    """The reranker the settings name, or None when reranking is off (the default)."""
    if settings.reranker == "none":
        return None
    if settings.reranker == "fake":
        from veiviser.backends.rerankers.fake import FakeReranker

        return FakeReranker(depth=settings.rerank_depth)
    if settings.reranker == "cross-encoder":
        from veiviser.backends.rerankers.cross_encoder import CrossEncoderReranker

        return CrossEncoderReranker(settings.reranker_model, depth=settings.rerank_depth)
    raise RerankerUnavailable(f"Unknown reranker {settings.reranker!r}")


__all__ = ["RerankerError", "RerankerUnavailable", "ScoringReranker", "make_reranker"]
