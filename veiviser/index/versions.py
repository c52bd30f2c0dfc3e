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
from collections.abc import Callable
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
from veiviser.index.lock_status import LockStatus, read_status
from veiviser.index.vectors import (
    CHUNK_VECTORS,
    DOC_VECTORS,
    ChunkVectors,
    DocumentVectors,
    SentenceVectors,
    WindowVectors,
    chunk_vector_matrix,
    matching_chunk_vectors,
)

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
# What the derived files of a version look like (lexical tokens, vector files). When it changes,
# the next ingest rebuilds them from the stored chunks and vectors, without embedding again.
# 2: "§" is tokenised as "paragraf"; chunk vectors are stored beside the lexical index.
LAYOUT_VERSION = 2
WAIT_POLL_S = 1.0  # how often a waiting ingest looks at the lock and reports


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
    sentence_vectors: SentenceVectors | None = None

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
    # chunk id -> (spans (n, 2), vectors (n, dim)) of its answer units; empty without an embedder
    sentences: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)


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
            chunk_vectors=matching_chunk_vectors(path / CHUNK_VECTORS, len(lexical)),
            window_vectors=WindowVectors.load(path, len(lexical)),
            sentence_vectors=SentenceVectors.load(path, len(lexical)),
        )

    # ----------------------------------------------------------------- writing
    def lock(self) -> FileLock:
        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.root / "ingest.lock"), timeout=self.settings.ingest.lock_timeout_s)

    def acquire(self, on_wait: Callable[[LockStatus | None], None] | None = None) -> FileLock:
        """The writer's lock, waiting up to the settings' lock timeout; `on_wait` hears, about once a
        second while it waits, how far the ingest holding the lock has come (see lock_status)."""
        lock = self.lock()
        deadline = time.monotonic() + self.settings.ingest.lock_timeout_s
        while True:
            remaining = deadline - time.monotonic()
            try:
                lock.acquire(timeout=max(0.0, min(WAIT_POLL_S, remaining)))
                return lock
            except Timeout as exc:
                status = read_status(self.root)
                if remaining <= WAIT_POLL_S:
                    where = f" It is at: {status.describe()}." if status else ""
                    raise IngestLockedError(
                        f"Another ingest is writing to {self.root}.{where} Wait for it to finish "
                        "(or set VEIVISER_LOCK_TIMEOUT, or give --wait, to wait automatically)."
                    ) from exc
                if on_wait is not None:
                    on_wait(status)

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
            if builder.sentences:
                empty = (np.zeros((0, 2), dtype=np.int32), np.zeros((0, builder.dim), dtype=np.float16))
                sentences = SentenceVectors.from_rows(
                    [builder.sentences.get(c.id, empty) for c in lexical.chunks], builder.dim
                )
                sentences.save(builder.path)
                manifest = {**manifest, "sentences": int(sentences.matrix.shape[0])}
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
