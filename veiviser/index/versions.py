"""Versioned index on disk: build a new version beside the live one, then switch atomically.

Layout of an index directory::

    index/
      CURRENT            name of the live version (replaced atomically with os.replace)
      INDEX_ID           random id, keeps collection names of two indexes apart on one Chroma server
      ingest.lock        file lock: one writer at a time
      versions/<name>/   manifest.json (written last), lexical/, chroma/ (embedded mode)

A version without manifest.json, or not named by CURRENT, was never live; it is
removed by the next ingest. A reader always opens what CURRENT names, so a run
killed at any point leaves the previous version answering.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from veiviser.backends.registry import make_store_provider
from veiviser.core.config import Settings
from veiviser.core.errors import VeiviserError
from veiviser.core.protocols import VectorStore, VectorStoreProvider
from veiviser.index.lexical import LexicalIndex

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DOC_VECTORS = "doc_vectors.npz"
CHUNK_VECTORS = "chunk_vectors.npy"
WINDOW_VECTORS = "window_vectors.npy"
WINDOW_OFFSETS = "window_offsets.npy"
FORMAT_VERSION = 1
# What the derived files of a version look like (lexical tokens, vector files). When it changes,
# the next ingest rebuilds them from the stored chunks and vectors, without embedding again.
# 2: "§" is tokenised as "paragraf"; chunk vectors are stored beside the lexical index.
LAYOUT_VERSION = 2


class IndexStateError(VeiviserError, RuntimeError):
    """The index is not in a state the operation can use (missing, locked by an ingest)."""


class IndexMissingError(IndexStateError):
    """No usable index at the path: the user must build one or point at another."""

    exit_code = 2


class IngestLockedError(IndexStateError):
    """Another ingest holds the lock; its own exit code, so a script can wait and retry."""

    exit_code = 3


def _utcnow() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str) -> None:
    """Write a file so readers see the old or the new content, never a torn one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def save_array(path: Path, array: np.ndarray) -> None:
    """Save a .npy file under a temporary name, then rename it: a reader never sees half of it."""
    tmp = path.with_name(path.name + ".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


@dataclass
class DocumentVectors:
    """One vector per document (the normalised mean of its chunk vectors).

    Lets search prefer passages from the document a question is about
    ("the status report", "the Danish project") without another model call.
    """

    doc_ids: list[str]
    matrix: np.ndarray  # (n_docs, dim), L2-normalised

    @classmethod
    def from_chunk_vectors(cls, doc_ids: Sequence[str], vectors: np.ndarray) -> DocumentVectors:
        sums: dict[str, np.ndarray] = {}
        for doc_id, vec in zip(doc_ids, vectors):
            if np.any(vec):
                sums[doc_id] = sums[doc_id] + vec if doc_id in sums else vec.astype(np.float32)
        ids = sorted(sums)
        if not ids:
            return cls([], np.zeros((0, 0), dtype=np.float32))
        matrix = np.vstack([sums[i] for i in ids])
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
        return cls(ids, matrix)

    def save(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, ids=np.array(self.doc_ids, dtype=object), matrix=self.matrix)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> DocumentVectors | None:
        if not path.exists():
            return None
        data = np.load(path, allow_pickle=True)
        return cls([str(x) for x in data["ids"]], data["matrix"].astype(np.float32))

    def similarities(self, query_vector: np.ndarray) -> dict[str, float]:
        """Cosine similarity of every document to the query."""
        return dict(zip(self.doc_ids, (float(x) for x in self._cosines(query_vector))))

    def ranks(self, query_vector: np.ndarray) -> dict[str, int]:
        """1-based rank of every document by cosine similarity to the query."""
        order = np.argsort(-self._cosines(query_vector), kind="stable")
        return {self.doc_ids[i]: r for r, i in enumerate(order, 1)}

    def _cosines(self, query_vector: np.ndarray) -> np.ndarray:
        if not self.doc_ids:
            return np.zeros(0, dtype=np.float32)
        return self.matrix @ np.asarray(query_vector, dtype=np.float32)


def _matching_chunk_vectors(path: Path, n_chunks: int) -> ChunkVectors | None:
    vectors = ChunkVectors.load(path)
    if vectors is not None and len(vectors) != n_chunks:
        log.warning("chunk vectors at %s do not match the lexical index; re-ingest to rebuild them", path)
        return None
    return vectors


def chunk_vector_matrix(store: VectorStore, chunk_ids: Sequence[str], dim: int) -> np.ndarray:
    """Every chunk's vector as a (n, dim) float32 matrix in `chunk_ids` order (zeros if absent)."""
    row = {cid: i for i, cid in enumerate(chunk_ids)}
    matrix = np.zeros((len(chunk_ids), dim), dtype=np.float32)
    for chunk, vec in store.iter_chunks(with_embeddings=True):
        i = row.get(chunk.id)
        if i is not None and vec:
            matrix[i] = vec
    return matrix


class ChunkVectors:
    """The chunk vectors beside the lexical index, row i = lexical chunk i (float16, memory-mapped).

    Score fusion needs the dense similarity of every candidate, including passages only
    BM25 found; reading them here costs microseconds, where asking the store would cost a
    round trip (an HTTP call in server mode).
    """

    def __init__(self, matrix: np.ndarray) -> None:
        self.matrix = matrix

    def save(self, path: Path) -> None:
        save_array(path, self.matrix.astype(np.float16))

    @classmethod
    def load(cls, path: Path) -> ChunkVectors | None:
        if not path.exists():
            return None
        return cls(np.load(path, mmap_mode="r"))

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def similarities(self, query_vector: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        block = np.asarray(self.matrix[np.asarray(rows, dtype=np.int64)], dtype=np.float32)
        return block @ np.asarray(query_vector, dtype=np.float32)


class WindowVectors:
    """The vectors of each chunk's passage windows (see ingest.windows), beside the lexical index.

    Rows of chunk i are matrix[offsets[i]:offsets[i + 1]] (float16, memory-mapped), in lexical
    order. Search scores a candidate chunk by its best window, which finds the one sentence that
    answers a question inside a chunk about several things.
    """

    def __init__(self, matrix: np.ndarray, offsets: np.ndarray) -> None:
        self.matrix = matrix
        self.offsets = offsets

    @classmethod
    def from_rows(cls, rows: Sequence[np.ndarray], dim: int) -> WindowVectors:
        """From one (n_windows, dim) block per chunk, in chunk order."""
        counts = np.array([len(r) for r in rows], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        # float16 as stored: a large corpus has a few hundred thousand windows
        blocks = [np.asarray(r, dtype=np.float16).reshape(-1, dim) for r in rows if len(r)]
        matrix = np.vstack(blocks) if blocks else np.zeros((0, dim), dtype=np.float16)
        return cls(matrix, offsets)

    def save(self, folder: Path) -> None:
        save_array(folder / WINDOW_VECTORS, self.matrix.astype(np.float16, copy=False))
        save_array(folder / WINDOW_OFFSETS, self.offsets)

    @classmethod
    def load(cls, folder: Path, n_chunks: int) -> WindowVectors | None:
        if not (folder / WINDOW_VECTORS).exists() or not (folder / WINDOW_OFFSETS).exists():
            return None
        vectors = cls(np.load(folder / WINDOW_VECTORS, mmap_mode="r"), np.load(folder / WINDOW_OFFSETS))
        if len(vectors) != n_chunks or int(vectors.offsets[-1]) != vectors.matrix.shape[0]:
            log.warning("window vectors at %s do not match the lexical index; re-ingest to rebuild them", folder)
            return None
        return vectors

    def __len__(self) -> int:
        return int(len(self.offsets) - 1)

    def of_row(self, row: int) -> np.ndarray:
        return np.asarray(self.matrix[self.offsets[row] : self.offsets[row + 1]], dtype=np.float32)

    def best_similarities(self, query_vector: np.ndarray, rows: Sequence[int]) -> np.ndarray:
        """For each chunk row, the cosine of its window most similar to the query."""
        if not len(rows):
            return np.zeros(0, dtype=np.float32)
        starts = self.offsets[np.asarray(rows, dtype=np.int64)]
        ends = self.offsets[np.asarray(rows, dtype=np.int64) + 1]
        picked = np.concatenate([np.arange(s, e) for s, e in zip(starts, ends)])
        sims = np.asarray(self.matrix[picked], dtype=np.float32) @ np.asarray(query_vector, dtype=np.float32)
        bounds = np.concatenate([[0], np.cumsum(ends - starts)[:-1]])
        return np.maximum.reduceat(sims, bounds)


@dataclass
class IndexVersion:
    """An opened version: its manifest, vector store and lexical index."""

    name: str
    path: Path
    manifest: dict[str, Any]
    store: VectorStore
    lexical: LexicalIndex
    doc_vectors: DocumentVectors | None = None
    chunk_vectors: ChunkVectors | None = None
    window_vectors: WindowVectors | None = None

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        return self.manifest.get("documents", {})

    @property
    def embedder_name(self) -> str:
        return self.manifest.get("embedder", "")

    @property
    def dim(self) -> int:
        return int(self.manifest.get("dim", 0))


@dataclass
class VersionBuilder:
    """A version under construction; nothing reads it until `IndexManager.publish`."""

    name: str
    path: Path
    store: VectorStore
    embedder: str
    dim: int
    manifest_extra: dict[str, Any] = field(default_factory=dict)
    # chunk id -> (n_windows, dim) vectors of its passage windows; empty when windows are off
    windows: dict[str, np.ndarray] = field(default_factory=dict)


class IndexManager:
    def __init__(self, settings: Settings, stores: VectorStoreProvider | None = None) -> None:
        """`stores` holds each version's vectors; by default the one the settings name (see backends.registry)."""
        self.settings = settings
        self.stores = stores if stores is not None else make_store_provider(settings)
        self.root = settings.index_path
        self.versions_dir = self.root / "versions"

    # ----------------------------------------------------------------- reading
    def current_name(self) -> str | None:
        try:
            name = (self.root / "CURRENT").read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name or None

    def read_manifest(self, name: str | None = None) -> dict[str, Any] | None:
        name = name or self.current_name()
        if not name:
            return None
        try:
            return json.loads((self.versions_dir / name / MANIFEST).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None

    def open_current(self) -> IndexVersion:
        name = self.current_name()
        if not name:
            raise IndexMissingError(
                f"No index at {self.root}. Build one with `veiviser ingest PATH` "
                "(or point --index / VEIVISER_INDEX at an existing index)."
            )
        manifest = self.read_manifest(name)
        if manifest is None:
            raise IndexMissingError(
                f"The index at {self.root} names version {name} but its manifest is missing; "
                "run `veiviser ingest` again to rebuild it."
            )
        path = self.versions_dir / name
        store = self.stores.open(path, self._collection_name(name), int(manifest.get("dim", 0)))
        lexical = LexicalIndex.load(path / "lexical")
        return IndexVersion(
            name=name,
            path=path,
            manifest=manifest,
            store=store,
            lexical=lexical,
            doc_vectors=DocumentVectors.load(path / DOC_VECTORS),
            chunk_vectors=_matching_chunk_vectors(path / CHUNK_VECTORS, len(lexical)),
            window_vectors=WindowVectors.load(path, len(lexical)),
        )

    # ----------------------------------------------------------------- writing
    def lock(self) -> FileLock:
        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.root / "ingest.lock"), timeout=self.settings.ingest.lock_timeout_s)

    def acquire(self) -> FileLock:
        lock = self.lock()
        try:
            lock.acquire()
        except Timeout as exc:
            raise IngestLockedError(
                f"Another ingest is writing to {self.root}; wait for it to finish "
                "(or set VEIVISER_LOCK_TIMEOUT to wait automatically)."
            ) from exc
        return lock

    def begin(self, embedder: str, dim: int) -> VersionBuilder:
        """Start a new version (caller holds the lock)."""
        self.versions_dir.mkdir(parents=True, exist_ok=True)
        self.remove_abandoned()
        numbers = [int(p.name[1:6]) for p in self.versions_dir.iterdir() if p.name[1:6].isdigit()]
        # a fresh name every time: Chroma caches clients by path, so a path must never be reused
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        name = f"v{(max(numbers, default=0) + 1):05d}-{stamp}-{secrets.token_hex(3)}"
        path = self.versions_dir / name
        path.mkdir()
        store = self.stores.open(path, self._collection_name(name), dim)
        return VersionBuilder(name=name, path=path, store=store, embedder=embedder, dim=dim)

    def publish(self, builder: VersionBuilder, lexical: LexicalIndex, manifest: dict[str, Any]) -> None:
        """Write the lexical index and manifest, then switch CURRENT to the new version."""
        lexical.save(builder.path / "lexical")
        if builder.dim:
            matrix = chunk_vector_matrix(builder.store, [c.id for c in lexical.chunks], builder.dim)
            DocumentVectors.from_chunk_vectors([c.doc_id for c in lexical.chunks], matrix).save(
                builder.path / DOC_VECTORS
            )
            ChunkVectors(matrix).save(builder.path / CHUNK_VECTORS)
            if builder.windows:
                # a chunk without windows of its own is its own single window
                rows = [builder.windows.get(c.id, matrix[i : i + 1]) for i, c in enumerate(lexical.chunks)]
                windows = WindowVectors.from_rows(rows, builder.dim)
                windows.save(builder.path)
                manifest = {**manifest, "windows": int(windows.matrix.shape[0])}
        manifest = {
            **manifest,
            "format": FORMAT_VERSION,
            "layout": LAYOUT_VERSION,
            "version": builder.name,
            "embedder": builder.embedder,
            "dim": builder.dim,
            "created_at": _utcnow(),
            "chunks": len(lexical),
        }
        write_atomic(builder.path / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        write_atomic(self.root / "CURRENT", builder.name + "\n")
        log.info("index version %s is live (%d chunks)", builder.name, len(lexical))
        self.collect_garbage(keep=2)

    def abandon(self, builder: VersionBuilder) -> None:
        builder.store.drop()
        shutil.rmtree(builder.path, ignore_errors=True)

    def remove_abandoned(self) -> None:
        """Delete versions that never went live (a killed or failed run)."""
        current = self.current_name()
        if not self.versions_dir.is_dir():
            return
        for path in self.versions_dir.iterdir():
            if path.name != current and not (path / MANIFEST).exists():
                self._delete_version(path)

    def collect_garbage(self, keep: int = 2) -> None:
        """Keep the live version and the one before it (readers may still hold it open)."""
        current = self.current_name()
        finished = sorted(p for p in self.versions_dir.iterdir() if (p / MANIFEST).exists())
        for path in finished[:-keep] if keep else finished:
            if path.name != current:
                self._delete_version(path)

    def _delete_version(self, path: Path) -> None:
        self.stores.delete(path, self._collection_name(path.name))
        shutil.rmtree(path, ignore_errors=True)

    # ----------------------------------------------------------------- helpers
    def _index_id(self) -> str:
        path = self.root / "INDEX_ID"
        try:
            return path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            self.root.mkdir(parents=True, exist_ok=True)
            write_atomic(path, secrets.token_hex(4))
            return path.read_text(encoding="utf-8").strip()

    def _collection_name(self, version: str) -> str:
        return f"vv-{self._index_id()}-{version}"
