"""In-memory vector store: a deterministic stand-in for Chroma in fast tests."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from veiviser.core.types import Chunk, SearchFilters


class InMemoryStore:
    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._chunks: dict[str, Chunk] = {}
        self._vectors: dict[str, np.ndarray] = {}

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]] | None) -> None:
        for i, chunk in enumerate(chunks):
            self._chunks[chunk.id] = chunk
            if self.dim and embeddings is not None:
                self._vectors[chunk.id] = np.asarray(embeddings[i], dtype=np.float32)

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        gone = {cid for cid, c in self._chunks.items() if c.doc_id in set(doc_ids)}
        for cid in gone:
            self._chunks.pop(cid, None)
            self._vectors.pop(cid, None)

    def query(
        self, embedding: Sequence[float] | np.ndarray, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[Chunk, float]]:
        if self.dim == 0 or not self._vectors:
            return []
        q = np.asarray(embedding, dtype=np.float32)
        scored = [
            (self._chunks[cid], float(vec @ q))
            for cid, vec in self._vectors.items()
            if filters is None or filters.accepts(self._chunks[cid])
        ]
        scored.sort(key=lambda pair: (-pair[1], pair[0].id))
        return scored[:k]

    def iter_chunks(
        self, with_embeddings: bool = False, doc_ids: Sequence[str] | None = None, page_size: int = 0
    ) -> Iterator[tuple[Chunk, list[float] | None]]:
        for cid, chunk in list(self._chunks.items()):
            if doc_ids and chunk.doc_id not in doc_ids:
                continue
            vec = self._vectors.get(cid)
            yield chunk, (vec.tolist() if with_embeddings and vec is not None else None)

    def count(self) -> int:
        return len(self._chunks)

    def drop(self) -> None:
        self._chunks.clear()
        self._vectors.clear()
