"""`veiviser pii scan`: check a document for personal data before uploading it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from veiviser.cli.common import build_settings, fail, print_json

if TYPE_CHECKING:
    from veiviser.pii.documents import DocumentFinding

EXIT_CLEAN, EXIT_FOUND, EXIT_ERROR = 0, 1, 2


def register(app: typer.Typer) -> None:
    pii_app = typer.Typer(help="Personal data (PII) guard.", no_args_is_help=True)
    app.add_typer(pii_app, name="pii")

    @pii_app.command("scan")
    def scan_command(
        file: str = typer.Argument(..., help="File to check (txt, md, pdf, docx, html), or - for standard input."),
        json_out: bool = typer.Option(
            False, "--json", help='Print {"findings": [{kind, start, end, masked[, page]}]}.'
        ),
    ) -> None:
        """Find ID numbers (NO/SE/DK), phone numbers and e-mail addresses in a document.

        Exit code 0: nothing found; 1: personal data found; 2: the file could not be read.
        Offsets are character offsets into the text as read; for PDF/DOCX/HTML into the
        extracted text of the page given by "page". Values are never printed in full.
        """
        from veiviser.pii.documents import DocumentFinding, decode_text
        from veiviser.pii.scanner import scan

        findings: list[DocumentFinding]
        if file == "-":
            text = decode_text(sys.stdin.buffer.read())
            findings = [DocumentFinding(f, None, from_loader=False) for f in scan(text)]
        else:
            findings = _scan_path(Path(file))

        if json_out:
            print_json({"findings": [f.as_dict() for f in findings]})
        else:
            _print_table(findings)
        raise typer.Exit(EXIT_FOUND if findings else EXIT_CLEAN)


def _scan_path(path: Path) -> list[DocumentFinding]:
    from veiviser.pii.documents import scan_file

    if not path.is_file():
        fail(f"Fant ikke filen {path}. Oppgi en fil, eller - for standard input.", code=EXIT_ERROR)
    settings = build_settings()
    # A LoadError (exit 2 = EXIT_ERROR) is reported by the command group, like every VeiviserError.
    # The two caught here are not ours: a missing optional loader package, or the OS refusing the file.
    try:
        return scan_file(
            path,
            max_bytes=settings.ingest.max_bytes,
            ocr=settings.ingest.ocr,
            ocr_langs=settings.ingest.ocr_langs,
        )
    except ImportError as exc:
        fail(f"Kan ikke lese {path.suffix}-filer: dokumentlasterne mangler ({exc}).", code=EXIT_ERROR)
    except OSError as exc:
        fail(f"Kunne ikke lese {path.name}: {exc.strerror or exc}", code=EXIT_ERROR)


def _print_table(findings: list[DocumentFinding]) -> None:
    from veiviser.pii.scanner import KIND_NAMES

    console = Console()
    if not findings:
        console.print("Ingen personopplysninger funnet.")
        return
    show_page = any(f.from_loader for f in findings)
    table = Table(title=f"Fant {len(findings)} mulige personopplysninger")
    table.add_column("Type")
    if show_page:
        table.add_column("Side", justify="right")
    table.add_column("Posisjon", justify="right")
    table.add_column("Maskert verdi")
    for f in findings:
        row = [KIND_NAMES[f.finding.kind]]
        if show_page:
            row.append("" if f.page is None else str(f.page))
        row += [f"{f.finding.start}–{f.finding.end}", f.finding.masked]
        table.add_row(*row)
    console.print(table)
    console.print("Fjern eller masker disse før dokumentet lastes opp.")
