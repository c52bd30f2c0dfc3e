"""Vectors of an ingest: each chunk's vector, its passage windows and its answer units (sentence vectors).

Texts embedded before (the same text, the same embedder) are taken from the live version
instead of the model: a re-ingest of a changed document embeds only its new text.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field

import numpy as np

import ingest.windows as windows_module
from ingest.progress import IngestProgress
from veiviser.core.config import IngestSettings
from veiviser.core.protocols import Embedder
from veiviser.core.types import Chunk
from veiviser.index.versions import IndexVersion
from veiviser.text.units import answer_unit_spans


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class Embedded:
    """What `ChunkVectorMaker.embed` made for one document's chunks."""

    vectors: list[list[float]] | None  # one per chunk, for the vector store (None without an embedder)
    windows: dict[str, np.ndarray]  # chunk id -> (n_windows, dim) float16; empty with windows off
    sentences: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # chunk id -> (spans, vectors)
    seconds: float = 0.0
    embedded_chunks: int = 0


class ChunkVectorMaker:
    def __init__(self, embedder: Embedder, settings: IngestSettings, progress: IngestProgress) -> None:
        self.embedder = embedder
        self.ingest = settings
        self.progress = progress

    def embed(self, chunks: list[Chunk], prev: IndexVersion | None, source: str) -> Embedded:
        """Each chunk's stored vector, its window vectors (passage windows on) and its sentence vectors.

        With windows, the chunk's stored vector (used to find dense candidates and for document
        vectors) is the normalised mean of its window vectors; search then scores candidates by
        their best window. The answer units of each chunk (text.units) are embedded too, so
        choosing an answer's sentences needs no model call. Texts embedded before (same text,
        same embedder) are reused.
        """
        if not chunks or int(getattr(self.embedder, "dim", 0)) == 0:
            return Embedded(None, {}, {})
        reuse = self.previous_vectors(prev, source)
        spans = {c.id: answer_unit_spans(c.text) for c in chunks}
        units = {c.id: [c.text[s:e] for s, e in spans[c.id]] for c in chunks}
        pieces = {c.id: self.texts_to_embed(c) + units[c.id] for c in chunks}
        t0 = time.perf_counter()
        batch = max(1, int(getattr(self.embedder, "batch_size", 32)))
        todo = [c for c in chunks if any(text_key(t) not in reuse for t in pieces[c.id])]
        for start in range(0, len(todo), batch):
            group = todo[start : start + batch]
            texts = list(dict.fromkeys(t for c in group for t in pieces[c.id] if text_key(t) not in reuse))
            for text, vec in zip(texts, self.embedder.embed_documents(texts)):
                reuse[text_key(text)] = np.asarray(vec, dtype=np.float32)
            self.progress.chunks_embedded(len(group))
        seconds = time.perf_counter() - t0
        vectors: list[list[float]] = []
        windows: dict[str, np.ndarray] = {}
        sentences: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for c in chunks:
            block = np.vstack([reuse[text_key(t)] for t in self.texts_to_embed(c)])
            pooled = block.mean(axis=0)
            vectors.append((pooled / max(float(np.linalg.norm(pooled)), 1e-12)).tolist())
            if self.ingest.passage_window_chars:
                windows[c.id] = block.astype(np.float16)  # as stored; halves an ingest's memory
            if units[c.id]:
                unit_block = np.vstack([reuse[text_key(t)] for t in units[c.id]]).astype(np.float16)
                sentences[c.id] = (np.asarray(spans[c.id], dtype=np.int32), unit_block)
        return Embedded(vectors, windows, sentences, seconds, len(todo))

    def texts_to_embed(self, chunk: Chunk) -> list[str]:
        text = embedding_text(chunk, self.ingest.embed_headings)
        return windows_module.passage_windows(text, self.ingest.passage_window_chars) or [text]

    def previous_vectors(self, prev: IndexVersion | None, source: str) -> dict[str, np.ndarray]:
        """Vectors the live version already has for `source`, by the hash of the text embedded."""
        reuse: dict[str, np.ndarray] = {}
        if prev is None or prev.embedder_name != getattr(self.embedder, "name", None) or source not in prev.documents:
            return reuse
        old_settings = prev.manifest.get("settings", {})
        if prev.sentence_vectors is not None:  # in the lexical index's rows: no store round trip
            for i, old_chunk in enumerate(prev.lexical.chunks):
                if old_chunk.doc_id == source:
                    old_spans, old_vectors = prev.sentence_vectors.of_row(i)
                    texts = [old_chunk.text[int(s) : int(e)] for s, e in old_spans]
                    reuse.update((text_key(t), v) for t, v in zip(texts, old_vectors))
        headings = bool(old_settings.get("embed_headings", False))
        old_window_chars = int(old_settings.get("passage_window_chars", 0) or 0)
        windows = prev.window_vectors if old_window_chars else None
        if old_window_chars and (
            windows is None or old_settings.get("passage_windows_version") != windows_module.WINDOWS_VERSION
        ):
            # stored vectors are means of windows that are gone or were cut another way
            return reuse
        for old, vec in prev.store.iter_chunks(with_embeddings=windows is None, doc_ids=[source]):
            text = embedding_text(old, headings)
            if windows is None:
                if vec:  # one vector per chunk: the stored vector is the text's own embedding
                    reuse[text_key(text)] = np.asarray(vec, dtype=np.float32)
                continue
            row = prev.lexical.by_id.get(old.id)
            texts = windows_module.passage_windows(text, old_window_chars) or [text]
            block = windows.of_row(row) if row is not None else np.zeros((0, 0))
            if len(block) == len(texts):  # the stored vector is a mean: reuse only the windows
                reuse.update((text_key(t), v) for t, v in zip(texts, block))
        return reuse


def embedding_text(chunk: Chunk, with_headings: bool) -> str:
    """What the embedder sees for a chunk: its heading path (if any and wanted), then its text."""
    if not with_headings:
        return chunk.text
    path = [h for h in chunk.heading_path if h and h not in chunk.text[: len(h) + 2]]
    return (" > ".join(path) + "\n" + chunk.text) if path else chunk.text
