"""PII guard: find, mask and refuse Nordic ID numbers, phone numbers, e-mail addresses,
person names, birth dates and street addresses.

Use `guard()` before storing free text (`guard_reference()` for case references),
`mask()` before logging or sending text to an LLM, `mask_ids()` before indexing,
and `PiiMaskingFilter` on log handlers.
"""

from veiviser.pii.guard import PiiError, guard, guard_reference
from veiviser.pii.log_filter import PiiMaskingFilter
from veiviser.pii.scanner import (
    CONTACT_KINDS,
    CONTEXT_KINDS,
    ID_KINDS,
    KIND_NAMES,
    KINDS,
    MASK_LABELS,
    PiiFinding,
    contains_pii,
    mask,
    mask_ids,
    scan,
)

__all__ = [
    "CONTACT_KINDS",
    "CONTEXT_KINDS",
    "ID_KINDS",
    "KINDS",
    "KIND_NAMES",
    "MASK_LABELS",
    "PiiError",
    "PiiFinding",
    "PiiMaskingFilter",
    "contains_pii",
    "guard",
    "guard_reference",
    "mask",
    "mask_ids",
    "scan",
]
