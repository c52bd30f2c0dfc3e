"""Chroma as the vector store: embedded (persistent client) or a server (HTTP client).

Each index version is its own collection; in embedded mode it also lives in its
own folder, so a killed ingest can never touch the version that is answering.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from veiviser.core.errors import VeiviserError
from veiviser.core.types import Chunk, SearchFilters

log = logging.getLogger(__name__)

_ADD_BATCH = 1000
# Chroma refuses to store a record without a vector and would otherwise try to
# download its default model; the lexical-only index stores this placeholder.
_PLACEHOLDER_VECTOR = [1.0]


class StoreError(VeiviserError, RuntimeError):
    """The vector store could not be opened or written; the message says what to check."""


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def persistent_client(path: Path) -> Any:
    import chromadb

    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())


def http_client(url: str) -> Any:
    import chromadb

    parsed = urlparse(url if "://" in url else f"http://{url}")
    if not parsed.hostname:
        raise StoreError(f"Chroma URL {url!r} has no host; use e.g. http://127.0.0.1:8000")
    try:
        client = chromadb.HttpClient(
            host=parsed.hostname,
            port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https",
            settings=_chroma_settings(),
        )
        client.heartbeat()
    except Exception as exc:
        raise StoreError(
            f"Cannot reach the Chroma server at {url}: {exc}. Start it with "
            "`chroma run --host 127.0.0.1 --port 8000 --path DIR` or unset VEIVISER_CHROMA_URL."
        ) from exc
    return client


def filters_to_where(filters: SearchFilters | None) -> dict[str, Any] | None:
    if filters is None:
        return None
    clauses: list[dict[str, Any]] = []
    if filters.langs:
        clauses.append({"lang": {"$in": list(filters.langs)}})
    if filters.doc_ids:
        clauses.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if filters.doc_types:
        clauses.append({"doc_type": {"$in": list(filters.doc_types)}})
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class ChromaStore:
    """One collection of chunks. `dim == 0` means a lexical-only index."""

    def __init__(self, client: Any, collection: str, dim: int) -> None:
        self.client = client
        self.collection_name = collection
        self.dim = dim
        self._col = client.get_or_create_collection(
            collection, embedding_function=None, metadata={"hnsw:space": "cosine"}
        )

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]] | None) -> None:
        if not chunks:
            return
        if self.dim == 0 or embeddings is None:
            vectors: list[Any] = [_PLACEHOLDER_VECTOR] * len(chunks)
        else:
            vectors = [list(map(float, v)) for v in embeddings]
            if len(vectors) != len(chunks):
                raise StoreError(f"{len(chunks)} chunks but {len(vectors)} vectors")
        for start in range(0, len(chunks), _ADD_BATCH):
            part = chunks[start : start + _ADD_BATCH]
            self._col.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[start : start + _ADD_BATCH],
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
            )

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        if doc_ids:
            self._col.delete(where={"doc_id": {"$in": list(doc_ids)}})

    def query(
        self, embedding: Sequence[float] | np.ndarray, k: int, filters: SearchFilters | None = None
    ) -> list[tuple[Chunk, float]]:
        if self.dim == 0 or k <= 0:
            return []
        res = self._col.query(  # Chroma returns fewer than k when the collection is smaller
            query_embeddings=[list(map(float, embedding))],
            n_results=k,
            where=filters_to_where(filters),
            include=["documents", "metadatas", "distances"],
        )
        out = []
        for cid, text, md, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0]):
            out.append((Chunk.from_metadata(cid, text, md), 1.0 - float(dist)))
        return out

    def iter_chunks(
        self, with_embeddings: bool = False, doc_ids: Sequence[str] | None = None, page_size: int = 2000
    ) -> Iterator[tuple[Chunk, list[float] | None]]:
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids else None
        offset = 0
        while True:
            res = self._col.get(include=include, where=where, limit=page_size, offset=offset)
            ids = res["ids"]
            if not len(ids):
                return
            embs = res.get("embeddings") if with_embeddings else None
            for i, cid in enumerate(ids):
                vec = None
                if embs is not None and self.dim:
                    vec = [float(x) for x in embs[i]]
                yield Chunk.from_metadata(cid, res["documents"][i], res["metadatas"][i]), vec
            offset += len(ids)

    def count(self) -> int:
        return int(self._col.count())

    def drop(self) -> None:
        try:
            self.client.delete_collection(self.collection_name)
        except Exception as exc:  # already gone is fine
            log.debug("drop collection %s: %s", self.collection_name, exc)


class ChromaStores:
    """Chroma per index version: an embedded store in the version's folder, or a collection on a server."""

    def __init__(self, server_url: str = "") -> None:
        self.server_url = server_url

    def open(self, version_path: Path, name: str, dim: int) -> ChromaStore:
        return ChromaStore(self._client_for(version_path), name, dim)

    def delete(self, version_path: Path, name: str) -> None:
        if not self.server_url:
            return  # embedded: the collection lives in the version folder the index removes
        try:
            http_client(self.server_url).delete_collection(name)
        except Exception as exc:
            log.debug("could not drop collection %s: %s", name, exc)

    def _client_for(self, version_path: Path) -> Any:
        if self.server_url:
            return http_client(self.server_url)
        return persistent_client(version_path / "chroma")
