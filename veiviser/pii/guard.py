"""Refuse personal data where it must never be stored (case records, audit details, feedback).

A refusal says what was found (the kinds, never the values) and what to write
instead, so staff can rephrase rather than guess what tripped the guard.
"""

from __future__ import annotations

from collections.abc import Iterable

from veiviser.core.errors import VeiviserError
from veiviser.pii.kinds import KIND_NAMES, KINDS, advice_for
from veiviser.pii.names import reference_has_name
from veiviser.pii.scanner import scan


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " og " + words[-1]


class PiiError(VeiviserError, ValueError):
    """Text holds personal data. The message names the kinds found and what to write instead, never the values."""

    exit_code = 2

    def __init__(self, kinds: Iterable[str], field: str | None = None, *, exit_code: int | None = None) -> None:
        found = set(kinds)
        self.kinds: tuple[str, ...] = tuple(k for k in KINDS if k in found)
        self.field = field
        self.advice: tuple[str, ...] = tuple(advice_for(self.kinds))
        where = f"Feltet «{field}»" if field else "Teksten"
        instead = "; ".join(self.advice) if self.advice else "fjern personopplysningene"
        super().__init__(
            f"{where} inneholder personopplysninger ({_listed([KIND_NAMES[k] for k in self.kinds])}) "
            f"og ble ikke lagret. Skriv om og prøv igjen: {instead}.",
            exit_code=exit_code,
        )


def guard(text: str, field: str | None = None) -> None:
    """Raise PiiError if `text` contains personal data; `field` names the input in the message."""
    findings = scan(text)
    if findings:
        raise PiiError((f.kind for f in findings), field=field)


def guard_reference(reference: str, field: str | None = None) -> None:
    """Raise PiiError if a case reference holds personal data, a name included.

    A reference is a code ("KE-2024-017"), so it is held to a stricter rule than
    free text: a known first name anywhere in it counts, whatever the case or the
    separators ("OlaNordmann", "kari-2024", "Ola Nordmann").
    """
    kinds = {f.kind for f in scan(reference)}
    if reference_has_name(reference):
        kinds.add("name")
    if kinds:
        raise PiiError(kinds, field=field)
