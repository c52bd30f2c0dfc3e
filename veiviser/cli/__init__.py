"""The `veiviser` command: a thin shell over the core.

Each `cmd_*.py` module in this package defines `register(app)` and is picked
up automatically, so command groups stay in their own small modules. Errors the
library raises on purpose (`VeiviserError`) are caught once, by `CommandGroup`:
the message goes to stderr and the command exits with the error's `exit_code`.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import sys

import typer

from veiviser.cli.common import CommandGroup

app = typer.Typer(
    cls=CommandGroup,
    name="veiviser",
    help="Veiviser: cited answers and case checklists for coordinated services.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging on stderr."),
) -> None:
    from veiviser.pii import PiiMaskingFilter

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(PiiMaskingFilter())  # ID numbers, phones and e-mails never reach the log
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        handlers=[handler],
    )


def _register_commands() -> None:
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if mod.name.startswith("cmd_"):
            importlib.import_module(f"{__name__}.{mod.name}").register(app)


_register_commands()


def main() -> None:
    app()
