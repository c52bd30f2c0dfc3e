"""A logging filter that masks personal data before any handler writes a record."""

from __future__ import annotations

import logging
import threading

from veiviser.pii.kinds import CONTACT_KINDS, ID_KINDS
from veiviser.pii.scanner import mask

_inside = threading.local()
# Kinds that need no word lists: what a record logged while the filter is already at work is masked for.
_LISTLESS_KINDS = ID_KINDS | CONTACT_KINDS


class PiiMaskingFilter(logging.Filter):
    """Attach to a handler (or logger) so messages, their args and tracebacks are masked.

    The record is rendered once (`msg % args`), masked, and stored back with no
    args, so a number passed as an argument is caught just like one in the
    format string. Records are shared between handlers: the masking holds for
    every handler that sees the record after this filter. A record logged from
    inside the masking itself (a library logging while the name list loads) is
    masked for ID numbers, phone numbers and e-mail addresses only, so the filter
    never calls itself without end.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        kinds = _LISTLESS_KINDS if getattr(_inside, "active", False) else None
        _inside.active = True
        try:
            self._mask_record(record, kinds)
        finally:
            _inside.active = kinds is not None
        return True

    @staticmethod
    def _mask_record(record: logging.LogRecord, kinds: frozenset[str] | None) -> None:
        try:
            message = record.getMessage()
        except Exception:  # bad format args: mask what we have rather than drop the record
            message = f"{record.msg} {record.args!r}"
        record.msg = mask(message, kinds)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text, kinds)
        if record.stack_info:
            record.stack_info = mask(record.stack_info, kinds)
