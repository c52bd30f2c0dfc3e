"""PII guard: find, mask and refuse Nordic ID numbers, phone numbers and e-mail addresses.

Use `guard()` before storing free text, `mask()` before logging or sending
text to an LLM, and `PiiMaskingFilter` on log handlers.
"""

from veiviser.pii.guard import PiiError, guard
from veiviser.pii.log_filter import PiiMaskingFilter
from veiviser.pii.scanner import (
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
    "ID_KINDS",
    "KINDS",
    "KIND_NAMES",
    "MASK_LABELS",
    "PiiError",
    "PiiFinding",
    "PiiMaskingFilter",
    "contains_pii",
    "guard",
    "mask",
    "mask_ids",
    "scan",
]
