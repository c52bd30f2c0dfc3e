"""Scan a file staff want to upload: plain text as read, PDF/DOCX/HTML through the ingest loaders.

Offsets must point somewhere staff can look: for plain text that is the
decoded file; for loaded formats it is the extracted text of one page (its
blocks joined by blank lines), reported with the page number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from veiviser.core.types import LoadedDocument
from veiviser.pii.scanner import PiiFinding, scan

LOADER_SUFFIXES = frozenset({".pdf", ".docx", ".pptx", ".html", ".htm"})
BLOCK_JOINER = "\n\n"

Loader = Callable[..., LoadedDocument]


@dataclass(frozen=True)
class PageText:
    """Extracted text of one page; `page` is None for formats without pages (DOCX, HTML)."""

    page: int | None
    text: str


@dataclass(frozen=True)
class DocumentFinding:
    finding: PiiFinding
    page: int | None
    from_loader: bool  # offsets are into extracted page text, so the page is reported

    def as_dict(self) -> dict[str, Any]:
        out = self.finding.as_dict()
        if self.from_loader:
            out["page"] = self.page
        return out


def needs_loader(path: Path) -> bool:
    return path.suffix.lower() in LOADER_SUFFIXES


def decode_text(data: bytes) -> str:
    """UTF-8 (a BOM is dropped); Windows-1252 for older Nordic files that are not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def document_pages(doc: LoadedDocument) -> list[PageText]:
    """Group a loaded document's blocks by page; boundary blocks (no text) are skipped."""
    pages: list[PageText] = []
    current_page: int | None = None
    texts: list[str] = []
    for block in doc.blocks:
        if not block.text:
            continue
        if texts and block.page != current_page:
            pages.append(PageText(current_page, BLOCK_JOINER.join(texts)))
            texts = []
        current_page = block.page
        texts.append(block.text)
    if texts:
        pages.append(PageText(current_page, BLOCK_JOINER.join(texts)))
    return pages


def scan_pages(pages: Iterable[PageText]) -> list[DocumentFinding]:
    return [DocumentFinding(f, p.page, from_loader=True) for p in pages for f in scan(p.text)]


def scan_file(path: Path, *, load: Loader | None = None, **load_options: Any) -> list[DocumentFinding]:
    """Findings in a file. `load` defaults to `veiviser.documents.loaders.load_file`; options go to it.

    Raises OSError when the file cannot be read and the loader's own errors
    (veiviser.documents.errors.LoadError) when a PDF/DOCX cannot be parsed.
    """
    if not needs_loader(path):
        return [DocumentFinding(f, None, from_loader=False) for f in scan(decode_text(path.read_bytes()))]
    if load is None:
        from veiviser.documents.loaders import load_file

        load = load_file
    return scan_pages(document_pages(load(path, **load_options)))
