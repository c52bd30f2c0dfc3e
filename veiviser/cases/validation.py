"""Input rules for the case store, checked before anything is written.

Every string a user typed goes through the PII guard; identifiers that come
from the checklists (pathway, item, question ids) must look like identifiers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from veiviser.cases.models import SPOR_SCORE_RANGE, CaseValidationError
from veiviser.pii import guard, guard_reference

REFERENCE_RE = re.compile(r"[^\W_][\w-]{2,39}")
IDENTIFIER_RE = re.compile(r"[\w][\w.:/-]{0,99}")
MAX_TEXT = 10_000
MAX_LABEL = 200
MAX_JSON_DEPTH = 5


_REFERENCE_FORM = (
    "Saksreferansen må være 3–40 tegn: bokstaver, sifre, - eller _ (ingen mellomrom), "
    "for eksempel «KE-2024-017». Bruk aldri navn eller fødselsnummer."
)


class ReferenceFormatError(CaseValidationError):
    """A case reference that is not 3-40 letters, digits, '-' or '_' (starting with a letter or digit)."""


def reference(value: str) -> str:
    """3-40 letters, digits, '-' or '_', starting with a letter or digit, and no personal data."""
    if not isinstance(value, str):
        raise ReferenceFormatError(_REFERENCE_FORM)
    guard_reference(value, field="saksreferanse")  # first, so a name is refused as a name, not as malformed
    if not REFERENCE_RE.fullmatch(value):
        raise ReferenceFormatError(_REFERENCE_FORM)
    return value


def typed_reference(value: str, *, field: str) -> str:
    """A new case's reference as typed into a form: trimmed, then PII-guarded before its form is checked.

    The guard goes first so a name or a national ID number is refused as personal data
    (PiiError naming `field`), never merely as malformed; ReferenceFormatError otherwise.
    """
    value = value.strip()
    guard_reference(value, field=field)
    if not REFERENCE_RE.fullmatch(value):
        raise ReferenceFormatError(_REFERENCE_FORM)
    return value


def identifier(value: str, what: str) -> str:
    if not isinstance(value, str) or not IDENTIFIER_RE.fullmatch(value):
        raise CaseValidationError(f"Ugyldig {what} {value!r}: bruk 1–100 tegn av bokstaver, sifre og . : / - _")
    return value


def free_text(value: str, field: str, max_len: int = MAX_TEXT, required: bool = False) -> str:
    if not isinstance(value, str):
        raise CaseValidationError(f"Feltet «{field}» må være tekst.")
    if required and not value.strip():
        raise CaseValidationError(f"Feltet «{field}» kan ikke være tomt.")
    if len(value) > max_len:
        raise CaseValidationError(f"Feltet «{field}» er for langt (høyst {max_len} tegn).")
    guard(value, field=field)
    return value


def json_value(value: Any, field: str, depth: int = 0) -> Any:
    """A JSON-able value (bool, number, text, list, object) whose texts and keys pass the PII guard."""
    if depth > MAX_JSON_DEPTH:
        raise CaseValidationError(f"Verdien i «{field}» er for dypt nøstet.")
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise CaseValidationError(f"Verdien i «{field}» må være et endelig tall.")
        return value
    if isinstance(value, str):
        return free_text(value, field)
    if isinstance(value, list | tuple):
        return [json_value(v, field, depth + 1) for v in value]
    if isinstance(value, Mapping):
        return {free_text(str(k), field, MAX_LABEL): json_value(v, field, depth + 1) for k, v in value.items()}
    raise CaseValidationError(
        f"Verdien i «{field}» har typen {type(value).__name__}; bruk ja/nei, tall, tekst, liste eller objekt."
    )


def spor_score(question_id: str, score: Any) -> tuple[str, int]:
    low, high = SPOR_SCORE_RANGE
    if isinstance(score, bool) or not isinstance(score, int) or not low <= score <= high:
        raise CaseValidationError(f"SPoR-skår for {question_id!r} må være et heltall fra {low} til {high}.")
    return identifier(question_id, "spørsmåls-id"), score
