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
from veiviser.app.uploads import delete_upload, is_upload
from veiviser.core.config import Settings
from veiviser.core.protocols import Embedder
from veiviser.core.types import LoadedDocument
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
