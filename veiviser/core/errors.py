"""The one base class for the errors Veiviser raises on purpose.

Every such error carries a message written for the person at the keyboard (what
happened and what to do), so the shells need no per-error handling: the CLI and
the app each catch `VeiviserError` once and show `str(err)`; the CLI then exits
with `exit_code`. Each error class also keeps the builtin base (`ValueError`,
`RuntimeError`, ...) it had, so existing `except ValueError:` code still works.
"""

from __future__ import annotations


class VeiviserError(Exception):
    """An error with a user-facing message and the CLI exit code it ends the command with.

    `exit_code` is 1 (an operation failed) unless a subclass sets another, e.g. 2 for a
    setting or argument the user must change; `exit_code=` overrides it for one instance.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message
