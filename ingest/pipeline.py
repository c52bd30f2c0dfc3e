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

import ingest.windows as windows_module
from ingest.discover import Candidate, NotRead, discover
from ingest.embedding import ChunkVectorMaker
from ingest.personal_data import personal_data
from ingest.progress import IngestProgress, NullProgress, StatusReportingProgress
from veiviser.core.config import IngestSettings, Settings
from veiviser.core.parallel import available_workers, map_texts
from veiviser.core.protocols import Embedder
from veiviser.core.types import Chunk, LoadedDocument
from veiviser.documents.prepare import PREPARE_VERSION, prepare_document
from veiviser.index.lexical import LexicalIndex
from veiviser.index.lock_status import LockStatus, LockStatusWriter
from veiviser.index.versions import LAYOUT_VERSION, IndexManager, IndexVersion, VersionBuilder
from veiviser.text.injection import looks_like_instructions
from veiviser.text.units import SENTENCE_UNITS_VERSION

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


class Ingestor:
    """Runs ingests for one index; the loaders, repair and chunker are injected for testing."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        *,
        loader: Callable[..., LoadedDocument] | None = None,
        progress: IngestProgress | None = None,
        waiting: Callable[[LockStatus | None], None] | None = None,
    ) -> None:
        """`waiting` hears, while another ingest holds the lock, how far that one has come."""
        self.settings = settings
        self.ingest = settings.ingest
        self.workers = available_workers(self.ingest.ingest_workers)
        self.embedder = embedder
        self.manager = IndexManager(settings)
        self.progress = StatusReportingProgress(progress or NullProgress())
        self.waiting = waiting
        self.vectors = ChunkVectorMaker(embedder, self.ingest, self.progress)
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
        lock = self.manager.acquire(self.waiting)
        self.progress.writer = LockStatusWriter(self.manager.root)
        try:
            report = self._run_locked(list(paths), prune, list(extra_documents))
        finally:
            self.progress.writer.close()
            self.progress.writer = None
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
            "passage_windows_version": windows_module.WINDOWS_VERSION if self.ingest.passage_window_chars else 0,
            "sentence_units_version": SENTENCE_UNITS_VERSION,
            "prepare_version": PREPARE_VERSION,
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
        if prev.sentence_vectors is not None:
            for chunk in chunks:
                row = prev.lexical.by_id.get(chunk.id)
                if row is not None:
                    builder.sentences[chunk.id] = prev.sentence_vectors.of_row(row)
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
            doc_lang, doc = prepare_document(doc, repair=self.ingest.repair, workers=self.workers)
            doc, pii_kinds = personal_data(doc, self.ingest.pii_at_ingest, self.workers)
            chunks = chunk(doc, self.ingest, doc_lang, self.workers)
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
        embedded = self.vectors.embed(chunks, prev, source)
        report.embed_seconds += embedded.seconds
        report.embedded_chunks += embedded.embedded_chunks
        vectors, windows, sentences = embedded.vectors, embedded.windows, embedded.sentences
        builder.store.add(chunks, vectors)
        builder.windows.update(windows)
        builder.sentences.update(sentences)
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
            # passages that address an AI or try to change its instructions: never quoted, flagged to the user
            "instruction_passages": sum(
                map_texts(looks_like_instructions, [c.text for c in chunks], workers=self.workers)
            ),
            "personal_data": list(pii_kinds),  # kinds only, never the values
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


def chunk(doc: LoadedDocument, settings: IngestSettings, doc_lang: str, workers: int = 1) -> list[Chunk]:
    from ingest.chunk import chunk_document

    # a kb file declares its language; a passage of Swedish and Danish glossary terms around
    # Norwegian definitions is still the Norwegian glossary, not a Swedish text
    extra = {"detect": _declared} if doc.doc_type == "kb" else {}
    return chunk_document(
        doc,
        target_chars=settings.chunk_target_chars,
        overlap_chars=settings.chunk_overlap_chars,
        doc_lang=doc_lang,
        workers=workers,
        **extra,
    )


def _declared(text: str, default: str) -> str:
    return default
