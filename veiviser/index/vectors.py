"""The vector files beside an index version's lexical index (float16, memory-mapped, row order = lexical order).

Search and answering read them instead of asking the vector store: a row lookup costs
microseconds where the store costs a round trip (an HTTP call in server mode).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from veiviser.core.protocols import VectorStore

log = logging.getLogger(__name__)

DOC_VECTORS = "doc_vectors.npz"
CHUNK_VECTORS = "chunk_vectors.npy"
WINDOW_VECTORS = "window_vectors.npy"
WINDOW_OFFSETS = "window_offsets.npy"
SENTENCE_VECTORS = "sentence_vectors.npy"
SENTENCE_OFFSETS = "sentence_offsets.npy"
SENTENCE_SPANS = "sentence_spans.npy"


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


def matching_chunk_vectors(path: Path, n_chunks: int) -> ChunkVectors | None:
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


class SentenceVectors:
    """The vectors of each chunk's answer units (sentences, list items; see text.units), computed at ingest.

    Choosing the sentence that answers a question compares it with the question's vector;
    embedding candidate sentences at question time cost most of an answer's time. Rows of
    chunk i are matrix[offsets[i]:offsets[i + 1]], their (start, end) spans in the chunk's
    text in `spans` (same rows).
    """

    def __init__(self, matrix: np.ndarray, offsets: np.ndarray, spans: np.ndarray) -> None:
        self.matrix = matrix
        self.offsets = offsets
        self.spans = spans

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[np.ndarray, np.ndarray]], dim: int) -> SentenceVectors:
        """From one (spans (n, 2), vectors (n, dim)) pair per chunk, in chunk order."""
        counts = np.array([len(spans) for spans, _ in rows], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        blocks = [np.asarray(v, dtype=np.float16).reshape(-1, dim) for s, v in rows if len(s)]
        spans = [np.asarray(s, dtype=np.int32).reshape(-1, 2) for s, _ in rows if len(s)]
        matrix = np.vstack(blocks) if blocks else np.zeros((0, dim), dtype=np.float16)
        return cls(matrix, offsets, np.vstack(spans) if spans else np.zeros((0, 2), dtype=np.int32))

    def save(self, folder: Path) -> None:
        save_array(folder / SENTENCE_VECTORS, self.matrix.astype(np.float16, copy=False))
        save_array(folder / SENTENCE_OFFSETS, self.offsets)
        save_array(folder / SENTENCE_SPANS, self.spans)

    @classmethod
    def load(cls, folder: Path, n_chunks: int) -> SentenceVectors | None:
        names = (SENTENCE_VECTORS, SENTENCE_OFFSETS, SENTENCE_SPANS)
        if not all((folder / name).exists() for name in names):
            return None
        vectors = cls(
            np.load(folder / SENTENCE_VECTORS, mmap_mode="r"),
            np.load(folder / SENTENCE_OFFSETS),
            np.load(folder / SENTENCE_SPANS),
        )
        rows = int(vectors.offsets[-1]) if len(vectors.offsets) else -1
        if len(vectors) != n_chunks or rows != vectors.matrix.shape[0] or rows != vectors.spans.shape[0]:
            log.warning("sentence vectors at %s do not match the lexical index; re-ingest to rebuild them", folder)
            return None
        return vectors

    def __len__(self) -> int:
        return int(len(self.offsets) - 1)

    def of_row(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        """The (spans, vectors) of chunk `row`."""
        lo, hi = int(self.offsets[row]), int(self.offsets[row + 1])
        return np.asarray(self.spans[lo:hi]), np.asarray(self.matrix[lo:hi], dtype=np.float32)

    def vector(self, row: int, start: int, end: int) -> np.ndarray | None:
        """The stored vector of the unit spanning [start, end) of chunk `row`, or None."""
        lo, hi = int(self.offsets[row]), int(self.offsets[row + 1])
        spans = self.spans[lo:hi]
        found = np.flatnonzero((spans[:, 0] == start) & (spans[:, 1] == end))
        if not len(found):
            return None
        return np.asarray(self.matrix[lo + int(found[0])], dtype=np.float32)
