"""`veiviser search`: hybrid search from the terminal, one query or a JSONL batch."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from veiviser.cli.common import build_settings, err_console, fail, print_json, read_batch
from veiviser.pii import mask_ids


def register(app: typer.Typer) -> None:
    @app.command()
    def search(
        query: str = typer.Argument(None, help="What to search for."),
        k: int = typer.Option(10, "--k", min=1, max=200, help="How many results."),
        json_out: bool = typer.Option(False, "--json", help="Print JSON."),
        index: Path = typer.Option(None, "--index", help="Index directory."),
        batch: Path = typer.Option(None, "--batch", help="JSONL file of {id, question}; one JSON line out per line."),
        lang: list[str] = typer.Option(None, "--lang", help="Only chunks in these languages (repeatable)."),
        doc: list[str] = typer.Option(None, "--doc", help="Only these documents (file names; repeatable)."),
        doc_type: list[str] = typer.Option(None, "--type", help="Only these document types (pdf, docx, txt, kb...)."),
    ) -> None:
        """Search the index (lexical + dense, fused)."""
        from veiviser.app.services import build_services
        from veiviser.core.types import SearchFilters

        if (query is None) == (batch is None):
            fail("Give either a QUERY or --batch FILE.jsonl.", code=2)
        settings = build_settings(index)
        filters = None
        if lang or doc or doc_type:
            filters = SearchFilters(tuple(lang or ()) or None, tuple(doc or ()) or None, tuple(doc_type or ()) or None)
        retriever = build_services(settings).retriever()
        if batch is not None:
            for lineno, item in read_batch(batch):
                hits = retriever.search(item["question"], k=k, filters=filters)
                print_json({"id": item.get("id", lineno), "results": [_shown(h) for h in hits]})
            return
        hits = retriever.search(query, k=k, filters=filters)
        if json_out:
            print_json({"query": mask_ids(query), "results": [_shown(h) for h in hits]})
            return
        if not hits:
            err_console.print("No results.")
        for h in hits:
            c = h.chunk
            where = f"{c.source}" + (f", s. {c.page}" if c.page else "") + (f" — {c.section}" if c.section else "")
            err_console.print(f"[bold]{h.rank}.[/] [cyan]{escape(where)}[/] [dim]({c.lang}, {h.score:.4f})[/]")
            snippet = " ".join(mask_ids(c.text).split())
            err_console.print("   " + escape(snippet[:300] + ("…" if len(snippet) > 300 else "")))


def _shown(hit) -> dict:
    """A search result as printed: a national ID number in the passage is never printed in full."""
    result = hit.as_result()
    result["text"] = mask_ids(result["text"])
    return result
