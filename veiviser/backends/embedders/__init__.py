"""Embedder backends; `make_embedder` picks one by name (see backends.registry). Heavy imports happen only on use."""

from __future__ import annotations

from veiviser.backends.embedders.base import BatchEmbedder, EmbedderError
from veiviser.backends.registry import make_embedder

__all__ = ["BatchEmbedder", "EmbedderError", "make_embedder"]
