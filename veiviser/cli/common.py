"""Helpers shared by the command modules: settings, console output, errors."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console
from typer.core import TyperGroup

from veiviser.core.config import Settings
from veiviser.core.errors import VeiviserError
from veiviser.pii import mask_ids


class _MaskingConsole(Console):
    """A console that never prints a full national ID number (a file name or a message may hold one)."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*(mask_ids(o) if isinstance(o, str) else o for o in objects), **kwargs)


err_console = _MaskingConsole(stderr=True)


def build_settings(index: Path | None = None, **overrides: Any) -> Settings:
    """Settings from the environment plus CLI flags; a bad value raises ConfigError (exit 2, see `CommandGroup`)."""
    return Settings.from_env(index_dir=index, **overrides)


def fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


class CommandGroup(TyperGroup):
    """The root command group: a `VeiviserError` from any command ends it with its message and `exit_code`.

    This is the one place the CLI handles library errors; commands only call `fail()`
    for problems with their own arguments.
    """

    def invoke(self, ctx: Any) -> Any:  # Any: typer types it with its vendored click's Context
        try:
            return super().invoke(ctx)
        except VeiviserError as exc:
            fail(str(exc), code=exc.exit_code)


def print_json(obj: Any) -> None:
    sys.stdout.write(mask_ids(json.dumps(obj, ensure_ascii=False)) + "\n")  # no full ID number, ever
    sys.stdout.flush()


def read_batch(path: Path):
    """Yield (line number, item) from a JSONL file of {"id", "question"}; a bad line ends the command."""
    if not path.exists():
        fail(f"{path}: no such file", code=2)
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                fail(f"{path}:{lineno}: not valid JSON ({exc.msg})", code=2)
            if not isinstance(item, dict) or not isinstance(item.get("question"), str):
                fail(f'{path}:{lineno}: each line needs a "question" string (and an "id")', code=2)
            yield lineno, item
    sys.stdout.flush()
