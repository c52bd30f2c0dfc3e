"""`veiviser kb validate|stats`: check and count the curated knowledge base."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from veiviser.cli.common import build_settings, err_console, print_json

if TYPE_CHECKING:
    from veiviser.kb.loader import KnowledgeBase

_COUNT_LABELS = {
    "sources": "kilder",
    "pathways": "forløp",
    "phases": "faser",
    "items": "sjekkpunkter",
    "rules": "regler",
    "roles": "rollekort",
    "legal_refs": "lovhenvisninger",
    "legal_refs_uncertain": "  herav usikre",
    "glossary_concepts": "ordlistebegreper",
    "requirement_sets": "kravsett",
    "requirements": "krav",
}


def register(app: typer.Typer) -> None:
    kb_app = typer.Typer(help="Det kuraterte kunnskapsgrunnlaget i kb/: kontroll og tall.", no_args_is_help=True)
    app.add_typer(kb_app, name="kb")

    @kb_app.command("validate")
    def validate(
        kb: Path = typer.Option(None, "--kb", help="kb-mappen (standard: VEIVISER_KB eller <repo>/kb)."),
        corpus: Path = typer.Option(
            None, "--corpus", help="Korpusmappen sitater sjekkes mot (standard: <repo>/../shared/corpus)."
        ),
        brief: Path = typer.Option(None, "--brief", help="Domenebriefen (standard: <repo>/../shared/domain/brief.md)."),
        skip_quotes: bool = typer.Option(False, "--skip-quotes", help="Ikke sjekk sitater mot kildene."),
        threshold: float = typer.Option(
            85.0, "--threshold", min=50, max=100, help="Minste fuzzy-treff (0-100) for sitater."
        ),
        json_out: bool = typer.Option(False, "--json", help="Skriv rapporten som JSON."),
    ) -> None:
        """Sjekk skjema, unike id-er, henvisninger, kilder og sitater. Avslutter med 1 ved feil."""
        from veiviser.kb.validate import default_brief_path, default_corpus_dir, validate_kb

        kb_dir = kb or build_settings().kb_dir
        report = validate_kb(
            kb_dir,
            corpus_dir=corpus or default_corpus_dir(),
            brief_path=brief or default_brief_path(),
            check_quotes=not skip_quotes,
            threshold=threshold,
        )
        if json_out:
            print_json(report.as_dict())
        else:
            for w in report.warnings:
                err_console.print(f"[yellow]advarsel:[/] {escape(w)}", highlight=False, soft_wrap=True)
            for p in report.problems:
                err_console.print(f"[red]feil:[/] {escape(str(p))}", highlight=False, soft_wrap=True)
            if report.ok:
                Console().print(
                    f"[green]kb er gyldig[/] ({kb_dir}): {report.counts.get('pathways', 0)} forløp, "
                    f"{report.counts.get('items', 0)} sjekkpunkter, {report.quotes_checked} sitater kontrollert.",
                    highlight=False,
                )
            else:
                err_console.print(f"[bold red]{len(report.problems)} feil i kb[/] ({kb_dir}).", highlight=False)
        raise typer.Exit(0 if report.ok else 1)

    @kb_app.command("stats")
    def stats(
        kb: Path = typer.Option(None, "--kb", help="kb-mappen (standard: VEIVISER_KB eller <repo>/kb)."),
        json_out: bool = typer.Option(False, "--json", help="Skriv tallene som JSON."),
    ) -> None:
        """Tell forløp, sjekkpunkter, rollekort, lovhenvisninger, begreper og krav."""
        from veiviser.kb.loader import read_kb

        kb_dir = kb or build_settings().kb_dir
        knowledge, problems = read_kb(kb_dir)
        counts = knowledge.counts()
        if json_out:
            print_json({"counts": counts, "problems": len(problems), "per_pathway": _per_pathway(knowledge)})
        else:
            table = Table(title=f"Kunnskapsgrunnlaget ({kb_dir})")
            table.add_column("hva")
            table.add_column("antall", justify="right")
            for key, value in counts.items():
                table.add_row(_COUNT_LABELS.get(key, key), str(value))
            Console().print(table)
            per = Table(title="Forløp")
            for col in ("id", "land", "faser", "sjekkpunkter"):
                per.add_column(col)
            for row in _per_pathway(knowledge):
                per.add_row(row["id"], row["jurisdiction"], str(row["phases"]), str(row["items"]))
            Console().print(per)
            if problems:
                err_console.print(
                    f"[yellow]advarsel:[/] {len(problems)} fil(er) kunne ikke leses; kjør `veiviser kb validate`."
                )
        raise typer.Exit(0)


class _PathwayRow(TypedDict):
    id: str
    jurisdiction: str
    phases: int
    items: int


def _per_pathway(knowledge: KnowledgeBase) -> list[_PathwayRow]:
    return [
        {"id": p.id, "jurisdiction": p.jurisdiction, "phases": len(p.phases), "items": len(p.items())}
        for p in knowledge.pathways
    ]
