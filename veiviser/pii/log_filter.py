"""A logging filter that masks personal data before any handler writes a record."""

from __future__ import annotations

import logging

from veiviser.pii.scanner import mask


class PiiMaskingFilter(logging.Filter):
    """Attach to a handler (or logger) so messages, their args and tracebacks are masked.

    The record is rendered once (`msg % args`), masked, and stored back with no
    args, so a number passed as an argument is caught just like one in the
    format string. Records are shared between handlers: the masking holds for
    every handler that sees the record after this filter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # bad format args: mask what we have rather than drop the record
            message = f"{record.msg} {record.args!r}"
        record.msg = mask(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
