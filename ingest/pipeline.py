"""One ingest run: discover -> load -> repair -> chunk -> embed -> store, as a new index version.

Unchanged files (same content hash, same embedder and chunking) are carried over
from the live version without re-reading or re-embedding; changed files are
replaced; files no longer present are removed only with `prune`. A file that
fails is reported and, if an earlier version of it was indexed, that version is
kept: a bad upload never erases good content.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingest.discover import Candidate, NotRead, discover
from ingest.progress import IngestProgress, NullProgress
from ingest.windows import WINDOWS_VERSION, passage_windows
from veiviser.core.config import IngestSettings, Settings
from veiviser.core.protocols import Embedder
from veiviser.core.types import Chunk, LoadedDocument
from veiviser.documents.prepare import prepare_document
from veiviser.index.lexical import LexicalIndex
from veiviser.index.versions import LAYOUT_VERSION, IndexManager, IndexVersion, VersionBuilder

log = logging.getLogger(__name__)

INGESTED, SKIPPED, FAILED, REMOVED, KEPT = "ingested", "skipped", "failed", "removed", "kept"


@dataclass
class FileOutcome:
    source: str
    status: str
    chunks: int = 0
    pages: int | None = None
    lang: str = ""
    message: str = ""
    seconds: float = 0.0


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    version: str | None = None  # the new live version, None when nothing changed
    previous_version: str | None = None
    chunks_total: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    embedded_chunks: int = 0
    not_read: list[NotRead] = field(default_factory=list)  # passed over on purpose (hidden, unsupported type)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == FAILED]

    @property
    def ok(self) -> bool:
        return not self.failed

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for o in self.outcomes:
            out[o.status] = out.get(o.status, 0) + 1
        return out


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _source_of(cand: Candidate | None, doc: LoadedDocument | None) -> str:
    """The document id of a to-do entry: it holds either a discovered file or an already loaded document."""
    if cand:
        return cand.source
    assert doc is not None, "a to-do entry holds a candidate or a document"
    return doc.source


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Ingestor:
    """Runs ingests for one index; the loaders, repair and chunker are injected for testing."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        *,
        loader: Callable[..., LoadedDocument] | None = None,
        progress: IngestProgress | None = None,
    ) -> None:
        self.settings = settings
        self.ingest = settings.ingest
        self.embedder = embedder
        self.manager = IndexManager(settings)
        self.progress = progress or NullProgress()
        if loader is None:
            from veiviser.documents.loaders import load_file

            loader = load_file
        self._load = loader

    # ------------------------------------------------------------------ public
    def run(
        self,
        paths: Sequence[Path],
        *,
        prune: bool = False,
        extra_documents: Sequence[LoadedDocument] = (),
    ) -> IngestReport:
        """Ingest `paths` (files or folders) plus already-loaded documents (the curated kb)."""
        started = time.perf_counter()
        lock = self.manager.acquire()
        try:
            report = self._run_locked(list(paths), prune, list(extra_documents))
        finally:
            lock.release()
        report.seconds = time.perf_counter() - started
        return report

    # ----------------------------------------------------------------- private
    def _settings_key(self) -> dict[str, Any]:
        return {
            "embedder": getattr(self.embedder, "name", "?"),
            "chunk_target_chars": self.ingest.chunk_target_chars,
            "chunk_overlap_chars": self.ingest.chunk_overlap_chars,
            "repair": self.ingest.repair,
            "embed_headings": self.ingest.embed_headings,
            "passage_window_chars": self.ingest.passage_window_chars,
            "passage_windows_version": WINDOWS_VERSION if self.ingest.passage_window_chars else 0,
        }

    def _open_previous(self) -> IndexVersion | None:
        if not self.manager.current_name():
            return None
        try:
            return self.manager.open_current()
        except Exception as exc:
            log.warning("the live index could not be opened (%s); building a fresh one", exc)
            return None

    def _run_locked(self, paths: list[Path], prune: bool, extra_docs: list[LoadedDocument]) -> IngestReport:
        report = IngestReport()
        prev = self._open_previous()
        report.previous_version = prev.name if prev else None
        prev_docs: dict[str, dict[str, Any]] = dict(prev.documents) if prev else {}
        compatible = prev is not None and prev.manifest.get("settings") == self._settings_key()
        if prev is not None and not compatible:
            log.info("embedder or chunking changed since %s: every document is rebuilt", prev.name)
        stale_layout = compatible and prev is not None and prev.manifest.get("layout") != LAYOUT_VERSION
        if stale_layout and prev is not None:
            log.info("index %s has an older layout: rebuilding its lexical index and vector files", prev.name)

        prev_failures: dict[str, str] = dict(prev.manifest.get("failures", {})) if prev else {}
        known_failures: dict[str, str] = dict(prev.manifest.get("failure_hashes", {})) if prev else {}
        failure_hashes: dict[str, str] = {}
        kept_failed: list[str] = []
        candidates = discover(paths, report.not_read)
        extra_by_source = {d.source: d for d in extra_docs}
        self.progress.start(len(candidates) + len(extra_docs))

        unchanged: list[str] = []
        todo: list[tuple[Candidate | None, LoadedDocument | None, str]] = []
        seen: set[str] = set()
        for cand in candidates:
            if cand.problem or cand.path is None:
                report.outcomes.append(FileOutcome(cand.source, FAILED, message=cand.problem or "unreadable"))
                seen.add(cand.source)
                continue
            seen.add(cand.source)
            try:
                digest = file_sha256(cand.path)
            except OSError as exc:
                report.outcomes.append(FileOutcome(cand.source, FAILED, message=f"{cand.path}: cannot read ({exc})"))
                continue
            old = prev_docs.get(cand.source)
            if compatible and old and old.get("content_hash") == digest and cand.source not in known_failures:
                unchanged.append(cand.source)
            elif compatible and known_failures.get(cand.source) == digest:
                # failed last time and unchanged since: report it again without rebuilding the index
                message = prev_failures.get(cand.source, "failed in the previous run")
                report.outcomes.append(FileOutcome(cand.source, FAILED, message=message))
                failure_hashes[cand.source] = digest
                if old:
                    kept_failed.append(cand.source)  # its last good version stays indexed
            else:
                todo.append((cand, None, digest))
        for source, doc in extra_by_source.items():
            seen.add(source)
            old = prev_docs.get(source)
            if compatible and old and old.get("content_hash") == doc.content_hash:
                unchanged.append(source)
            else:
                todo.append((None, doc, doc.content_hash))

        removed = [s for s in prev_docs if s not in seen] if prune else []
        kept_unseen = [s for s in prev_docs if s not in seen and s not in removed] if compatible else []
        for source in unchanged:
            report.outcomes.append(
                FileOutcome(
                    source,
                    SKIPPED,
                    chunks=int(prev_docs[source].get("chunks", 0)),
                    pages=prev_docs[source].get("pages"),
                    lang=prev_docs[source].get("lang", ""),
                )
            )
            self.progress.file_finished(source, SKIPPED)

        if not todo and not removed and prev is not None and compatible and not stale_layout:
            report.chunks_total = len(prev.lexical)
            self._record_failures_only(prev, report)
            return report

        builder = self.manager.begin(getattr(self.embedder, "name", "?"), int(getattr(self.embedder, "dim", 0)))
        try:
            all_chunks: list[Chunk] = []
            manifest_docs: dict[str, dict[str, Any]] = {}
            carry = unchanged + kept_unseen + kept_failed
            if prev is not None and carry:
                self.progress.stage(f"carrying over {len(carry)} unchanged documents")
                all_chunks.extend(self._carry_over(prev, builder, carry))
                manifest_docs.update({s: prev_docs[s] for s in carry})
            for source in removed:
                report.outcomes.append(FileOutcome(source, REMOVED))

            for todo_cand, todo_doc, digest in todo:
                source = _source_of(todo_cand, todo_doc)
                outcome, chunks, entry = self._ingest_one(todo_cand, todo_doc, digest, prev, builder, report)
                report.outcomes.append(outcome)
                if outcome.status == FAILED:
                    failure_hashes[source] = digest
                if outcome.status == FAILED and prev is not None and compatible and source in prev_docs:
                    # keep the last good version of a file that now fails
                    all_chunks.extend(self._carry_over(prev, builder, [source]))
                    manifest_docs[source] = {**prev_docs[source], "last_error": outcome.message}
                elif entry is not None:
                    all_chunks.extend(chunks)
                    manifest_docs[source] = entry
                self.progress.file_finished(source, outcome.status)

            self.progress.stage("building the lexical index")
            lexical = LexicalIndex.build(all_chunks)
            failures = {o.source: o.message for o in report.outcomes if o.status == FAILED}
            manifest = {
                "documents": manifest_docs,
                "failures": failures,
                "failure_hashes": failure_hashes,
                "settings": self._settings_key(),
                "last_ingest": {"counts": report.counts(), "previous": report.previous_version},
            }
            self.progress.stage("switching to the new index version")
            self.manager.publish(builder, lexical, manifest)
        except BaseException:
            self.manager.abandon(builder)
            raise
        report.version = builder.name
        report.chunks_total = len(all_chunks)
        return report

    def _record_failures_only(self, prev: IndexVersion, report: IngestReport) -> None:
        """Nothing to rebuild: the live version stays; failures are only reported."""
        if report.failed:
            log.info("no changes to index; %d file(s) failed", len(report.failed))

    def _carry_over(self, prev: IndexVersion, builder: VersionBuilder, sources: Iterable[str]) -> list[Chunk]:
        sources = list(sources)
        chunks: list[Chunk] = []
        for start in range(0, len(sources), 50):
            part = sources[start : start + 50]
            batch_chunks: list[Chunk] = []
            batch_vecs: list[list[float]] = []
            for chunk, vec in prev.store.iter_chunks(with_embeddings=builder.dim > 0, doc_ids=part):
                batch_chunks.append(chunk)
                batch_vecs.append(vec or [])
            builder.store.add(batch_chunks, batch_vecs if builder.dim else None)
            chunks.extend(batch_chunks)
        if self.ingest.passage_window_chars and prev.window_vectors is not None:
            for chunk in chunks:
                row = prev.lexical.by_id.get(chunk.id)
                if row is not None:
                    builder.windows[chunk.id] = prev.window_vectors.of_row(row)
        return chunks

    def _ingest_one(
        self,
        cand: Candidate | None,
        doc: LoadedDocument | None,
        digest: str,
        prev: IndexVersion | None,
        builder: VersionBuilder,
        report: IngestReport,
    ) -> tuple[FileOutcome, list[Chunk], dict[str, Any] | None]:
        from veiviser.documents.errors import LoadError

        t0 = time.perf_counter()
        source = _source_of(cand, doc)
        self.progress.file_started(source)
        try:
            if doc is None:
                assert cand is not None and cand.path is not None
                doc = self._load(
                    cand.path,
                    max_bytes=self.ingest.max_bytes,
                    ocr=self.ingest.ocr,
                    ocr_langs=self.ingest.ocr_langs,
                )
            doc_lang, doc = prepare_document(doc, repair=self.ingest.repair)
            chunks = chunk(doc, self.ingest, doc_lang)
        except LoadError as exc:
            return FileOutcome(source, FAILED, message=str(exc), seconds=time.perf_counter() - t0), [], None
        except Exception as exc:  # a bug or an unexpected file shape: report, never abort the batch
            log.exception("unexpected failure ingesting %s", source)
            return (
                FileOutcome(
                    source,
                    FAILED,
                    message=f"{source}: unexpected error ({type(exc).__name__}: {exc})",
                    seconds=time.perf_counter() - t0,
                ),
                [],
                None,
            )
        self.progress.file_loaded(source, doc.pages, len(chunks))
        vectors, windows = self._embed(chunks, prev, source, report)
        builder.store.add(chunks, vectors)
        builder.windows.update(windows)
        entry = {
            "source": source,
            "path": doc.path,
            "doc_type": doc.doc_type,
            "title": doc.title,
            "content_hash": digest,
            "lang": doc_lang,
            "pages": doc.pages,
            "ocr_pages": list(doc.ocr_pages),
            "chunks": len(chunks),
            "warnings": list(doc.warnings),
            "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        outcome = FileOutcome(
            source,
            INGESTED,
            chunks=len(chunks),
            pages=doc.pages,
            lang=doc_lang,
            message="; ".join(doc.warnings),
            seconds=time.perf_counter() - t0,
        )
        return outcome, chunks, entry

    def _embed(
        self, chunks: list[Chunk], prev: IndexVersion | None, source: str, report: IngestReport
    ) -> tuple[list[list[float]] | None, dict[str, np.ndarray]]:
        """Each chunk's stored vector and, with passage windows on, its window vectors.

        With windows, the chunk's stored vector (used to find dense candidates and for document
        vectors) is the normalised mean of its window vectors; search then scores candidates by
        their best window. Texts embedded before (same text, same embedder) are reused.
        """
        if not chunks or int(getattr(self.embedder, "dim", 0)) == 0:
            return None, {}
        reuse = self._previous_vectors(prev, source)
        pieces = {c.id: self._texts_to_embed(c) for c in chunks}
        t0 = time.perf_counter()
        batch = max(1, int(getattr(self.embedder, "batch_size", 32)))
        todo = [c for c in chunks if any(_text_key(t) not in reuse for t in pieces[c.id])]
        for start in range(0, len(todo), batch):
            group = todo[start : start + batch]
            texts = list(dict.fromkeys(t for c in group for t in pieces[c.id] if _text_key(t) not in reuse))
            for text, vec in zip(texts, self.embedder.embed_documents(texts)):
                reuse[_text_key(text)] = np.asarray(vec, dtype=np.float32)
            self.progress.chunks_embedded(len(group))
        report.embed_seconds += time.perf_counter() - t0
        report.embedded_chunks += len(todo)
        vectors: list[list[float]] = []
        windows: dict[str, np.ndarray] = {}
        for c in chunks:
            block = np.vstack([reuse[_text_key(t)] for t in pieces[c.id]])
            pooled = block.mean(axis=0)
            vectors.append((pooled / max(float(np.linalg.norm(pooled)), 1e-12)).tolist())
            if self.ingest.passage_window_chars:
                windows[c.id] = block.astype(np.float16)  # as stored; halves an ingest's memory
        return vectors, windows

    def _texts_to_embed(self, chunk: Chunk) -> list[str]:
        text = embedding_text(chunk, self.ingest.embed_headings)
        return passage_windows(text, self.ingest.passage_window_chars) or [text]

    def _previous_vectors(self, prev: IndexVersion | None, source: str) -> dict[str, np.ndarray]:
        """Vectors the live version already has for `source`, by the hash of the text embedded."""
        reuse: dict[str, np.ndarray] = {}
        if prev is None or prev.embedder_name != getattr(self.embedder, "name", None) or source not in prev.documents:
            return reuse
        old_settings = prev.manifest.get("settings", {})
        headings = bool(old_settings.get("embed_headings", False))
        old_window_chars = int(old_settings.get("passage_window_chars", 0) or 0)
        windows = prev.window_vectors if old_window_chars else None
        if old_window_chars and (windows is None or old_settings.get("passage_windows_version") != WINDOWS_VERSION):
            # stored vectors are means of windows that are gone or were cut another way
            return reuse
        for old, vec in prev.store.iter_chunks(with_embeddings=windows is None, doc_ids=[source]):
            text = embedding_text(old, headings)
            if windows is None:
                if vec:  # one vector per chunk: the stored vector is the text's own embedding
                    reuse[_text_key(text)] = np.asarray(vec, dtype=np.float32)
                continue
            row = prev.lexical.by_id.get(old.id)
            texts = passage_windows(text, old_window_chars) or [text]
            block = windows.of_row(row) if row is not None else np.zeros((0, 0))
            if len(block) == len(texts):  # the stored vector is a mean: reuse only the windows
                reuse.update((_text_key(t), v) for t, v in zip(texts, block))
        return reuse


def embedding_text(chunk: Chunk, with_headings: bool) -> str:
    """What the embedder sees for a chunk: its heading path (if any and wanted), then its text."""
    if not with_headings:
        return chunk.text
    path = [h for h in chunk.heading_path if h and h not in chunk.text[: len(h) + 2]]
    return (" > ".join(path) + "\n" + chunk.text) if path else chunk.text


def chunk(doc: LoadedDocument, settings: IngestSettings, doc_lang: str) -> list[Chunk]:
    from ingest.chunk import chunk_document

    return chunk_document(
        doc,
        target_chars=settings.chunk_target_chars,
        overlap_chars=settings.chunk_overlap_chars,
        doc_lang=doc_lang,
    )
