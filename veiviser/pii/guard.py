"""Refuse personal data where it must never be stored (case records, audit details)."""

from __future__ import annotations

from collections.abc import Iterable

from veiviser.core.errors import VeiviserError
from veiviser.pii.scanner import KIND_NAMES, KINDS, scan


class PiiError(VeiviserError, ValueError):
    """Text holds personal data. The message names the kinds found, never the values."""

    exit_code = 2

    def __init__(self, kinds: Iterable[str], field: str | None = None, *, exit_code: int | None = None) -> None:
        found = set(kinds)
        self.kinds: tuple[str, ...] = tuple(k for k in KINDS if k in found)
        self.field = field
        names = [KIND_NAMES[k] for k in self.kinds]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
        where = f"Feltet «{field}»" if field else "Teksten"
        super().__init__(
            f"{where} inneholder personopplysninger ({listed}) og ble ikke lagret. "
            "Fjern dem og prøv igjen; bruk en pseudonym saksreferanse i stedet for navn, "
            "ID-nummer eller kontaktopplysninger.",
            exit_code=exit_code,
        )


def guard(text: str, field: str | None = None) -> None:
    """Raise PiiError if `text` contains personal data; `field` names the input in the message."""
    findings = scan(text)
    if findings:
        raise PiiError((f.kind for f in findings), field=field)
