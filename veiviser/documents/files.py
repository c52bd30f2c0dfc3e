"""Which files are documents, and the id a file is known by."""

from __future__ import annotations

import unicodedata
from pathlib import Path

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".txt", ".md", ".markdown", ".html", ".htm"}


def source_name(path: Path) -> str:
    """The document id of a file: its name in NFC, so "å" written as a + combining ring is the same name."""
    return unicodedata.normalize("NFC", path.name)
