"""`veiviser status`: what the live index holds."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from veiviser.cli.common import build_settings, err_console, print_json
from veiviser.pii import mask_ids


def register(app: typer.Typer) -> None:
    @app.command()
    def status(
        index: Path = typer.Option(None, "--index", help="Index directory."),
        json_out: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Documents, chunk counts, languages, embedder, version and last ingest of the live index."""
        from veiviser.index.versions import IndexManager
        from veiviser.retrieval.status import index_status

        settings = build_settings(index)
        info = index_status(IndexManager(settings))
        if json_out:
            print_json(info)
            raise typer.Exit(0 if info["version"] else 1)
        if not info["version"]:
            err_console.print(f"No index at {info['index']}. Build one with `veiviser ingest PATH`.")
            raise typer.Exit(1)
        table = Table(title=f"Index {info['index']} — version {info['version']}")
        for col in ("document", "type", "lang", "pages", "chunks", "error"):
            table.add_column(col, overflow="fold")
        for d in info["documents"]:
            table.add_row(
                mask_ids(d["source"]),
                d["doc_type"],
                d["lang"],
                str(d["pages"] or ""),
                str(d["chunks"]),
                mask_ids(d.get("error") or ""),
            )
        err_console.print(table)
        for d in info["documents"]:
            if d.get("instruction_passages"):
                err_console.print(
                    f"[yellow]{escape(d['source'])}: {d['instruction_passages']} passage(s) address an AI or try to "
                    "change its instructions; they are never quoted as answers. Check the document's origin.[/]"
                )
        langs = ", ".join(f"{k}: {v}" for k, v in info["languages"].items())
        err_console.print(
            f"{info['chunks']} chunks ({info['windows']} passage windows, {info['sentences']} sentence vectors); languages {langs}; embedder {info['embedder']}; last ingest {info['last_ingest']}"
        )
