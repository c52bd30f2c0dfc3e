"""Reranker backends (the optional second stage of search); `make_reranker` picks one by name (see backends.registry)."""

from __future__ import annotations

from veiviser.backends.registry import make_reranker
from veiviser.backends.rerankers.base import RerankerError, RerankerUnavailable, ScoringReranker

__all__ = ["RerankerError", "RerankerUnavailable", "ScoringReranker", "make_reranker"]
