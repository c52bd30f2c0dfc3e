"""Case store: resumable case records keyed by a pseudonymous reference (SQLite, audited)."""

from veiviser.cases.db import CaseDatabaseError
from veiviser.cases.models import (
    CASE_STATUSES,
    Actor,
    Case,
    CaseClosedError,
    CaseNote,
    CaseNotFoundError,
    CaseSummary,
    CaseValidationError,
    ConflictError,
    ItemAnswer,
    LearningLogEntry,
    SporRound,
)
from veiviser.cases.store import CaseStore

__all__ = [
    "CASE_STATUSES",
    "Actor",
    "Case",
    "CaseClosedError",
    "CaseDatabaseError",
    "CaseNote",
    "CaseNotFoundError",
    "CaseStore",
    "CaseSummary",
    "CaseValidationError",
    "ConflictError",
    "ItemAnswer",
    "LearningLogEntry",
    "SporRound",
]
