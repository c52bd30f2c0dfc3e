"""`veiviser ask`: a cited answer from the index, for one question or a JSONL batch."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from veiviser.cli.common import build_settings, err_console, fail, print_json


def register(app: typer.Typer) -> None:
    @app.command()
    def ask(
        question: str = typer.Argument(None, help="The question, in nb, nn, sv, da or en."),
        json_out: bool = typer.Option(False, "--json", help="Print JSON (always on with --batch)."),
        lang: str = typer.Option(None, "--lang", help="Answer language (nb, nn, sv, da, en); default: detected."),
        llm: str = typer.Option(
            None, "--llm", help="extractive (default), ollama, openai or scripted; optionally NAME:MODEL."
        ),
        index: Path = typer.Option(None, "--index", help="Index directory."),
        batch: Path = typer.Option(
            None, "--batch", help="JSONL file of {id, question[, history]}; one JSON line out per line."
        ),
    ) -> None:
        """Answer a question from the indexed sources, with exact citations (or say it is not covered)."""
        from veiviser.app.answerers import make_answerer, parse_llm_choice
        from veiviser.app.services import build_services
        from veiviser.cli.common import read_batch
        from veiviser.core.types import LANGS

        if (question is None) == (batch is None):
            fail("Give either a QUESTION or --batch FILE.jsonl.", code=2)
        if lang is not None and lang not in LANGS:
            fail(f"--lang must be one of: {', '.join(LANGS)}", code=2)
        settings = build_settings(index)
        if llm:
            settings = parse_llm_choice(llm, settings)
        retriever = build_services(settings).retriever()
        answerer = make_answerer(settings, retriever)

        if batch is not None:
            for lineno, item in read_batch(batch):
                history = [str(h) for h in item.get("history") or [] if isinstance(h, str)]
                answer = answerer.answer(item["question"], lang=lang, history=history)
                print_json(answer.as_dict(qid=item.get("id", lineno)))
            return
        if json_out:
            print_json(answerer.answer(question, lang=lang).as_dict())
            return
        stream = answerer.stream(question, lang=lang)
        for piece in stream:
            sys.stdout.write(piece)
            sys.stdout.flush()
        sys.stdout.write("\n")
        _print_details(stream.answer)


def _print_details(answer) -> None:
    out = Console(highlight=False)
    for notice in answer.notices:
        err_console.print(f"[yellow]{escape(notice)}[/]")
    for claim in answer.unsupported:  # what the claim check removed from an LLM answer, and why
        err_console.print(f"[yellow][strike]{escape(claim.text)}[/strike] — {escape(claim.explained)}[/]")
    if answer.citations:
        out.print()
        for c in answer.citations:
            where = c.source + (f", s. {c.page}" if c.page else "") + (f" — {c.section}" if c.section else "")
            quote = " ".join(c.quote.split())
            out.print(f"[bold][{c.n}][/] [cyan]{escape(where)}[/]")
            out.print(f"    «{escape(quote[:400])}{'…' if len(quote) > 400 else ''}»")
    elif answer.abstained and answer.passages:
        out.print()
        for hit in answer.passages:
            ch = hit.chunk
            where = ch.source + (f", s. {ch.page}" if ch.page else "") + (f" — {ch.section}" if ch.section else "")
            snippet = " ".join(ch.text.split())
            out.print(f"[bold]{hit.rank}.[/] [cyan]{escape(where)}[/]")
            out.print(f"    {escape(snippet[:300])}{'…' if len(snippet) > 300 else ''}")
