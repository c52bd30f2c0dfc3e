"""Shared behaviour for embedders: a backend writes `embed_batch`, the rest is derived.

Follows simonw/llm's EmbeddingModel: one method to implement keeps backends tiny
and lets batching, normalisation and the langchain wrapper live in one place.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from veiviser.core.errors import VeiviserError

log = logging.getLogger(__name__)

_QUERY_CACHE_SIZE = 256


class EmbedderError(VeiviserError, RuntimeError):
    """An embedding backend could not be loaded or used; the message says what to install or set."""

    exit_code = 2


class BatchEmbedder:
    name: str = "base"
    dim: int = 0
    batch_size: int = 32

    def embed_batch(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        """Return an (n, dim) float32 array of L2-normalised vectors."""
        raise NotImplementedError  # the one method each backend supplies

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return self.embed_passages(texts).tolist()

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [
            self.embed_batch(texts[i : i + self.batch_size], is_query=False)
            for i in range(0, len(texts), self.batch_size)
        ]
        return _normalise(np.vstack(parts))

    def embed_query(self, text: str) -> list[float]:
        return self.embed_query_vector(text).tolist()

    def cached_query_vector(self, text: str) -> np.ndarray | None:
        """The vector of a recently embedded question, without calling the model (None if not cached)."""
        cache, lock = self._query_cache_and_lock()
        with lock:
            vector = cache.get(text)
            if vector is not None:
                cache.move_to_end(text)
            return vector

    def embed_query_vector(self, text: str) -> np.ndarray:
        # An answer reuses its search's vector (SearchResult), so one question costs one model call
        # either way; this small cache now only spares a question asked again: `veiviser eval`
        # searches and then answers each question, and a repeated question in a burst needs no
        # embedding slot (see retrieval.search.QuerySlots).
        vector = self.cached_query_vector(text)
        if vector is not None:
            return vector
        vector = _normalise(self.embed_batch([text], is_query=True))[0]
        vector.setflags(write=False)
        cache, lock = self._query_cache_and_lock()
        with lock:
            cache[text] = vector
            while len(cache) > _QUERY_CACHE_SIZE:
                cache.popitem(last=False)
        return vector

    def _query_cache_and_lock(self) -> tuple[OrderedDict[str, np.ndarray], threading.Lock]:
        # created lazily so backends need not call a base __init__ (benchmarks clear it by deleting the attribute)
        return self.__dict__.setdefault("_query_cache", OrderedDict()), self.__dict__.setdefault(
            "_query_lock", threading.Lock()
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} dim={self.dim}>"


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[1] == 0:
        return matrix
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms
