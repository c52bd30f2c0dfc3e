"""`veiviser course`: a timed training module on a topic, with cited key points, a case and a quiz."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from veiviser.cli.common import build_settings, err_console, print_json


def register(app: typer.Typer) -> None:
    @app.command()
    def course(
        topic: str = typer.Option(..., "--topic", help='What the session is about, e.g. "koordinatorrollen".'),
        audience: str = typer.Option(..., "--audience", help='Who it is for, e.g. "nye koordinatorer".'),
        minutes: int = typer.Option(45, "--minutes", help="Length of the session (15–240)."),
        lang: str = typer.Option("nb", "--lang", help="nb, nn, sv, da or en (sv/da draw on the Swedish/Danish kb)."),
        out: Path = typer.Option(None, "--out", help="Write the module to .md, .docx or .pptx."),
        json_out: bool = typer.Option(False, "--json", help="Print the module as JSON."),
        llm: str = typer.Option(
            None, "--llm", help="Reword key points with ollama, openai or scripted (NAME:MODEL); sources checked."
        ),
        index: Path = typer.Option(None, "--index", help="Index directory (default: $VEIVISER_HOME/index)."),
        no_index: bool = typer.Option(False, "--no-index", help="Build from the kb only, without searching the index."),
    ) -> None:
        """Build a training module: goals, cited key points, a case to discuss, a quiz and a facilitator's guide."""
        from veiviser.app.services import course_builder

        settings = build_settings(index)
        if llm:
            from veiviser.app.answerers import parse_llm_choice

            settings = parse_llm_choice(llm, settings)
        fmt = None
        if out is not None:
            from veiviser.course.export import format_for

            fmt = format_for(out)
        module = course_builder(settings, use_index=not no_index).build(topic, audience, minutes=minutes, lang=lang)
        if out is not None:
            from veiviser.core.private_files import write_private
            from veiviser.course.export import render_course

            write_private(out, render_course(module, fmt))
            err_console.print(f"Kursmodul skrevet til {escape(str(out))}", highlight=False)
        for notice in module.notices:
            err_console.print(f"[yellow]{escape(notice)}[/]", highlight=False)
        if json_out:
            print_json(module.as_dict())
        elif out is None:
            from veiviser.course.export import course_document
            from veiviser.reports.exports import to_markdown

            Console(highlight=False).print(escape(to_markdown(course_document(module))))
