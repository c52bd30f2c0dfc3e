"""The document library the app manages: what to (re-)ingest, and removing one document.

The app re-ingests the same things the CLI would (the curated kb plus the sources
folder) and, in addition, every document already in the index whose file still
exists and everything in the uploads folder. That keeps documents ingested from the
command line from being pruned when staff remove one upload in the app.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from ingest.discover import discover
from ingest.pipeline import Ingestor, IngestReport
from ingest.progress import IngestProgress
from veiviser.app.uploads import delete_upload, failure_reason, is_upload
from veiviser.core.config import Settings
from veiviser.core.protocols import Embedder
from veiviser.core.types import LoadedDocument
from veiviser.documents.files import source_name
from veiviser.index.versions import IndexManager

log = logging.getLogger(__name__)


def kb_documents(settings: Settings) -> tuple[list[LoadedDocument], str | None]:
    """The curated knowledge base as documents, and a warning when it could not be read."""
    if not settings.kb_dir.is_dir():
        return [], None
    try:
        from veiviser.kb.documents import kb_documents as to_documents
        from veiviser.kb.loader import load_kb
    except ImportError as exc:
        return [], f"the knowledge base code is not available ({exc})"
    try:
        return list(to_documents(load_kb(settings.kb_dir))), None
    except Exception as exc:  # a broken kb must not stop documents from being indexed
        log.warning("the knowledge base in %s was not indexed: %s", settings.kb_dir, exc)
        return [], f"the knowledge base in {settings.kb_dir} was not indexed: {exc}"


def indexed_paths(manager: IndexManager) -> dict[str, str]:
    """Document name -> file path for every file-backed document in the live index."""
    manifest = manager.read_manifest() or {}
    return {
        source: str(entry.get("path") or "")
        for source, entry in manifest.get("documents", {}).items()
        if entry.get("doc_type") != "kb" and entry.get("path")
    }


def ingest_targets(settings: Settings, manager: IndexManager, exclude: Sequence[str] = ()) -> list[Path]:
    """Files to ingest: uploads, the sources folder and every indexed file still on disk, minus `exclude`."""
    roots: list[Path] = []
    if settings.uploads_dir.is_dir():
        roots.append(settings.uploads_dir)
    if settings.sources_dir and settings.sources_dir.exists():
        roots.append(settings.sources_dir)
    roots.extend(Path(p) for p in indexed_paths(manager).values() if Path(p).is_file())
    skip = set(exclude)
    files: list[Path] = []
    seen: set[Path] = set()
    for cand in discover(roots):
        if cand.path is None or cand.source in skip or cand.path in seen:
            continue
        seen.add(cand.path)
        files.append(cand.path)
    return files


def reindex(
    settings: Settings,
    embedder: Embedder,
    *,
    progress: IngestProgress | None = None,
    exclude: Sequence[str] = (),
    prune: bool = False,
) -> IngestReport:
    """Bring the index up to date with the library (unchanged files are skipped)."""
    manager = IndexManager(settings)
    extra, warning = kb_documents(settings)
    if warning:
        log.warning(warning)
    targets = ingest_targets(settings, manager, exclude)
    return Ingestor(settings, embedder, progress=progress).run(targets, prune=prune, extra_documents=extra)


def remove_document(
    settings: Settings, embedder: Embedder, source: str, *, progress: IngestProgress | None = None
) -> IngestReport:
    """Drop one document from the index; an uploaded file is deleted too, other files stay on disk."""
    manager = IndexManager(settings)
    path = indexed_paths(manager).get(source)
    if path and is_upload(settings.uploads_dir, path):
        delete_upload(settings.uploads_dir, Path(path).name)
    elif (settings.uploads_dir / source).is_file():
        delete_upload(settings.uploads_dir, source)
    return reindex(settings, embedder, progress=progress, exclude=[source], prune=True)


def split_kb(documents: dict[str, dict]) -> tuple[dict[str, dict], dict[str, dict]]:
    """The user's documents and the built-in kb's files of an index manifest or status (by doc_type)."""
    user = {s: d for s, d in documents.items() if d.get("doc_type") != "kb"}
    return user, {s: d for s, d in documents.items() if d.get("doc_type") == "kb"}


def ingest_uploads(
    settings: Settings, embedder: Embedder, saved: Sequence[Path], *, progress: IngestProgress | None = None
) -> tuple[IngestReport, list[str]]:
    """Index the library with this round's uploads; an upload that fails is deleted again, not kept.

    Returns the report and the names of the uploads deleted. Staff would otherwise find a file
    they were told had failed still sitting in the uploads folder (and in the next re-index).
    """
    report = reindex(settings, embedder, progress=progress)
    return report, drop_failed_uploads(settings, report, saved)


def drop_failed_uploads(settings: Settings, report: IngestReport, saved: Sequence[Path]) -> list[str]:
    """Delete the uploads among `saved` that the ingest in `report` could not index."""
    by_name = {source_name(Path(p)): Path(p) for p in saved}
    removed: list[str] = []
    for outcome in report.failed:
        path = by_name.get(outcome.source)
        if path is None or not is_upload(settings.uploads_dir, path):
            continue
        if delete_upload(settings.uploads_dir, path.name):
            log.warning("upload %s was not indexed and has been deleted: %s", outcome.source, outcome.message)
            removed.append(outcome.source)
    return removed


def failure_codes(report: IngestReport) -> list[tuple[str, str]]:
    """(source, reason code) per failed file, for messages in the UI language; the full messages go to the log.

    The loader's messages carry install hints and setting names meant for an administrator.
    """
    out = []
    for outcome in report.failed:
        log.warning("not indexed: %s", outcome.message)
        out.append((outcome.source, failure_reason(outcome.message)))
    return out


def gone_failures(settings: Settings, manager: IndexManager) -> set[str]:
    """Files the last ingest reported as failed that are no longer on disk (a failed upload deleted again).

    The manifest keeps a failure until the next index version is written; the document list
    should not show a file that is gone.
    """
    manifest = manager.read_manifest() or {}
    documents = manifest.get("documents", {})
    failed = {source for source in manifest.get("failures", {}) if source not in documents}
    if not failed:
        return set()
    present = {source_name(path) for path in ingest_targets(settings, manager)}
    return failed - present
