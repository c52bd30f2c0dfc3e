"""Errors raised by ingestion, worded for the person who ran the command.

A `LoadError` always names the file and says in one line what went wrong and
what to do about it, so the CLI and the app can show it as is.
"""

from __future__ import annotations

from pathlib import Path

from veiviser.core.errors import VeiviserError

OCR_PACKAGES_DEBIAN = "ocrmypdf tesseract-ocr tesseract-ocr-nor tesseract-ocr-swe tesseract-ocr-dan"
SUPPORTED_TYPES = "PDF, DOCX, TXT, Markdown (.md) and HTML"


class IngestError(VeiviserError):
    """Base class for everything ingestion raises on purpose."""


class LoadError(IngestError):
    """A file could not be turned into a document; `message` tells the user what to do.

    `str()` puts the file name first ("report.pdf: ..."), which is what the shells show.
    """

    exit_code = 2

    def __init__(self, path: Path | str, message: str, *, exit_code: int | None = None) -> None:
        self.path = Path(path)
        super().__init__(message, exit_code=exit_code)

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


class ChunkingConfigError(IngestError, ValueError):
    """Chunk sizes that cannot work together (e.g. overlap not smaller than the target)."""

    exit_code = 2
