"""Values returned by the case store, and the errors it raises.

A case is keyed by a pseudonymous reference only; everything a case holds is
either a checklist answer, a role or service label, or free text that has
passed the PII guard.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from veiviser.core.errors import VeiviserError

CASE_STATUSES = ("open", "closed")
SPOR_SCORE_RANGE = (1, 9)  # the SPoR interview guide scores its questions 1-9


class CaseNotFoundError(VeiviserError, LookupError):
    def __init__(self, what: str) -> None:
        super().__init__(f"Fant ikke {what}. Sjekk id-en eller referansen, eller list sakene dine.")


class ConflictError(VeiviserError, RuntimeError):
    """Optimistic concurrency: the case changed since the caller read it."""

    def __init__(self, case_id: int, expected: int, current: int) -> None:
        self.case_id, self.expected, self.current = case_id, expected, current
        super().__init__(
            f"Sak {case_id} er endret av noen andre (du hadde versjon {expected}, nå er den {current}). "
            "Last saken på nytt og gjør endringen igjen."
        )


class CaseValidationError(VeiviserError, ValueError):
    """Input the store will not accept; the message says what is allowed."""

    exit_code = 2


class CaseClosedError(CaseValidationError):
    def __init__(self, case_id: int) -> None:
        super().__init__(f"Sak {case_id} er avsluttet. Gjenåpne den (status «open») før du endrer den.")


@dataclass(frozen=True)
class ItemAnswer:
    item_id: str
    value: Any  # JSON value: bool, number, string, list or object
    note: str
    answered_at: datetime
    answered_by: str


@dataclass(frozen=True)
class Actor:
    """A participant in the actor map, named by role or service, never by person."""

    id: int
    label: str
    role: str
    service: str
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class CaseNote:
    id: int
    text: str
    created_at: datetime
    author: str


@dataclass(frozen=True)
class SporRound:
    """One SPoR interview: scores 1-9 per question id, recorded together so rounds can be compared."""

    round_no: int
    recorded_at: datetime
    recorded_by: str
    scores: dict[str, int]


@dataclass(frozen=True)
class LearningLogEntry:
    """A learning-log entry in the action-learning cycle: what happened, why, what we try, what we learned."""

    id: int
    logged_at: datetime
    logged_by: str
    incident: str
    understanding: str = ""
    decision: str = ""
    evaluation: str = ""
    lesson: str = ""


@dataclass(frozen=True)
class CaseSummary:
    id: int
    reference: str
    pathway_id: str
    status: str
    owner: str
    created_at: datetime
    updated_at: datetime
    version: int
    answered_items: int


@dataclass(frozen=True)
class Case:
    id: int
    reference: str
    pathway_id: str
    status: str
    owner: str
    created_at: datetime
    updated_at: datetime
    version: int  # +1 on every change; pass it back as expected_version to detect conflicts
    answers: dict[str, ItemAnswer] = field(default_factory=dict)
    actors: tuple[Actor, ...] = ()
    notes: tuple[CaseNote, ...] = ()
    spor_rounds: tuple[SporRound, ...] = ()
    learning_log: tuple[LearningLogEntry, ...] = ()
    care_load: dict[str, Any] = field(default_factory=dict)  # inputs to the care-load calculator
